// --respect-other-tools reads tfsec's and trivy's ignore comments in HCL (issue 17), through the
// same mapping as checkov's (analyzer/suppression_directives.cpp).

#include "analyzer/driver.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace lint;

namespace {

std::vector<std::string> tracing_findings(bool respect_other_tools)
{
  DriverOptions options;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1}; // the day expiries are judged
  options.selection.enable.insert("LL803");
  options.policy.respect_other_tools = respect_other_tools;
  options.policy.known_rules = rules::all();
  const Rule* only[] = {rules::find("LL803")};
  REQUIRE(only[0] != nullptr);
  const UnitResult result =
    lint_terraform_module((fs::path(LINT_SOURCE_DIR) / "fixtures" / "terraform" / "other_tools_ignores").string(), only, options);
  std::vector<std::string> out;
  for (const Finding& finding : result.findings) {
    out.push_back(finding.resource);
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("terraform: tfsec and trivy ignore comments suppress the mapped rule with --respect-other-tools")
{
  CHECK(tracing_findings(false) == std::vector<std::string>{"aws_lambda_function.expired", "aws_lambda_function.legacy",
                                                            "aws_lambda_function.plain", "aws_lambda_function.traced_elsewhere"});
  // The expired ignore (:exp:2020-01-01) no longer applies.
  CHECK(tracing_findings(true) == std::vector<std::string>{"aws_lambda_function.expired", "aws_lambda_function.plain"});
}
