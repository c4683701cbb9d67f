// libFuzzer target: a CloudFormation/SAM template end to end through the driver (lint_text):
// bytes → document → intrinsic evaluator (Ref, GetAtt, Sub, Join, If, FindInMap, Select, Split,
// ...) → SAM expansion → model facets → IAM → every rule → findings. Seeds: fixtures/rules/.
#include "analyzer/driver.h"
#include "rules/registry.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const lint::DriverOptions options = [] {
    lint::DriverOptions driver_options;
    driver_options.explicitly_named = true; // lint every input, not only template-looking ones
    return driver_options;
  }();
  std::string bytes(reinterpret_cast<const char*>(data), size);
  const lint::UnitResult result = lint::lint_text("fuzz.yaml", std::move(bytes), lint::rules::all(), options);
  // Internal errors are caught exceptions: a rule or the frontend threw on this input. They are
  // bugs the driver hides from users, so the fuzzer treats them as crashes.
  if (!result.internal_errors.empty()) {
    __builtin_trap();
  }
  return 0;
}
