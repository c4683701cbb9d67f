// The least-privilege fixes of the LL3xx rules (rules/common/iam_rule_helpers.h), applied to the
// bad fixtures, YAML and JSON, and linted again: the findings they fix are gone and the template
// still parses.

#include "analyzer/driver.h"
#include "rules/registry.h"
#include "tests/fix_support.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lint;

namespace {

using lint::test::apply;
using lint::test::lint_with;
using lint::test::read_fixture;

struct FixCase {
  std::string_view rule;
  std::string fixture;
};

} // namespace

TEST_CASE("LL3xx least-privilege fixes, applied one at a time, remove every finding (YAML and JSON)")
{
  const FixCase cases[] = {
    {"LL301", "fixtures/rules/permissions/missing_event_source_permission/bad_clusters.yaml"},
    {"LL303", "fixtures/rules/permissions/missing_dead_letter_permission/bad_dead_letter.yaml"},
    {"LL304", "fixtures/rules/permissions/missing_destination_permission/bad_destinations.yaml"},
    {"LL305", "fixtures/rules/permissions/missing_tracing_permission/bad_tracing.yaml"},
    {"LL307", "fixtures/rules/permissions/missing_kms_permission/bad_kms.yaml"},
    {"LL303", "fixtures/rules/permissions/missing_dead_letter_permission/bad_fix_dead_letter.json"},
    {"LL305", "fixtures/rules/permissions/missing_tracing_permission/bad_fix_tracing.json"},
    {"LL306", "fixtures/rules/permissions/missing_logs_permission/bad_fix_logs.json"},
    {"LL307", "fixtures/rules/permissions/missing_kms_permission/bad_fix_kms.json"},
  };
  for (const FixCase& fix_case : cases) {
    CAPTURE(fix_case.fixture);
    std::string text = read_fixture(fix_case.fixture);
    const std::string path = fix_case.fixture.ends_with(".json") ? "t.json" : "t.yaml";
    const UnitResult before = lint_with(path, text, {fix_case.rule});
    REQUIRE_FALSE(before.findings.empty());
    std::size_t fixed = 0;
    for (int round = 0; round < 20; ++round) {
      const UnitResult result = lint_with(path, text, {fix_case.rule});
      const auto with_fix = std::find_if(result.findings.begin(), result.findings.end(), [](const Finding& f) { return f.fix.has_value(); });
      if (with_fix == result.findings.end()) {
        break;
      }
      text = apply(text, *with_fix->fix);
      ++fixed;
    }
    CHECK(fixed > 0);
    const UnitResult after = lint_with(path, text, {"LL001", "LL002", "LL003", fix_case.rule});
    std::string left;
    for (const Finding& finding : after.findings) {
      left += fmt::format("{} {}\n", finding.rule_id, finding.message);
    }
    INFO(text);
    INFO(left);
    CHECK(after.findings.empty());
  }
}
