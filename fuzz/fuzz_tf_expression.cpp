// libFuzzer target: the Terraform expression evaluator (analyzer/terraform/evaluator.cpp) on one
// expression. The input is placed as a local's value, read by a function's arguments and by an
// output, so operations, templates, for expressions, functions and references are all evaluated
// (fuzz_hcl mutates whole files; most of its inputs never reach deep expressions). Depth and the
// evaluation budget must end every input quickly, with no crash.
#include "analyzer/terraform/frontend.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view expression(reinterpret_cast<const char*>(data), size);
  std::string text = "variable \"v\" {\n  default = [1, \"a\", {k = true}]\n}\nlocals {\n  e = ";
  text += expression;
  text += "\n  d = \"${local.e}${local.e}\"\n}\n"
          "resource \"aws_lambda_function\" \"f\" {\n  function_name = local.d\n  timeout = local.e\n"
          "  environment {\n    variables = { A = local.e }\n  }\n}\noutput \"o\" {\n  value = local.e\n}\n";
  const auto model = lint::terraform::build_model_from_text("/fuzz/main.tf", std::move(text));
  return model == nullptr ? 0 : 0;
}
