// The Terraform frontend: HCL parsing with recovery, expression evaluation, module loading and
// the facets (including the IAM facets the IAM engine reads).

#include "analyzer/terraform/frontend.h"
#include "parsers/hcl/hcl.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using namespace lint;

namespace {

fs::path fixture(std::string_view name)
{
  return fs::path(LINT_SOURCE_DIR) / "fixtures" / "terraform" / std::string(name);
}

std::unique_ptr<Model> from_text(std::string text)
{
  return terraform::build_model_from_text("/virtual/main.tf", std::move(text));
}

LineColumn position(const Value* value, const Resource& resource)
{
  const Location where = resource.location(value);
  return where.file->byte_position(where.range.begin);
}

} // namespace

TEST_CASE("terraform: syntax errors are LL001 at the first error and the rest is still analysed")
{
  const auto model = terraform::build_model(fixture("parse_recovery"));
  REQUIRE_FALSE(model->problems.empty());
  const ModelProblem& problem = model->problems.front();
  CHECK(problem.rule_id == "LL001");
  CHECK(problem.location.file->byte_position(problem.location.range.begin).line == 7);
  // The function declared after the error is still in the model, with its timeout.
  const Function* after = model->find_function("aws_lambda_function.after");
  REQUIRE(after != nullptr);
  CHECK(after->timeout_seconds() == 45);
  CHECK(model->find_function("aws_lambda_function.good") != nullptr);
}

TEST_CASE("terraform: expressions evaluate symbolically")
{
  const auto model = from_text(R"(
variable "memory" {
  default = 512
}
variable "stage" {}
locals {
  base    = { LOG_LEVEL = "info" }
  name    = "api-${var.stage}"
  timeout = var.memory > 256 ? 60 : 30
}
resource "aws_lambda_function" "f" {
  function_name = format("%s-%s", "svc", local.name)
  memory_size   = var.memory
  timeout       = local.timeout
  layers        = concat(["a"], tolist(["b"]))
  role          = lookup({ a = "x" }, "b", "fallback")
  handler       = var.stage == "prod" ? "prod.handler" : "dev.handler"
  environment {
    variables = merge(local.base, { TABLE = aws_dynamodb_table.t.name })
  }
  kms_key_arn = jsondecode(<<EOT
{"key": "${aws_kms_key.k.arn}"}
EOT
  ).key
}
resource "aws_dynamodb_table" "t" {}
resource "aws_kms_key" "k" {}
)");
  const Function* function = model->find_function("aws_lambda_function.f");
  REQUIRE(function != nullptr);
  CHECK(as_integer(function->memory_size) == 512);
  CHECK(function->memory_size->via_parameter == "var.memory");
  CHECK(as_integer(function->timeout) == 60);  // 512 > 256 is known
  REQUIRE(function->function_name->kind == ValueKind::text_template);  // var.stage has no default
  CHECK(function->function_name->parts.front().literal == "svc-api-");
  CHECK(list_items(function->layers).size() == 2);
  CHECK(is_text(function->role, "fallback"));
  REQUIRE(function->handler->kind == ValueKind::choice);  // the stage is not known: both branches
  CHECK(possible_values(function->handler).size() == 2);
  REQUIRE(function->environment_variables != nullptr);
  CHECK(is_text(function->environment_variables->get("LOG_LEVEL"), "info"));
  const Value* table = function->environment_variables->get("TABLE");
  REQUIRE(table->kind == ValueKind::reference);
  CHECK(table->reference.name == "aws_dynamodb_table.t");
  CHECK(table->reference.attribute == "name");
  REQUIRE(function->kms_key_arn != nullptr);
  REQUIRE(function->kms_key_arn->kind == ValueKind::reference);
  CHECK(function->kms_key_arn->reference.name == "aws_kms_key.k");
  CHECK(function->reserved_concurrency == nullptr);
}

TEST_CASE("terraform: unknown stays unknown with a reason")
{
  const auto model = from_text(R"(
resource "aws_lambda_function" "f" {
  timeout     = file("timeout.txt")
  memory_size = module.missing.memory
}
)");
  const Function* function = model->find_function("aws_lambda_function.f");
  REQUIRE(function != nullptr);
  CHECK(function->timeout->kind == ValueKind::unknown);
  CHECK(function->timeout->text.find("file") != std::string::npos);
  CHECK_FALSE(function->timeout_seconds().has_value());
  CHECK(function->memory_size->kind == ValueKind::unknown);
  bool unresolved_module = false;
  for (const ModelProblem& problem : model->problems) {
    unresolved_module = unresolved_module || (problem.rule_id == "LL003" && problem.message.find("missing") != std::string::npos);
  }
  CHECK(unresolved_module);
}

TEST_CASE("terraform: count and for_each expand to addressed instances")
{
  const auto model = from_text(R"(
resource "aws_sqs_queue" "q" {
  count                      = 2
  visibility_timeout_seconds = 100 + count.index
}
resource "aws_lambda_function" "f" {
  for_each      = toset(["a", "b"])
  function_name = "fn-${each.key}"
}
resource "aws_lambda_function" "g" {
  count         = var.enabled ? 1 : 0
  function_name = "g"
}
variable "enabled" {}
resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn = aws_sqs_queue.q[1].arn
  function_name    = aws_lambda_function.f["b"].arn
}
)");
  const Queue* second = model->find_queue("aws_sqs_queue.q[1]");
  REQUIRE(second != nullptr);
  CHECK(second->visibility_timeout_seconds() == 101);
  const Function* b = model->find_function("aws_lambda_function.f[\"b\"]");
  REQUIRE(b != nullptr);
  CHECK(is_text(b->function_name, "fn-b"));
  // What the module's configuration calls it (aws_lambda_function.f), whatever its instance key.
  CHECK(b->resource->local_name() == "f");
  CHECK(b->resource->module.empty());
  // count not known: one symbolic instance that may not exist.
  const Resource* g = model->find_resource("aws_lambda_function.g");
  REQUIRE(g != nullptr);
  CHECK_FALSE(g->condition.empty());
  REQUIRE(model->event_source_mappings.size() == 1);
  CHECK(model->event_source_mappings.front().queue == second);
  CHECK(model->event_source_mappings.front().function == b);
}

TEST_CASE("terraform: a value from another file points at that file")
{
  const auto model = terraform::build_model(fs::path(LINT_SOURCE_DIR) / "fixtures/rules/timeout/sqs_visibility_timeout/bad_tf_local_visibility");
  const Queue* queue = model->find_queue("aws_sqs_queue.jobs");
  REQUIRE(queue != nullptr);
  const Location where = queue->resource->location(queue->visibility_timeout);
  CHECK(fs::path(where.file->path()).filename() == "locals.tf");
  CHECK(where.file->byte_position(where.range.begin) == LineColumn{2, 16});
  const Function* function = model->find_function("aws_lambda_function.worker");
  REQUIRE(function != nullptr);
  CHECK(function->timeout->via_parameter == "var.timeout");
  CHECK(fs::path(function->timeout->parameter_file->path()).filename() == "variables.tf");
  CHECK(position(function->timeout, *function->resource).line == 10);
}

TEST_CASE("terraform: local modules are loaded with inputs and outputs, and do not loop")
{
  const auto model = terraform::build_model(fs::path(LINT_SOURCE_DIR) / "fixtures/rules/timeout/timeout_exceeds_integration/bad_tf_module");
  const Function* handler = model->find_function("module.api.aws_lambda_function.handler");
  REQUIRE(handler != nullptr);
  CHECK(handler->timeout_seconds() == 60);
  CHECK(handler->resource->local_name() == "handler");
  CHECK(handler->resource->module == "module.api.");
  REQUIRE(model->triggers.size() == 1);
  CHECK(model->triggers.front().function == handler);

  const auto looping = terraform::build_model(fixture("self_module"));
  CHECK(looping->resources.size() == 1);
}

TEST_CASE("terraform: registry modules through modules.json, other remote modules unknown")
{
  const auto model = terraform::build_model(fixture("registry_module"));
  const Queue* queue = model->find_queue("module.queue.aws_sqs_queue.this");
  REQUIRE(queue != nullptr);
  CHECK(queue->visibility_timeout_seconds() == 45);
  for (const ModelProblem& problem : model->problems) {
    CHECK(problem.rule_id != "LL003"); // a remote module is unknown, not undeclared
  }
}

TEST_CASE("terraform: IAM facets from policy documents, inline policies and attachments")
{
  const auto model = terraform::build_model(fixture("iam_policy_document_local"));
  const Role* role = model->find_role("aws_iam_role.worker");
  REQUIRE(role != nullptr);
  REQUIRE(role->trust_statements.size() == 1);
  const Statement& trust = role->trust_statements.front();
  CHECK(is_text(trust.effect, "Allow"));
  REQUIRE(trust.principal != nullptr);
  CHECK(list_items(trust.principal->get("Service")).size() == 1);

  const Function* function = model->find_function("aws_lambda_function.worker");
  REQUIRE(function != nullptr);
  CHECK(function->execution_role == role);
  REQUIRE(role->functions.size() == 1);

  // inline_policy (jsonencode), aws_iam_role_policy (policy document with a local),
  // aws_iam_policy attached (heredoc JSON), an AWS managed policy by ARN.
  REQUIRE(role->policies.size() == 4);
  int inline_policies = 0;
  int policy_resources = 0;
  int customer_managed = 0;
  int aws_managed = 0;
  for (const Policy* policy : role->policies) {
    switch (policy->origin) {
    case PolicyOrigin::inline_policy:
      ++inline_policies;
      REQUIRE(policy->statements.size() == 1);
      CHECK(list_items(policy->statements.front().action).size() == 2);
      break;
    case PolicyOrigin::policy_resource: {
      ++policy_resources;
      REQUIRE(policy->statements.size() == 2);
      const Statement& read = policy->statements[0];
      CHECK(is_text(read.sid, "ReadJobs"));
      const auto resources = list_items(read.resource);
      REQUIRE(resources.size() == 2);
      REQUIRE(resources[0]->kind == ValueKind::reference);
      CHECK(resources[0]->reference.name == "aws_sqs_queue.jobs");
      CHECK(resources[1]->kind == ValueKind::text_template);
      // The statement's range is the statement block in main.tf.
      CHECK(read.value->file->byte_position(read.value->range.begin).line == 20);
      const Statement& deny = policy->statements[1];
      CHECK(is_text(deny.effect, "Deny"));
      REQUIRE(deny.condition != nullptr);
      CHECK(get_path(deny.condition, {"Bool", "aws:SecureTransport"}) != nullptr);
      break;
    }
    case PolicyOrigin::customer_managed: {
      ++customer_managed;
      REQUIRE(policy->statements.size() == 1);
      const Statement& statement = policy->statements.front();
      CHECK(is_text(statement.resource, "*"));
      // Heredoc JSON keeps exact positions: "Effect" is on line 67 of main.tf.
      CHECK(statement.effect->file->byte_position(statement.effect->range.begin).line == 67);
      break;
    }
    case PolicyOrigin::aws_managed:
      ++aws_managed;
      CHECK(policy->name == "AWSLambdaVPCAccessExecutionRole");
      CHECK(policy->document == nullptr);
      CHECK(is_text(policy->arn, "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"));
      break;
    default:
      FAIL("unexpected policy origin ", to_string(policy->origin));
    }
  }
  CHECK(inline_policies == 1);
  CHECK(policy_resources == 1);
  CHECK(customer_managed == 1);
  CHECK(aws_managed == 1);
}

TEST_CASE("terraform: hostile HCL never throws")
{
  for (const char* text : {"", "{{{{", "resource", "resource \"a\" \"b\" { x = ${", "locals { a = local.a }\nresource \"aws_sqs_queue\" \"q\" { visibility_timeout_seconds = local.a }",
                           "x = <<EOF\nunterminated", "\xff\xfe\x00garbage"}) {
    CHECK_NOTHROW(from_text(text));
  }
}

TEST_CASE("terraform: resource policies, keys and triggers are facets with meaning")
{
  const auto model = from_text(R"(
resource "aws_sqs_queue" "failed" {
  name = "failed"
}
resource "aws_sqs_queue_policy" "failed" {
  queue_url = aws_sqs_queue.failed.id
  policy    = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*" }] })
}
resource "aws_kms_key" "queue" {}
resource "aws_kms_key_policy" "queue" {
  key_id = aws_kms_key.queue.id
  policy = jsonencode({ Statement = [] })
}
resource "aws_subnet" "a" {}
resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  timeout       = 120
}
resource "aws_api_gateway_integration" "async" {
  rest_api_id = "abc"
  type        = "AWS"
  uri         = aws_lambda_function.worker.invoke_arn
  request_parameters = {
    "integration.request.header.X-Amz-Invocation-Type" = "'Event'"
  }
}
resource "aws_api_gateway_integration" "sync" {
  rest_api_id = "abc"
  type        = "AWS_PROXY"
  uri         = aws_lambda_function.worker.invoke_arn
}
resource "aws_apigatewayv2_api" "socket" {
  name          = "socket"
  protocol_type = "WEBSOCKET"
}
resource "aws_apigatewayv2_integration" "socket" {
  api_id           = aws_apigatewayv2_api.socket.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.worker.invoke_arn
}
)");
  const Queue* queue = model->find_queue("aws_sqs_queue.failed");
  REQUIRE(queue != nullptr);
  REQUIRE(queue->policies.size() == 1);
  CHECK(queue->policies.front()->resource->id == "aws_sqs_queue_policy.failed");
  CHECK(queue->policies.front()->target_kind == ResourceKind::queue);
  CHECK(queue->names.visibility_timeout == "visibility_timeout_seconds");
  const Key* key = model->find_key("aws_kms_key.queue");
  REQUIRE(key != nullptr);
  CHECK(key->policy != nullptr);
  REQUIRE(model->find_bucket("aws_s3_bucket.uploads") != nullptr);
  CHECK(is_text(model->find_bucket("aws_s3_bucket.uploads")->name, "uploads"));
  CHECK(model->find_resource("aws_subnet.a")->kind() == ResourceKind::subnet);
  REQUIRE(model->subnets.size() == 1);
  const Function* worker = model->find_function("aws_lambda_function.worker");
  REQUIRE(worker != nullptr);
  CHECK(worker->names.timeout == "timeout");
  std::map<std::string, const Trigger*> triggers;
  for (const Trigger& trigger : model->triggers) {
    triggers[trigger.source->id] = &trigger;
  }
  REQUIRE(triggers.size() == 3);
  CHECK(triggers["aws_api_gateway_integration.async"]->invocation() == InvocationMode::asynchronous);
  CHECK(triggers["aws_api_gateway_integration.sync"]->invocation() == InvocationMode::synchronous);
  CHECK(triggers["aws_api_gateway_integration.sync"]->protocol() == ApiProtocol::rest);
  CHECK(triggers["aws_apigatewayv2_integration.socket"]->protocol() == ApiProtocol::websocket);
}
