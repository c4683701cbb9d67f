// The front-end list (analyzer/frontends.h): which front end claims each kind of input, and that
// every command's entry point (analyze_path) reaches the same findings as lint_file.

#include "analyzer/driver.h"
#include "analyzer/frontends.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace {

using namespace lint;

const std::string k_root = LINT_SOURCE_DIR;

DriverOptions named()
{
  DriverOptions options;
  options.explicitly_named = true;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1};
  return options;
}

std::string claimed_by(const std::string& path, const DriverOptions& options = named())
{
  const AnalyzedUnit unit = analyze_path(path, rules::all(), options);
  if (unit.elsewhere) {
    return "elsewhere";
  }
  return unit.frontend != nullptr ? std::string(unit.frontend->name) : std::string("none");
}

std::vector<std::string> rule_ids(const std::vector<Finding>& findings)
{
  std::vector<std::string> ids;
  for (const Finding& finding : findings) {
    ids.emplace_back(finding.rule_id);
  }
  return ids;
}

} // namespace

TEST_CASE("frontends: one list, asked in order, names every kind of input")
{
  std::vector<std::string> names;
  for (const Frontend& frontend : frontends()) {
    names.emplace_back(frontend.name);
  }
  CHECK(names == std::vector<std::string>{"terraform-module", "terraform-plan", "aws-cli-export", "cdk-assembly", "serverless", "cloudformation"});
  CHECK(find_frontend("cloudformation") == &frontends().back());
  CHECK(find_frontend("cdk") == nullptr);
  CHECK(is_terraform_file("infra/main.tf"));
  CHECK(is_terraform_file("infra/main.tf.json"));
  CHECK_FALSE(is_terraform_file("infra/plan.json"));
}

TEST_CASE("frontends: each input is claimed by its front end")
{
  CHECK(claimed_by(k_root + "/fixtures/rules/invoke/missing_invoke_permission/good_permissions.yaml") == "cloudformation");
  CHECK(claimed_by(k_root + "/fixtures/terraform/plan_module") == "terraform-module");
  CHECK(claimed_by(k_root + "/fixtures/terraform/json_module") == "terraform-module");
  CHECK(claimed_by(k_root + "/fixtures/terraform/plan_module/plan.json") == "terraform-plan");
  CHECK(claimed_by(k_root + "/fixtures/terraform/plan_module/state.json") == "terraform-plan");
  CHECK(claimed_by(k_root + "/fixtures/audit/snapshot/list-functions.json") == "aws-cli-export");
  CHECK(claimed_by(k_root + "/fixtures/audit/stacks/get-template-object.json") == "aws-cli-export");
  CHECK(claimed_by(k_root + "/fixtures/cdk/orders/cdk.out/OrdersStack.template.json") == "cdk-assembly");
  CHECK(claimed_by(k_root + "/fixtures/serverless/orders/serverless.yml") == "serverless");
  // Found by a walk beside its module's .tf files, a plan is analysed with the module.
  DriverOptions walked = named();
  walked.explicitly_named = false;
  CHECK(claimed_by(k_root + "/fixtures/terraform/plan_module/plan.json", walked) == "elsewhere");
  // YAML that is no template, export or plan: nobody's.
  const AnalyzedUnit other = analyze_text("other.yaml", "just: yaml\n", rules::all(), named());
  CHECK(other.frontend == nullptr);
  CHECK(other.model == nullptr);
  CHECK_FALSE(other.result.linted);
  // Text that only looks like a plan (its keys, no object behind them) is passed on, and as a
  // named .json file with a syntax error it is the template front end's LL001.
  const AnalyzedUnit fake = analyze_text("fake.json", R"({"format_version": "1.0", "terraform_version": "1.9", "values": )", rules::all(), named());
  REQUIRE(fake.frontend != nullptr);
  CHECK(fake.frontend->name == "cloudformation");
  REQUIRE_FALSE(fake.result.findings.empty());
  CHECK(fake.result.findings.front().rule_id == "LL001");
}

TEST_CASE("frontends: analyze_path keeps the model and finds what lint_file finds")
{
  for (const std::string& path : {k_root + "/fixtures/terraform/plan_module", k_root + "/fixtures/terraform/plan_module/plan.json",
                                 k_root + "/fixtures/audit/stacks/get-template-object.json"}) {
    CAPTURE(path);
    const AnalyzedUnit unit = analyze_path(path, rules::all(), named());
    REQUIRE(unit.model != nullptr);
    CHECK_FALSE(unit.model->functions.empty());
    CHECK(rule_ids(unit.result.findings) == rule_ids(lint_file(path, rules::all(), named()).findings));
  }
}

TEST_CASE("frontends: suppressed findings leave the pipeline only when asked for")
{
  const std::string text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
                           "    Properties:\n      # lambdalint:ignore LL004 a tool we do not control writes it\n"
                           "      Timout: 30\n";
  const auto ll004 = [](const UnitResult& result) {
    return std::count_if(result.findings.begin(), result.findings.end(), [](const Finding& finding) { return finding.rule_id == "LL004"; });
  };
  const UnitResult dropped = lint_text("t.yaml", text, rules::all(), named());
  CHECK(ll004(dropped) == 0);
  DriverOptions keep = named();
  keep.include_suppressed = true;
  const UnitResult kept = lint_text("t.yaml", text, rules::all(), keep);
  REQUIRE(ll004(kept) == 1);
  const auto found = std::find_if(kept.findings.begin(), kept.findings.end(), [](const Finding& finding) { return finding.rule_id == "LL004"; });
  REQUIRE(found->suppression.has_value());
  CHECK(found->suppression->via == "comment");
  CHECK(found->suppression->justification == "a tool we do not control writes it");
}
