// `terraform show -json` plans and state (analyzer/terraform/plan_frontend): recognised by
// content, mapped through the same facets as HCL, located on the .tf lines when the module sits
// beside the JSON file and inside the JSON file otherwise.

#include "analyzer/driver.h"
#include "analyzer/terraform/frontend.h"
#include "analyzer/terraform/plan_frontend.h"
#include "rules/registry.h"
#include "tests/test_files.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace lint;

namespace {

using lint::test::read_file;

fs::path module_directory()
{
  return fs::path(LINT_SOURCE_DIR) / "fixtures" / "terraform" / "plan_module";
}

SourceFilePtr source(const fs::path& path)
{
  return std::make_shared<const SourceFile>(path.string(), read_file(path));
}

/// "relative/file:line rule" for every finding of every default rule.
DriverOptions options_with_date()
{
  DriverOptions options;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1}; // runtime rules (LL801)
  return options;
}

std::vector<std::string> findings(const Model& model)
{
  const DriverOptions options = options_with_date();
  const UnitResult result = lint_model("unit", model, rules::all(), options);
  CHECK(result.internal_errors.empty());
  std::vector<std::string> out;
  for (const Finding& finding : result.findings) {
    const auto position = finding.primary.file->byte_position(finding.primary.range.begin);
    const std::string relative = fs::path(finding.primary.file->path()).lexically_relative(module_directory()).string();
    out.push_back(fmt::format("{}:{} {}", relative, position.line, finding.rule_id));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item)
{
  return std::find(list.begin(), list.end(), item) != list.end();
}

/// The 1-based line of the first `needle` after the first `anchor` in a file's text.
std::uint32_t line_of(const std::string& text, std::string_view anchor, std::string_view needle)
{
  const std::size_t start = text.find(anchor);
  const std::size_t at = text.find(needle, start == std::string::npos ? 0 : start);
  REQUIRE(at != std::string::npos);
  return static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
}

} // namespace

TEST_CASE("terraform plan: recognised by content, not by name")
{
  const std::string plan = read_file(module_directory() / "plan.json");
  const std::string state = read_file(module_directory() / "state.json");
  CHECK(terraform::looks_like_plan_json(plan));
  CHECK(terraform::looks_like_plan_json(state));
  CHECK_FALSE(terraform::looks_like_plan_json(R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})"));
  CHECK_FALSE(terraform::looks_like_plan_json(R"({"format_version": "1.0", "values": {}})")); // no terraform_version
  CHECK_FALSE(terraform::looks_like_plan_json("format_version terraform_version values"));   // not a JSON object
  // The keys in a string are not the keys of the object: the parse decides.
  auto fake = std::make_shared<const SourceFile>("x.json", R"({"note": "\"format_version\" \"terraform_version\" \"values\""})");
  CHECK(terraform::build_plan_model(fake) == nullptr);
  CHECK(terraform::plan_beside(module_directory()).ends_with("plan.json")); // a plan wins over a state
}

TEST_CASE("terraform plan and state fire the same rules at the same .tf lines as the module")
{
  const auto hcl = terraform::build_model(module_directory());
  const auto plan = terraform::build_plan_model(source(module_directory() / "plan.json"));
  const auto state = terraform::build_plan_model(source(module_directory() / "state.json"));
  REQUIRE(plan != nullptr);
  REQUIRE(state != nullptr);
  const std::vector<std::string> expected = findings(*hcl);
  INFO(fmt::format("module: {}", fmt::join(expected, ", ")));
  // The rules this fixture is about, so that the comparison is not between two empty lists.
  CHECK(contains(expected, "main.tf:10 LL402"));               // visibility 30 < 6 × 60
  CHECK(contains(expected, "main.tf:52 LL101"));               // s3:*
  CHECK(contains(expected, "modules/api/main.tf:8 LL801"));    // python3.8, both instances
  CHECK(contains(expected, "modules/api/main.tf:11 LL702"));   // reserved 0
  CHECK(findings(*plan) == expected);
  CHECK(findings(*state) == expected);
}

TEST_CASE("terraform plan: values the plan knows win, unknown stay unknown, links follow the configuration")
{
  const auto plan = terraform::build_plan_model(source(module_directory() / "plan.json"), {.use_configuration_beside = false});
  REQUIRE(plan != nullptr);
  const Function* worker = plan->find_function("aws_lambda_function.worker");
  REQUIRE(worker != nullptr);
  CHECK(worker->timeout_seconds() == 60); // var.timeout = 60 in the plan's variables
  // role is known after apply only; the configuration's reference links the role anyway.
  REQUIRE(worker->execution_role != nullptr);
  CHECK(worker->execution_role->id == "aws_iam_role.worker");
  // The policy interpolates the queue's ARN, unknown until apply: it stays unknown (no guess).
  bool unknown_policy = false;
  for (const Policy* policy : worker->execution_role->policies) {
    unknown_policy = unknown_policy || policy->origin == PolicyOrigin::unknown;
  }
  CHECK(unknown_policy);
  // tracing_config is computed by the provider (not written): as if unwritten.
  CHECK(worker->tracing_mode == nullptr);
  REQUIRE(plan->event_source_mappings.size() == 1);
  CHECK(plan->event_source_mappings.front().queue != nullptr);
  CHECK(plan->event_source_mappings.front().function == worker);
  // Module resources with count: one resource per instance, addressed as Terraform does.
  const Function* second = plan->find_function("module.api.aws_lambda_function.this[1]");
  CHECK(plan->find_function("module.api.aws_lambda_function.this[0]") != nullptr);
  REQUIRE(second != nullptr);
  CHECK(second->resource->local_name() == "this");
  CHECK(second->resource->module == "module.api.");
  CHECK(worker->resource->local_name() == "worker");
  CHECK(worker->resource->module.empty());
}

TEST_CASE("terraform state: literal ARNs link resources, JSON policies become statements")
{
  const auto state = terraform::build_plan_model(source(module_directory() / "state.json"), {.use_configuration_beside = false});
  REQUIRE(state != nullptr);
  const Function* worker = state->find_function("aws_lambda_function.worker");
  REQUIRE(worker != nullptr);
  REQUIRE(worker->execution_role != nullptr);
  std::size_t statements = 0;
  for (const Policy* policy : worker->execution_role->policies) {
    statements += policy->statements.size();
  }
  // The role's inline_policy is the provider reading aws_iam_role_policy.worker back: counted once.
  CHECK(statements == 2);
  REQUIRE(state->event_source_mappings.size() == 1);
  CHECK(state->event_source_mappings.front().queue != nullptr);
  CHECK(state->event_source_mappings.front().function == worker);
  // retention_in_days = 0 is the provider's "never expire": unset.
  REQUIRE(state->log_groups.size() == 1);
  CHECK(state->log_groups.front().retention_days == nullptr);
  CHECK(state->log_groups.front().function == worker);
}

TEST_CASE("terraform plan without its module: findings land in the JSON file at the resource")
{
  const fs::path plan_path = module_directory() / "plan.json";
  const std::string text = read_file(plan_path);
  const auto plan = terraform::build_plan_model(source(plan_path), {.use_configuration_beside = false});
  REQUIRE(plan != nullptr);
  const UnitResult result = lint_model(plan_path.string(), *plan, rules::all(), options_with_date());
  bool visibility = false;
  bool runtime = false;
  for (const Finding& finding : result.findings) {
    CHECK(finding.primary.file->path() == plan_path.string());
    const auto line = finding.primary.file->byte_position(finding.primary.range.begin).line;
    if (finding.rule_id == "LL402") {
      visibility = true;
      // resource_changes[...aws_sqs_queue.jobs].change.after.visibility_timeout_seconds
      CHECK(line == line_of(text, R"("resource_changes")", R"("visibility_timeout_seconds": 30)"));
    }
    if (finding.rule_id == "LL801") {
      runtime = true;
      CHECK(line >= line_of(text, R"("resource_changes")", R"("runtime": "python3.8")"));
    }
  }
  CHECK(visibility);
  CHECK(runtime);
}

TEST_CASE("terraform plan: a plan beside the module is linted once, by the module's unit")
{
  DriverOptions options;
  const UnitResult alone = lint_file((module_directory() / "plan.json").string(), rules::all(), options);
  CHECK_FALSE(alone.linted); // found by a directory walk: the directory unit covers it
  options.explicitly_named = true;
  const UnitResult named = lint_file((module_directory() / "plan.json").string(), rules::all(), options);
  CHECK(named.linted);
  const UnitResult module = lint_terraform_module(module_directory().string(), rules::all(), options);
  CHECK(module.findings.size() == named.findings.size());
}

TEST_CASE("terraform plan: hostile or odd input never throws")
{
  const char* texts[] = {
    R"({"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": 3})",
    R"({"format_version": "1.2", "terraform_version": "1.9.8", "resource_changes": [1, {"mode": "managed"}], "planned_values": {}})",
    R"({"format_version": "1.2", "terraform_version": "1.9.8", "values": {"root_module": {"resources": [{"mode": "managed", "address": "aws_lambda_function.f", "type": "aws_lambda_function", "name": "f", "values": {"policy": "{not json", "timeout": "x"}}], "child_modules": [[]]}}})",
    R"({"format_version": "1.2", "terraform_version": "1.9.8", "values": {"root_module": {"resources": [{"mode": "managed", "address": "aws_iam_role.r", "type": "aws_iam_role", "name": "r", "values": {"assume_role_policy": "[1,2]", "inline_policy": [{"policy": "{\"Statement\": 5}"}]}}]}}})",
    R"({"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": {"root_module": {}}, "resource_changes": [{"mode": "managed", "address": "a.b", "type": "a", "name": "b", "change": {"actions": ["create"], "after": {"x": [1]}, "after_unknown": {"x": true, "y": [true, {"z": true}]}}}]})",
    R"({"format_version": "1.2", "terraform_version": "1.9.8", "values": )",
  };
  for (const char* text : texts) {
    auto file = std::make_shared<const SourceFile>("/virtual/plan.json", text);
    CHECK_NOTHROW(terraform::build_plan_model(file, {.use_configuration_beside = false}));
    DriverOptions options;
    options.explicitly_named = true;
    CHECK_NOTHROW(lint_text("/virtual/plan.json", text, rules::all(), options));
  }
}
