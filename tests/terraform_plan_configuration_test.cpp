// What a `terraform show -json` plan knows besides its values, read from its configuration
// (analyzer/terraform/plan_frontend.cpp): a known value the configuration does not write is a
// provider default (LL807), a value known after apply links through the reference the
// configuration writes, and input variables are parameters with their `sensitive` flag,
// the values derived from them carrying the variable (LL604).

#include "analyzer/driver.h"
#include "analyzer/terraform/plan_frontend.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace lint;

namespace {

/// A plan of one aws_lambda_function "Fn": `after`, `after_unknown` and the configuration's
/// `expressions` as given, plus the plan's top-level extra members (variables).
std::string plan_text(std::string_view after, std::string_view after_unknown, std::string_view expressions,
                      std::string_view extra = "", std::string_view configuration_extra = "")
{
  return fmt::format(R"({{
  "format_version": "1.2",
  "terraform_version": "1.9.8",{extra}
  "planned_values": {{"root_module": {{"resources": []}}}},
  "resource_changes": [
    {{
      "address": "aws_lambda_function.Fn", "mode": "managed", "type": "aws_lambda_function", "name": "Fn",
      "change": {{
        "actions": ["create"],
        "after": {after},
        "after_unknown": {after_unknown}
      }}
    }}
  ],
  "configuration": {{"root_module": {{{configuration_extra}
    "resources": [
      {{"address": "aws_lambda_function.Fn", "mode": "managed", "type": "aws_lambda_function", "name": "Fn",
       "expressions": {expressions}}}
    ]}}}}
}}
)",
                     fmt::arg("extra", extra), fmt::arg("after", after), fmt::arg("after_unknown", after_unknown),
                     fmt::arg("expressions", expressions), fmt::arg("configuration_extra", configuration_extra));
}

std::unique_ptr<Model> plan_model(const std::string& text)
{
  auto file = std::make_shared<const SourceFile>("plan.json", text);
  auto model = terraform::build_plan_model(file, {.use_configuration_beside = false});
  REQUIRE(model != nullptr);
  return model;
}

std::vector<const Finding*> findings_of(const UnitResult& result, std::string_view rule)
{
  std::vector<const Finding*> out;
  for (const Finding& finding : result.findings) {
    if (finding.rule_id == rule) {
      out.push_back(&finding);
    }
  }
  return out;
}

UnitResult lint_with(const Model& model, std::initializer_list<const char*> ids)
{
  DriverOptions options;
  std::vector<const Rule*> rules;
  for (const char* id : ids) {
    options.selection.enable.insert(id);
    rules.push_back(rules::find(id));
    REQUIRE(rules.back() != nullptr);
  }
  return lint_model("plan.json", model, rules, options);
}

std::string text_at(const Location& where)
{
  return std::string(where.file->text().substr(where.range.begin, where.range.end - where.range.begin));
}

constexpr std::string_view k_written = R"({"function_name": {"constant_value": "fn"}, "runtime": {"constant_value": "python3.12"},
  "role": {"constant_value": "arn:aws:iam::123456789012:role/fn"}, "handler": {"constant_value": "app.handler"},
  "filename": {"constant_value": "app.zip"}})";

} // namespace

TEST_CASE("terraform plan: a known value the configuration does not write is the provider's default, as if unwritten")
{
  const std::string after = R"({"function_name": "fn", "runtime": "python3.12", "role": "arn:aws:iam::123456789012:role/fn",
    "handler": "app.handler", "filename": "app.zip", "memory_size": 128, "timeout": 3, "reserved_concurrent_executions": -1})";
  const auto model = plan_model(plan_text(after, R"({"arn": true})", k_written));
  const Function* function = model->find_function("aws_lambda_function.Fn");
  REQUIRE(function != nullptr);
  CHECK(function->timeout == nullptr);
  CHECK(function->memory_size == nullptr);
  CHECK(as_string(function->runtime) == "python3.12"); // written: kept
  const UnitResult result = lint_with(*model, {"LL807"});
  const auto implicit = findings_of(result, "LL807");
  REQUIRE(implicit.size() == 2);
  std::vector<std::string> messages;
  for (const Finding* finding : implicit) {
    CHECK(finding->resource == "aws_lambda_function.Fn");
    CHECK(text_at(finding->primary) == "\"aws_lambda_function.Fn\""); // the resource's address
    messages.push_back(finding->message);
  }
  std::sort(messages.begin(), messages.end());
  CHECK(messages == std::vector<std::string>{
                      "Function 'aws_lambda_function.Fn' does not set memory_size, so it runs with the default of 128 MB",
                      "Function 'aws_lambda_function.Fn' does not set timeout, so it runs with the default of 3 s"});

  SUBCASE("a default the configuration writes is kept")
  {
    const std::string written = R"({"function_name": {"constant_value": "fn"}, "timeout": {"constant_value": 3},
      "memory_size": {"constant_value": 128}})";
    const auto explicit_model = plan_model(plan_text(after, R"({"arn": true})", written));
    const Function* explicit_function = explicit_model->find_function("aws_lambda_function.Fn");
    REQUIRE(explicit_function != nullptr);
    CHECK(as_integer(explicit_function->timeout) == 3);
    CHECK(as_integer(explicit_function->memory_size) == 128);
    CHECK(findings_of(lint_with(*explicit_model, {"LL807"}), "LL807").empty());
  }
  SUBCASE("without the resource's configuration (a state, a module the plan does not describe) nothing is dropped")
  {
    const std::string state = R"({"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": {"resources": [
      {"address": "aws_lambda_function.Fn", "mode": "managed", "type": "aws_lambda_function", "name": "Fn",
       "values": {"function_name": "fn", "memory_size": 128, "timeout": 3}}]}}})";
    const auto state_model = plan_model(state);
    const Function* state_function = state_model->find_function("aws_lambda_function.Fn");
    REQUIRE(state_function != nullptr);
    CHECK(as_integer(state_function->timeout) == 3);
    CHECK(findings_of(lint_with(*state_model, {"LL807"}), "LL807").empty());
  }
}

TEST_CASE("terraform plan: a role known after apply links through the configuration and its findings belong to the function")
{
  const std::string text = fmt::format(
    R"({{
  "format_version": "1.2", "terraform_version": "1.9.8",
  "planned_values": {{"root_module": {{"resources": []}}}},
  "resource_changes": [
    {{"address": "aws_lambda_function.Fn", "mode": "managed", "type": "aws_lambda_function", "name": "Fn",
     "change": {{"actions": ["create"],
      "after": {{"function_name": "fn", "runtime": "python3.12", "handler": "app.handler", "filename": "app.zip"}},
      "after_unknown": {{"role": true, "arn": true}}}}}},
    {{"address": "aws_iam_role.FnRole", "mode": "managed", "type": "aws_iam_role", "name": "FnRole",
     "change": {{"actions": ["create"],
      "after": {{"name": "fnrole", "assume_role_policy": "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"lambda.amazonaws.com\"}},\"Action\":\"sts:AssumeRole\"}}]}}"}},
      "after_unknown": {{"arn": true}}}}}}
  ],
  "configuration": {{"root_module": {{"resources": [
    {{"address": "aws_lambda_function.Fn", "mode": "managed", "type": "aws_lambda_function", "name": "Fn",
     "expressions": {{"function_name": {{"constant_value": "fn"}}, "role": {{"references": ["aws_iam_role.FnRole.arn", "aws_iam_role.FnRole"]}}}}}},
    {{"address": "aws_iam_role.FnRole", "mode": "managed", "type": "aws_iam_role", "name": "FnRole",
     "expressions": {{"name": {{"constant_value": "fnrole"}}}}}}
  ]}}}}
}})");
  const auto model = plan_model(text);
  const Function* function = model->find_function("aws_lambda_function.Fn");
  REQUIRE(function != nullptr);
  REQUIRE(function->execution_role != nullptr);
  CHECK(function->execution_role->id == "aws_iam_role.FnRole");
  // Located at the references the configuration writes for it (line 16), in the function's
  // configuration block, which the function owns (Resource::other_ranges): findings there belong
  // to the function.
  const Location role = function->resource->location(function->resource->property("role"));
  CHECK(text_at(role) == R"(["aws_iam_role.FnRole.arn", "aws_iam_role.FnRole"])");
  CHECK(role.file->byte_position(role.range.begin).line == 16);
  REQUIRE(function->resource->other_ranges.size() == 1);

  // LL306 (no logs permission) belongs to the function.
  const UnitResult result = lint_with(*model, {"LL306"});
  const auto logs = findings_of(result, "LL306");
  REQUIRE(logs.size() == 1);
  CHECK(text_at(logs.front()->primary) == R"(["aws_iam_role.FnRole.arn", "aws_iam_role.FnRole"])");
  CHECK(logs.front()->resource == "aws_lambda_function.Fn");
}

TEST_CASE("terraform plan: input variables are parameters, and a value derived from one carries it (LL604)")
{
  const std::string variables = R"(
  "variables": {"DbPassword": {"value": "hunter2-not-real"}, "ApiToken": {"value": "tok-not-real"}, "Stage": {"value": "prod"},
                "Alias": {"value": "prod"}},)";
  const std::string declared = R"(
    "variables": {"DbPassword": {"default": "hunter2-not-real"}, "ApiToken": {"sensitive": true}, "Stage": {}, "Alias": {}},)";
  const std::string after = R"({"function_name": "fn", "runtime": "python3.12", "role": "arn:aws:iam::123456789012:role/fn",
    "handler": "app.handler", "filename": "app.zip",
    "environment": [{"variables": {"DB_PASSWORD": "hunter2-not-real", "API_TOKEN": "tok-not-real", "STAGE": "prod"}}]})";
  const std::string expressions = R"({"function_name": {"constant_value": "fn"}, "environment": [{"variables": {"references": [
    "var.DbPassword", "var.ApiToken", "var.Stage", "var.Alias"]}}]})";
  const auto model = plan_model(plan_text(after, R"({"arn": true})", expressions, variables, declared));
  REQUIRE(model->parameters.size() == 4);
  const auto parameter = [&](std::string_view name) -> const Parameter& {
    const auto found = std::find_if(model->parameters.begin(), model->parameters.end(), [&](const Parameter& p) { return p.name == name; });
    REQUIRE(found != model->parameters.end());
    return *found;
  };
  CHECK_FALSE(parameter("DbPassword").no_echo);
  CHECK(parameter("ApiToken").no_echo);
  CHECK(parameter("ApiToken").no_echo_name == "sensitive");
  CHECK(text_at(parameter("DbPassword").location) == "\"DbPassword\"");

  const Function* function = model->find_function("aws_lambda_function.Fn");
  REQUIRE(function != nullptr);
  CHECK(get_path(function->environment_variables, {"DB_PASSWORD"})->via_parameter == "var.DbPassword");
  CHECK(get_path(function->environment_variables, {"API_TOKEN"})->via_parameter == "var.ApiToken");
  // "prod" is the value of two referenced variables: which one is not known.
  CHECK(get_path(function->environment_variables, {"STAGE"})->via_parameter.empty());

  const UnitResult result = lint_with(*model, {"LL604", "LL602"});
  const auto exposed = findings_of(result, "LL604");
  REQUIRE(exposed.size() == 1); // ApiToken is sensitive
  CHECK(exposed.front()->message ==
        "Function 'aws_lambda_function.Fn' sets the environment variable DB_PASSWORD from 'DbPassword', a secret not masked with sensitive: "
        "its value is shown in the console and API output");
  CHECK(text_at(exposed.front()->primary) == "\"hunter2-not-real\"");
  REQUIRE(exposed.front()->related.size() == 1);
  CHECK(text_at(exposed.front()->related.front().location) == "\"DbPassword\"");
  // A value from a variable is no secret written in clear text (LL602), as in the .tf files.
  CHECK(findings_of(result, "LL602").empty());
}
