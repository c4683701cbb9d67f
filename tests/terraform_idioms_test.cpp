// The Terraform idioms real modules use (issue 17): compact, try, dynamic blocks, templatefile,
// regexall, distinct, one, string functions, data "aws_iam_policy", for_each over references,
// undecided conditionals, and the module calls that are not analysed (LL013).

#include "analyzer/terraform/frontend.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <functional>

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

/// Unknown values reachable from the resources' arguments.
std::size_t unknown_values(const Model& model)
{
  std::size_t count = 0;
  const std::function<void(const Value*, int)> visit = [&](const Value* value, int depth) {
    if (value == nullptr || depth > 64) {
      return;
    }
    count += value->kind == ValueKind::unknown ? 1 : 0;
    for (const Value* item : value->items) {
      visit(item, depth + 1);
    }
    for (const ValueEntry& entry : value->entries) {
      visit(entry.value, depth + 1);
    }
  };
  for (const Resource& resource : model.resources) {
    visit(resource.properties, 0);
  }
  return count;
}

const Policy* policy_named(const Role& role, std::string_view name)
{
  for (const Policy* policy : role.policies) {
    if (policy->name == name) {
      return policy;
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("terraform idioms: a module written the way registry modules are evaluates completely")
{
  const auto model = terraform::build_model(fixture("idioms"));
  const Function* function = model->find_function("aws_lambda_function.this");
  REQUIRE(function != nullptr);
  CHECK(is_text(function->runtime, "python3.12"));             // one(distinct([...]))
  CHECK(function->timeout_seconds() == 30);                     // length(regexall("^prod", ...)) > 0
  CHECK(as_integer(function->memory_size) == 256);              // lookup with a default
  // dynamic blocks over [true] / [] on known values
  REQUIRE(function->vpc_subnet_ids != nullptr);
  CHECK(list_items(function->vpc_subnet_ids).size() == 2);
  CHECK(is_text(function->tracing_mode, "Active"));
  REQUIRE(function->environment_variables != nullptr);
  CHECK(is_text(function->environment_variables->get("STAGE"), "prod"));
  CHECK(function->dead_letter_target == nullptr); // for_each = [] : no block at all
  const Value* description = function->resource->property("description");
  INFO(description->text, " kind ", static_cast<int>(description->kind));
  CHECK(is_text(description, "region us-east-1 EU")); // coalesce, element(split()), upper(trimprefix())

  // try() falls back past an attribute the map does not have.
  REQUIRE(model->event_source_mappings.size() == 1);
  const EventSourceMapping& mapping = model->event_source_mappings.front();
  CHECK(as_integer(mapping.batch_size) == 20);
  CHECK_FALSE(is_set(mapping.maximum_batching_window));
  CHECK(mapping.source_kind == SourceKind::sqs);
  CHECK(mapping.function == function);

  const Role* role = model->find_role("aws_iam_role.lambda");
  REQUIRE(role != nullptr);
  CHECK(function->execution_role == role);
  // compact() in the logs policy document.
  const Policy* logs = policy_named(*role, "idioms-logs");
  REQUIRE(logs != nullptr);
  CHECK(logs->origin == PolicyOrigin::customer_managed);
  REQUIRE(logs->statements.size() == 1);
  CHECK(list_items(logs->statements.front().action).size() == 2);
  CHECK(list_items(logs->statements.front().resource).size() == 2);
  // templatefile(): the template's JSON, with the variable filled in, positioned in the template.
  const Policy* queue = policy_named(*role, "aws_iam_role_policy.queue");
  REQUIRE(queue != nullptr);
  REQUIRE(queue->statements.size() == 1);
  CHECK(is_text(queue->statements.front().resource, "arn:aws:sqs:us-east-1:123456789012:jobs"));
  const Location where = role->resource->location(queue->statements.front().resource);
  CHECK(fs::path(where.file->path()).filename() == "queue-policy.json.tpl");
  CHECK(where.file->byte_position(where.range.begin).line == 7);
  // data "aws_iam_policy" by arn and by name are AWS managed policies; the for_each attachment
  // over toset([aws_iam_role.lambda.name]) with role = each.key reaches the role.
  CHECK(policy_named(*role, "AWSXRayDaemonWriteAccess") != nullptr);
  CHECK(policy_named(*role, "AWSLambdaVPCAccessExecutionRole") != nullptr);
  CHECK(model->find_resource("aws_iam_role_policy_attachment.managed[\"idioms-role\"]") != nullptr);
  for (const Policy* policy : role->policies) {
    CHECK(policy->origin != PolicyOrigin::unknown);
  }
  CHECK(unknown_values(*model) == 0);
}

TEST_CASE("terraform idioms: try, can, regex and friends follow Terraform's rules")
{
  const auto model = from_text(R"tf(
variable "settings" {
  default = { a = { b = 1 } }
}
variable "free" {}
resource "aws_sqs_queue" "q" {
  visibility_timeout_seconds = try(var.settings.a.missing, var.settings.a.b + 1)
  delay_seconds              = try(var.free.x, 5)
  max_message_size           = can(var.settings.nope) ? 1 : 2
  message_retention_seconds  = length(regexall("(a)(b)", "abab"))
  name                       = regex("^(?P<stage>[a-z]+)-", "prod-api").stage
  policy                     = replace("a/b/c", "/", ":")
  kms_master_key_id          = substr("alias/key", 6, 3)
  fifo_queue                 = contains(keys({ x = 1, y = 2 }), "y")
  tags                       = zipmap(["a", "b"], [1, 2])
}
)tf");
  const Queue* queue = model->find_queue("aws_sqs_queue.q");
  REQUIRE(queue != nullptr);
  CHECK(queue->visibility_timeout_seconds() == 2);
  const Resource& resource = *queue->resource;
  CHECK(resource.property("delay_seconds")->kind == ValueKind::unknown); // var.free not known: no fallback
  CHECK(as_integer(resource.property("max_message_size")) == 2);
  CHECK(as_integer(resource.property("message_retention_seconds")) == 2);
  CHECK(is_text(resource.property("name"), "prod"));
  CHECK(is_text(resource.property("policy"), "a:b:c"));
  CHECK(is_text(resource.property("kms_master_key_id"), "key"));
  CHECK(as_bool(resource.property("fifo_queue")) == true);
  REQUIRE(resource.property("tags")->kind == ValueKind::map);
  CHECK(as_integer(resource.property("tags")->get("b")) == 2);
}

TEST_CASE("terraform idioms: a dynamic block over a collection not known stays unknown")
{
  const auto model = from_text(R"(
variable "mode" {}
resource "aws_lambda_function" "f" {
  dynamic "tracing_config" {
    for_each = var.mode == null ? [] : [var.mode]
    content {
      mode = tracing_config.value
    }
  }
  dynamic "environment" {
    for_each = { one = "1" }
    iterator = env
    content {
      variables = { KEY = env.key, VALUE = env.value }
    }
  }
}
)");
  const Function* function = model->find_function("aws_lambda_function.f");
  REQUIRE(function != nullptr);
  REQUIRE(function->tracing_mode == nullptr);
  const Value* tracing = function->resource->property("tracing_config");
  REQUIRE(tracing != nullptr);
  CHECK(tracing->kind == ValueKind::unknown);
  REQUIRE(function->environment_variables != nullptr);
  CHECK(is_text(function->environment_variables->get("KEY"), "one"));
  CHECK(is_text(function->environment_variables->get("VALUE"), "1"));
}

TEST_CASE("terraform idioms: templatefile and file stay inside the repository")
{
  const auto model = from_text(R"(
resource "aws_iam_policy" "p" {
  policy = templatefile("/etc/passwd", {})
}
resource "aws_iam_policy" "q" {
  policy = file("../../../../../../../../etc/hostname")
}
)");
  for (const char* id : {"aws_iam_policy.p", "aws_iam_policy.q"}) {
    const Resource* resource = model->find_resource(id);
    REQUIRE(resource != nullptr);
    const Value* policy = resource->property("policy");
    REQUIRE(policy != nullptr);
    CHECK(policy->kind == ValueKind::unknown);
    CHECK(policy->text.find("outside the repository") != std::string::npos);
  }
}

TEST_CASE("terraform idioms: a conditional on a value not known is marked undecided")
{
  const auto model = from_text(R"(
variable "stage" {}
resource "aws_lambda_function" "f" {
  timeout = var.stage == "prod" ? 1000 : 30
}
)");
  const Function* function = model->find_function("aws_lambda_function.f");
  REQUIRE(function != nullptr);
  REQUIRE(function->timeout->kind == ValueKind::choice);
  CHECK_FALSE(function->timeout->text.empty());
}

TEST_CASE("terraform idioms: a module whose source is not downloaded is LL013, once per call")
{
  const auto model = terraform::build_model(fixture("registry_module"));
  std::vector<std::string> messages;
  for (const ModelProblem& problem : model->problems) {
    if (problem.rule_id == "LL013") {
      messages.push_back(problem.message);
      CHECK(problem.location.file->byte_position(problem.location.range.begin) == LineColumn{8, 12});
    }
  }
  REQUIRE(messages.size() == 1); // module.queue is downloaded (modules.json)
  CHECK(messages.front() ==
        "Module 'module.remote' is not analysed: its source 'git::https://example.com/modules.git//lambda' is not downloaded, so its "
        "resources are not checked; run `terraform init` (lambdalint follows .terraform/modules/modules.json), or lint the plan "
        "(`terraform show -json`)");
}

TEST_CASE("terraform idioms: terraform-aws-modules/lambda/aws without terraform init is modelled at the call")
{
  const auto model = terraform::build_model(fixture("lambda_registry"));
  for (const ModelProblem& problem : model->problems) {
    INFO(problem.message);
    CHECK(problem.rule_id != "LL013"); // modelled, not skipped
    CHECK(problem.rule_id != "LL003");
  }
  const Function* function = model->find_function("module.worker.aws_lambda_function.this[0]");
  REQUIRE(function != nullptr);
  const Resource& resource = *function->resource;
  CHECK(fs::path(resource.file->path()).filename() == "main.tf");
  CHECK(resource.file->byte_position(resource.id_range.begin).line == 2); // module "worker"
  CHECK(function->timeout_seconds() == 120);
  CHECK(resource.location(function->timeout).file->byte_position(resource.location(function->timeout).range.begin).line == 9);
  CHECK(as_integer(function->memory_size) == 512);
  CHECK(is_text(function->runtime, "python3.12"));
  CHECK(is_text(function->tracing_mode, "Active"));
  CHECK(list_items(function->vpc_subnet_ids).size() == 2);
  REQUIRE(function->environment_variables != nullptr);
  CHECK(is_text(function->environment_variables->get("STAGE"), "prod"));

  // The generated role and what the attach_* inputs attach.
  REQUIRE(function->execution_role != nullptr);
  const Role& role = *function->execution_role;
  CHECK(role.id == "module.worker.aws_iam_role.lambda[0]");
  CHECK(policy_named(role, "worker-logs") != nullptr);
  CHECK(policy_named(role, "AWSLambdaENIManagementAccess") != nullptr);
  CHECK(policy_named(role, "AWSXRayDaemonWriteAccess") != nullptr);
  const Policy* inline_statements = policy_named(role, "worker-inline");
  REQUIRE(inline_statements != nullptr);
  REQUIRE(inline_statements->statements.size() == 1);
  CHECK(list_items(inline_statements->statements.front().action).size() == 3);
  for (const Policy* policy : role.policies) {
    CHECK(policy->origin != PolicyOrigin::unknown);
  }

  // Log group, permissions from allowed_triggers, event source mappings.
  bool log_group = false;
  for (const LogGroup& group : model->log_groups) {
    log_group = log_group || (group.function == function && as_integer(group.retention_days) == 14);
  }
  CHECK(log_group);
  REQUIRE(model->permissions.size() == 1);
  CHECK(model->permissions.front().function == function);
  CHECK(is_text(model->permissions.front().principal, "events.amazonaws.com"));
  REQUIRE(model->event_source_mappings.size() == 1);
  CHECK(model->event_source_mappings.front().function == function);
  CHECK(as_integer(model->event_source_mappings.front().batch_size) == 10);
  CHECK(model->event_source_mappings.front().source_kind == SourceKind::sqs);
  CHECK(unknown_values(*model) == 0);
}

TEST_CASE("terraform idioms: a template that includes itself ends, not known")
{
  const auto model = terraform::build_model(fixture("template_loop"));
  const Resource* resource = model->find_resource("aws_iam_policy.loop");
  REQUIRE(resource != nullptr);
  const Value* policy = resource->property("policy");
  REQUIRE(policy != nullptr);
  REQUIRE(policy->kind == ValueKind::map);
  const Value* statement = policy->get("Statement");
  REQUIRE(statement != nullptr);
  // Some level down, the nesting limit (or the template budget) makes the value unknown.
  const Value* inner = statement;
  int depth = 0;
  while (inner != nullptr && inner->kind == ValueKind::map && depth < 200) {
    inner = inner->get("Statement");
    ++depth;
  }
  REQUIRE(inner != nullptr);
  CHECK(inner->kind == ValueKind::unknown);
}

TEST_CASE("terraform: a user pool's lambda_config gives one Cognito trigger per trigger argument and sender block")
{
  const auto model = from_text(R"(
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "f.zip"
}
resource "aws_cognito_user_pool" "users" {
  name = "users"
  lambda_config {
    pre_sign_up       = aws_lambda_function.f.arn
    post_confirmation = aws_lambda_function.f.arn
    kms_key_id        = "arn:aws:kms:us-east-1:123456789012:key/1"
    custom_email_sender {
      lambda_arn     = aws_lambda_function.f.arn
      lambda_version = "V1_0"
    }
  }
}
)");
  REQUIRE(model != nullptr);
  std::size_t cognito = 0;
  for (const Trigger& trigger : model->triggers) {
    if (trigger.kind == TriggerKind::cognito) {
      ++cognito;
      CHECK(trigger.function != nullptr);
    }
  }
  CHECK(cognito == 3); // pre_sign_up, post_confirmation, custom_email_sender; kms_key_id is not a trigger
}
