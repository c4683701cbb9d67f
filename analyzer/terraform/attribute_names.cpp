#include "analyzer/terraform/attribute_names.h"

#include <cctype>

namespace lint::terraform {

namespace {

// CloudFormation property → AWS provider attribute
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function and
// the sqs_queue, cloudwatch_log_group, lambda_permission, lambda_function_url,
// lambda_event_source_mapping pages). Longer names first where one contains another. Names that
// mean the same in both (policy fields: Effect, Action, Resource, Principal, Condition; state
// machine fields: TimeoutSeconds) are not listed.
constexpr std::pair<std::string_view, std::string_view> k_names[] = {
  {"TracingConfig Mode", "tracing_config mode"},
  {"ReservedConcurrentExecutions", "reserved_concurrent_executions"},
  {"ProvisionedConcurrentExecutions", "provisioned_concurrent_executions"},
  {"SqsManagedSseEnabled", "sqs_managed_sse_enabled"},
  {"VisibilityTimeout", "visibility_timeout_seconds"},
  {"RetentionInDays", "retention_in_days"},
  {"RedrivePolicy", "redrive_policy"},
  {"DeadLetterConfig", "dead_letter_config"},
  {"SecurityGroupIds", "security_group_ids"},
  {"MaximumConcurrency", "maximum_concurrency"},
  {"MaximumRetryAttempts", "maximum_retry_attempts"},
  {"BisectBatchOnFunctionError", "bisect_batch_on_function_error"},
  {"EphemeralStorage", "ephemeral_storage"},
  {"KmsMasterKeyId", "kms_master_key_id"},
  {"PrincipalOrgID", "principal_org_id"},
  {"SourceAccount", "source_account"},
  {"TracingConfig", "tracing_config"},
  {"FunctionName", "function_name"},
  {"PackageType", "package_type"},
  {"MemorySize", "memory_size"},
  {"KmsKeyArn", "kms_key_arn"},
  {"SourceArn", "source_arn"},
  {"SubnetIds", "subnet_ids"},
  {"VpcConfig", "vpc_config"},
  {"BatchSize", "batch_size"},
  {"AuthType", "authorization_type"},
  {"Runtime", "runtime"},
  {"Timeout", "timeout"},
  {"Layers", "layers"},
};

bool is_word_character(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

} // namespace

std::string with_attribute_names(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  bool quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    // A quote opens after a non-word character and closes before one ("queue's" is no quote).
    if (c == '\'' && !quoted && (i == 0 || !is_word_character(text[i - 1]))) {
      quoted = true;
    } else if (c == '\'' && quoted && (i + 1 == text.size() || !is_word_character(text[i + 1]))) {
      quoted = false;
    }
    if (!quoted && (i == 0 || !is_word_character(text[i - 1]))) {
      bool replaced = false;
      for (const auto& [from, to] : k_names) {
        const std::size_t end = i + from.size();
        if (text.substr(i, from.size()) == from && (end == text.size() || !is_word_character(text[end]))) {
          out += to;
          i = end;
          replaced = true;
          break;
        }
      }
      if (replaced) {
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

void use_attribute_names(std::vector<Finding>& findings)
{
  for (Finding& finding : findings) {
    finding.message = with_attribute_names(finding.message);
    for (RelatedLocation& related : finding.related) {
      related.message = with_attribute_names(related.message);
    }
    if (finding.fix) {
      finding.fix->title = with_attribute_names(finding.fix->title);
    }
  }
}

} // namespace lint::terraform
