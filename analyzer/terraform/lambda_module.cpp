#include "analyzer/terraform/lambda_module.h"

namespace lint::terraform {

namespace {

// What the registry module does with its inputs, read from its source
// (https://github.com/terraform-aws-modules/terraform-aws-lambda: main.tf, iam.tf, variables.tf)
// and written here in lambdalint's own terms:
// - aws_lambda_function.this (count: create && create_function && !create_layer) with the
//   function settings; the role is the generated one unless create_role is false (lambda_role).
//   vpc_config only when both vpc_subnet_ids and vpc_security_group_ids are set; tracing_config
//   when tracing_mode is set; environment when environment_variables is not empty;
//   dead_letter_config when dead_letter_target_arn is set. Defaults: timeout 3, memory_size 128,
//   reserved_concurrent_executions -1; handler and runtime default to "" there, null here, so
//   that a call that does not set them (an image function) is not read as an invalid runtime.
// - aws_cloudwatch_log_group.lambda: /aws/lambda/<function_name>, with
//   cloudwatch_logs_retention_in_days (unless use_existing_cloudwatch_log_group).
// - the role (create_role, default true) with a trust policy for lambda.amazonaws.com, and:
//   attach_cloudwatch_logs_policy (default true): logs:CreateLogGroup (unless the log group
//   exists already), logs:CreateLogStream, logs:PutLogEvents on the log group;
//   attach_dead_letter_policy: sns:Publish and sqs:SendMessage on dead_letter_target_arn;
//   attach_network_policy: AWSLambdaENIManagementAccess; attach_tracing_policy:
//   AWSXRayDaemonWriteAccess (the registry module copies both into policies of its own, with the
//   same statements); attach_policy_json / policy_json, attach_policy_jsons / policy_jsons,
//   attach_policy / policy (an ARN), attach_policies / policies (ARNs), and
//   attach_policy_statements / policy_statements (a map of statements).
// - allowed_triggers: one aws_lambda_permission per entry (principal, or service +
//   ".amazonaws.com"; source_arn; source_account).
// - event_source_mapping: one aws_lambda_event_source_mapping per entry.
constexpr std::string_view k_module = R"hcl(
variable "create" { default = true }
variable "create_function" { default = true }
variable "create_layer" { default = false }
variable "create_role" { default = true }
variable "function_name" { default = "" }
variable "description" { default = "" }
variable "handler" { default = null }
variable "runtime" { default = null }
variable "package_type" { default = "Zip" }
variable "image_uri" { default = null }
variable "timeout" { default = 3 }
variable "memory_size" { default = 128 }
variable "ephemeral_storage_size" { default = 512 }
variable "reserved_concurrent_executions" { default = -1 }
variable "layers" { default = null }
variable "architectures" { default = null }
variable "kms_key_arn" { default = null }
variable "publish" { default = false }
variable "lambda_role" { default = "" }
variable "role_name" { default = null }
variable "role_permissions_boundary" { default = null }
variable "environment_variables" { default = {} }
variable "tracing_mode" { default = null }
variable "dead_letter_target_arn" { default = null }
variable "vpc_subnet_ids" { default = null }
variable "vpc_security_group_ids" { default = null }
variable "use_existing_cloudwatch_log_group" { default = false }
variable "cloudwatch_logs_retention_in_days" { default = null }
variable "cloudwatch_logs_kms_key_id" { default = null }
variable "attach_cloudwatch_logs_policy" { default = true }
variable "attach_dead_letter_policy" { default = false }
variable "attach_network_policy" { default = false }
variable "attach_tracing_policy" { default = false }
variable "attach_policy_json" { default = false }
variable "policy_json" { default = null }
variable "attach_policy_jsons" { default = false }
variable "policy_jsons" { default = [] }
variable "number_of_policy_jsons" { default = 0 }
variable "attach_policy" { default = false }
variable "policy" { default = null }
variable "attach_policies" { default = false }
variable "policies" { default = [] }
variable "number_of_policies" { default = 0 }
variable "attach_policy_statements" { default = false }
variable "policy_statements" { default = {} }
variable "allowed_triggers" { default = {} }
variable "create_unqualified_alias_allowed_triggers" { default = true }
variable "event_source_mapping" { default = {} }

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  create_function = var.create && var.create_function && !var.create_layer
  create_role     = local.create_function && var.create_role
  role_name       = local.create_role ? coalesce(var.role_name, var.function_name, "*") : null
  log_group_arn   = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.function_name}"
}

resource "aws_lambda_function" "this" {
  count = local.create_function ? 1 : 0

  function_name                  = var.function_name
  description                    = var.description
  role                           = var.create_role ? aws_iam_role.lambda[0].arn : var.lambda_role
  handler                        = var.package_type != "Zip" ? null : var.handler
  runtime                        = var.package_type != "Zip" ? null : var.runtime
  package_type                   = var.package_type
  image_uri                      = var.image_uri
  timeout                        = var.timeout
  memory_size                    = var.memory_size
  reserved_concurrent_executions = var.reserved_concurrent_executions
  layers                         = var.layers
  architectures                  = var.architectures
  kms_key_arn                    = var.kms_key_arn
  publish                        = var.publish

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  dynamic "environment" {
    for_each = length(keys(var.environment_variables)) == 0 ? [] : [true]
    content {
      variables = var.environment_variables
    }
  }

  dynamic "tracing_config" {
    for_each = var.tracing_mode == null ? [] : [true]
    content {
      mode = var.tracing_mode
    }
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [true]
    content {
      target_arn = var.dead_letter_target_arn
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc_subnet_ids != null && var.vpc_security_group_ids != null ? [true] : []
    content {
      subnet_ids         = var.vpc_subnet_ids
      security_group_ids = var.vpc_security_group_ids
    }
  }
}

resource "aws_cloudwatch_log_group" "lambda" {
  count = local.create_function && !var.use_existing_cloudwatch_log_group ? 1 : 0

  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_id
}

resource "aws_iam_role" "lambda" {
  count = local.create_role ? 1 : 0

  name                 = local.role_name
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "logs" {
  count = local.create_role && var.attach_cloudwatch_logs_policy ? 1 : 0

  name = "${local.role_name}-logs"
  role = aws_iam_role.lambda[0].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = compact([var.use_existing_cloudwatch_log_group ? "" : "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"])
      Resource = ["${local.log_group_arn}:*", "${local.log_group_arn}:*:*"]
    }]
  })
}

resource "aws_iam_role_policy" "dead_letter" {
  count = local.create_role && var.attach_dead_letter_policy ? 1 : 0

  name = "${local.role_name}-dl"
  role = aws_iam_role.lambda[0].name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["sns:Publish", "sqs:SendMessage"], Resource = [var.dead_letter_target_arn] }]
  })
}

resource "aws_iam_role_policy_attachment" "vpc" {
  count = local.create_role && var.attach_network_policy ? 1 : 0

  role       = aws_iam_role.lambda[0].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess"
}

resource "aws_iam_role_policy_attachment" "tracing" {
  count = local.create_role && var.attach_tracing_policy ? 1 : 0

  role       = aws_iam_role.lambda[0].name
  policy_arn = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

resource "aws_iam_role_policy" "additional_json" {
  count = local.create_role && var.attach_policy_json ? 1 : 0

  name   = local.role_name
  role   = aws_iam_role.lambda[0].name
  policy = var.policy_json
}

resource "aws_iam_role_policy" "additional_jsons" {
  count = local.create_role && var.attach_policy_jsons ? var.number_of_policy_jsons : 0

  name   = "${local.role_name}-${count.index}"
  role   = aws_iam_role.lambda[0].name
  policy = var.policy_jsons[count.index]
}

resource "aws_iam_role_policy_attachment" "additional_one" {
  count = local.create_role && var.attach_policy ? 1 : 0

  role       = aws_iam_role.lambda[0].name
  policy_arn = var.policy
}

resource "aws_iam_role_policy_attachment" "additional_many" {
  count = local.create_role && var.attach_policies ? var.number_of_policies : 0

  role       = aws_iam_role.lambda[0].name
  policy_arn = var.policies[count.index]
}

data "aws_iam_policy_document" "additional_inline" {
  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid           = lookup(statement.value, "sid", null)
      effect        = lookup(statement.value, "effect", null)
      actions       = lookup(statement.value, "actions", null)
      not_actions   = lookup(statement.value, "not_actions", null)
      resources     = lookup(statement.value, "resources", null)
      not_resources = lookup(statement.value, "not_resources", null)
      dynamic "condition" {
        for_each = lookup(statement.value, "condition", [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role_policy" "additional_inline" {
  count = local.create_role && var.attach_policy_statements ? 1 : 0

  name   = "${local.role_name}-inline"
  role   = aws_iam_role.lambda[0].name
  policy = data.aws_iam_policy_document.additional_inline.json
}

resource "aws_lambda_permission" "triggers" {
  for_each = { for key, trigger in var.allowed_triggers : key => trigger if local.create_function && var.create_unqualified_alias_allowed_triggers }

  function_name  = aws_lambda_function.this[0].function_name
  statement_id   = lookup(each.value, "statement_id", each.key)
  action         = lookup(each.value, "action", "lambda:InvokeFunction")
  principal      = lookup(each.value, "principal", format("%s.amazonaws.com", lookup(each.value, "service", "")))
  source_arn     = lookup(each.value, "source_arn", null)
  source_account = lookup(each.value, "source_account", null)
}

resource "aws_lambda_event_source_mapping" "this" {
  for_each = { for key, mapping in var.event_source_mapping : key => mapping if local.create_function && var.create_unqualified_alias_allowed_triggers }

  function_name                      = aws_lambda_function.this[0].arn
  event_source_arn                   = each.value.event_source_arn
  batch_size                         = lookup(each.value, "batch_size", null)
  maximum_batching_window_in_seconds = lookup(each.value, "maximum_batching_window_in_seconds", null)
  starting_position                  = lookup(each.value, "starting_position", null)
  maximum_retry_attempts             = lookup(each.value, "maximum_retry_attempts", null)
  maximum_record_age_in_seconds      = lookup(each.value, "maximum_record_age_in_seconds", null)
  bisect_batch_on_function_error     = lookup(each.value, "bisect_batch_on_function_error", null)
  function_response_types            = lookup(each.value, "function_response_types", null)

  dynamic "destination_config" {
    for_each = lookup(each.value, "destination_arn_on_failure", null) != null ? [true] : []
    content {
      on_failure {
        destination_arn = each.value["destination_arn_on_failure"]
      }
    }
  }

  dynamic "scaling_config" {
    for_each = lookup(each.value, "scaling_config", null) != null ? [true] : []
    content {
      maximum_concurrency = each.value.scaling_config.maximum_concurrency
    }
  }
}

output "lambda_function_arn" { value = try(aws_lambda_function.this[0].arn, "") }
output "lambda_function_invoke_arn" { value = try(aws_lambda_function.this[0].invoke_arn, "") }
output "lambda_function_name" { value = try(aws_lambda_function.this[0].function_name, "") }
output "lambda_function_qualified_arn" { value = try(aws_lambda_function.this[0].qualified_arn, "") }
output "lambda_role_arn" { value = try(aws_iam_role.lambda[0].arn, "") }
output "lambda_role_name" { value = try(aws_iam_role.lambda[0].name, "") }
output "lambda_cloudwatch_log_group_arn" { value = try(aws_cloudwatch_log_group.lambda[0].arn, "") }
)hcl";

} // namespace

bool is_lambda_module_source(std::string_view source)
{
  // Registry addresses: <namespace>/<name>/<provider>, optionally with the registry host
  // (https://developer.hashicorp.com/terraform/language/modules/sources#terraform-registry).
  if (source.starts_with("registry.terraform.io/")) {
    source.remove_prefix(std::string_view("registry.terraform.io/").size());
  }
  return source == "terraform-aws-modules/lambda/aws";
}

std::unique_ptr<ModuleSource> load_lambda_module(const std::filesystem::path& directory)
{
  auto module = load_module_text((directory / "terraform-aws-modules-lambda-aws.tf").string(), std::string(k_module));
  module->builtin = true;
  return module;
}

} // namespace lint::terraform
