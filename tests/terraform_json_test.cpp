// Terraform JSON syntax (.tf.json): blocks, `${...}` interpolations parsed as expressions, and
// positions in the JSON file; and the Terraform attribute names in messages.

#include "analyzer/driver.h"
#include "analyzer/terraform/frontend.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace lint;

namespace {

fs::path json_module()
{
  return fs::path(LINT_SOURCE_DIR) / "fixtures" / "terraform" / "json_module";
}

LineColumn position(const Resource& resource, const Value* value)
{
  const Location where = resource.location(value);
  return where.file->byte_position(where.range.begin);
}

} // namespace

TEST_CASE("terraform json: .tf.json blocks, interpolations and exact positions")
{
  const auto model = terraform::build_model(json_module());
  CHECK(model->problems.empty());
  const Function* worker = model->find_function("aws_lambda_function.worker");
  REQUIRE(worker != nullptr);
  CHECK(worker->timeout_seconds() == 60);          // "${var.timeout}" → the variable's default
  CHECK(as_string(worker->function_name) == "worker-60"); // a local template
  REQUIRE(worker->execution_role != nullptr);      // "${aws_iam_role.worker.arn}" is a reference
  CHECK(worker->execution_role->trust_statements.size() == 1); // jsonencode inside an interpolation
  // Positions are the JSON file's: the timeout value on line 26, the queue's visibility where
  // the local is written (line 10).
  const LineColumn timeout = position(*worker->resource, worker->timeout);
  CHECK(timeout.line == 26);
  CHECK(worker->resource->file->path().ends_with("main.tf.json"));
  CHECK(worker->resource->file->byte_position(worker->resource->id_range.begin).line == 20);
  REQUIRE(model->queues.size() == 1);
  CHECK(as_integer(model->queues.front().visibility_timeout) == 30);
  CHECK(position(*model->queues.front().resource, model->queues.front().visibility_timeout).line == 10);
  // An object written for a nested block reads like the block.
  CHECK(get_path(worker->environment_variables, {"QUEUE_URL"}) != nullptr);
  REQUIRE(model->event_source_mappings.size() == 1);
  CHECK(model->event_source_mappings.front().function == worker);
  CHECK(model->event_source_mappings.front().queue != nullptr);
  REQUIRE(worker->resource->depends_on.size() == 1);
  CHECK(worker->resource->depends_on.front().first == "aws_iam_role.worker");

  // LL402 fires at the local in the JSON file, with Terraform's attribute names.
  DriverOptions options;
  const UnitResult result = lint_terraform_module(json_module().string(), rules::all(), options);
  bool visibility = false;
  for (const Finding& finding : result.findings) {
    if (finding.rule_id == "LL402") {
      visibility = true;
      CHECK(finding.primary.file->byte_position(finding.primary.range.begin).line == 10);
      CHECK(finding.message.find("visibility_timeout_seconds") != std::string::npos);
      CHECK(finding.message.find("VisibilityTimeout") == std::string::npos);
    }
  }
  CHECK(visibility);
}

TEST_CASE("terraform json: broken JSON is LL001, never a crash")
{
  const fs::path directory = fs::temp_directory_path() / "lambdalint-tf-json-broken";
  fs::create_directories(directory);
  for (const char* text : {R"({"resource": {"aws_sqs_queue": {"q": {"visibility_timeout_seconds": }}})", "[1, 2]",
                           R"({"resource": {"aws_sqs_queue": {"q": {"name": "${unterminated"}}}})",
                           R"({"resource": [1, {"aws_sqs_queue": 5}], "locals": {"a": "${local.a}"}})"}) {
    {
      std::ofstream out(directory / "main.tf.json", std::ios::binary | std::ios::trunc);
      out << text;
    }
    std::unique_ptr<Model> model;
    CHECK_NOTHROW(model = terraform::build_model(directory));
    REQUIRE(model != nullptr);
  }
  fs::remove_all(directory);
}

