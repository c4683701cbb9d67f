// LL004 for Terraform: written arguments against the pinned AWS provider schema
// (data/terraform_schema.h), checked by the front end (analyzer/terraform/arguments.cpp) on .tf
// and .tf.json, never on a plan.

#include "analyzer/terraform/frontend.h"
#include "analyzer/terraform/plan_frontend.h"
#include "data/terraform_schema.h"
#include "test_files.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace lint;

namespace {

std::vector<const ModelProblem*> unknown_arguments(const Model& model)
{
  std::vector<const ModelProblem*> out;
  for (const ModelProblem& problem : model.problems) {
    if (problem.rule_id == "LL004") {
      out.push_back(&problem);
    }
  }
  return out;
}

LineColumn position(const ModelProblem& problem)
{
  return problem.location.file->byte_position(problem.location.range.begin);
}

std::string_view text(const ModelProblem& problem)
{
  return problem.location.file->text().substr(problem.location.range.begin, problem.location.range.end - problem.location.range.begin);
}

constexpr std::string_view k_function = R"(resource "aws_lambda_function" "Fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  timout        = 30
}
)";

} // namespace

TEST_CASE("terraform schema data: aws_lambda_function at the pinned provider release")
{
  CHECK(data::terraform_provider_version() == "v6.28");
  const data::TerraformResourceSchema* function = data::find_terraform_resource("aws_lambda_function");
  REQUIRE(function != nullptr);
  using Kind = data::TerraformArgument::Kind;
  // The same required arguments as LL006's table.
  std::vector<std::string_view> required;
  for (const data::TerraformArgument& argument : function->arguments) {
    if (argument.required) {
      required.push_back(argument.name);
    }
  }
  CHECK(required == std::vector<std::string_view>{"function_name", "role"});
  const data::TerraformArgument* vpc = data::find_terraform_argument(function->arguments, "vpc_config");
  REQUIRE(vpc != nullptr);
  CHECK(vpc->kind == Kind::block);
  REQUIRE(data::find_terraform_argument(vpc->nested, "vpc_id") != nullptr);
  CHECK(data::find_terraform_argument(vpc->nested, "vpc_id")->kind == Kind::computed);
  CHECK(data::find_terraform_argument(function->arguments, "invoke_arn")->kind == Kind::computed);
  CHECK(data::find_terraform_argument(function->arguments, "region") != nullptr); // v6: every regional resource
  CHECK(data::find_terraform_argument(function->arguments, "timout") == nullptr);
  CHECK(data::find_terraform_argument(function->arguments, "count") == nullptr); // a meta-argument, not the provider's
  // Types not transcribed are not judged.
  CHECK(data::find_terraform_resource("aws_sqs_queue") == nullptr);
  CHECK(data::find_terraform_resource("AWS::Lambda::Function") == nullptr);
}

TEST_CASE("terraform LL004: an unknown argument is reported at its name, with the provider version and the nearest argument")
{
  const auto model = terraform::build_model_from_text("/virtual/main.tf", std::string(k_function));
  const auto problems = unknown_arguments(*model);
  REQUIRE(problems.size() == 1);
  CHECK(position(*problems[0]) == LineColumn{7, 3});
  CHECK(text(*problems[0]) == "timout");
  CHECK(problems[0]->message ==
        "Resource 'aws_lambda_function.Fn' sets 'timout', which is not an argument of aws_lambda_function in AWS provider v6.28: "
        "Terraform refuses to plan it (did you mean timeout?)");
  CHECK(problems[0]->fingerprint == "aws_lambda_function.Fn/timout");
}

TEST_CASE("terraform LL004: a body evaluated per module call is reported once, at the child module's line")
{
  const fs::path directory = fs::temp_directory_path() / fmt::format("lambdalint-arguments-test-{}", ::getpid());
  fs::remove_all(directory);
  fs::create_directories(directory / "child");
  std::ofstream(directory / "main.tf") << "module \"a\" {\n  source = \"./child\"\n}\nmodule \"b\" {\n  source = \"./child\"\n}\n";
  std::ofstream(directory / "child" / "main.tf") << k_function;
  const auto model = terraform::build_model(directory);
  const auto problems = unknown_arguments(*model);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0]->location.file->path().ends_with("child/main.tf"));
  CHECK(position(*problems[0]) == LineColumn{7, 3});
  fs::remove_all(directory);
}

TEST_CASE("terraform LL004: a plan beside the .tf files does not report them (Terraform validated the arguments to plan)")
{
  const fs::path directory = fs::temp_directory_path() / fmt::format("lambdalint-arguments-plan-test-{}", ::getpid());
  fs::remove_all(directory);
  fs::create_directories(directory);
  std::ofstream(directory / "main.tf") << k_function;
  const std::string plan = R"({
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "planned_values": {"root_module": {"resources": []}},
  "resource_changes": [
    {"address": "aws_lambda_function.Fn", "mode": "managed", "type": "aws_lambda_function", "name": "Fn",
     "change": {"actions": ["create"],
                "after": {"function_name": "fn", "role": "arn:aws:iam::123456789012:role/fn", "timeout": 3,
                          "arn": null, "tags_all": {}},
                "after_unknown": {"arn": true, "invoke_arn": true}}}
  ]
}
)";
  std::ofstream(directory / "plan.json") << plan;
  // The module alone: one finding.
  CHECK(unknown_arguments(*terraform::build_model(directory)).size() == 1);
  // The plan, with its .tf files beside it or without: none (nor for the computed tags_all).
  const auto file = std::make_shared<const SourceFile>((directory / "plan.json").string(), test::read_file(directory / "plan.json"));
  for (const bool beside : {true, false}) {
    const auto model = terraform::build_plan_model(file, {.use_configuration_beside = beside});
    REQUIRE(model != nullptr);
    CHECK(unknown_arguments(*model).empty());
  }
  fs::remove_all(directory);
}
