// The AWS provider's schema of the Terraform resource types LL004 checks, hand-transcribed.
//
// Source: hashicorp/terraform-provider-aws at commit 0156d84e6bb47e4a5fe0c8e87cf2d14fb1dc3b8c,
// internal/service/lambda/function.go (resourceFunction: every key of its Schema map, its
// Timeouts, and the nested schema.Resource of every block). That commit is release v6.28.0's
// schema of aws_lambda_function: it has response_streaming_invoke_arn (added in v6.28.0) and the
// memory_size limit of 10240 that v6.29.0 raised; the provider's CHANGELOG lists no argument added
// to or removed from aws_lambda_function in v6.29.0 to v6.31.0.
//
// Besides the Schema map, every resource of the SDKv2 provider has:
//  * `id` (terraform-plugin-sdk adds it Optional and Computed when the schema does not declare it,
//    so writing it is accepted);
//  * `region` (provider v6 adds it to every regional resource: "Enhanced Region Support",
//    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/enhanced-region-support);
//  * `timeouts`, a block whose arguments are the operations the resource's Timeouts sets.
// Meta-arguments (count, for_each, provider, depends_on, lifecycle, provisioner, connection) and
// `dynamic` blocks are Terraform's own, not the provider's: the front end never reads them as
// arguments.
//
// Only types whose schema could be read at this one commit are here (other types are not judged).
// No argument of aws_lambda_function is Deprecated at this commit. To refresh: read the same file
// at a newer commit, update the table (sorted by name; a static_assert checks it), the commit and
// the version above and in terraform_provider_version(), and the fixtures under
// fixtures/rules/health/unknown_property/ that name the version.

#include "data/terraform_schema.h"

#include "data/find_sorted.h"

#include <algorithm>
#include <array>

namespace lint::data {
namespace {

using Kind = TerraformArgument::Kind;

constexpr TerraformArgument arg(std::string_view name, bool required = false)
{
  return {name, Kind::argument, required, {}};
}
constexpr TerraformArgument computed(std::string_view name)
{
  return {name, Kind::computed, false, {}};
}
constexpr TerraformArgument block(std::string_view name, std::span<const TerraformArgument> nested)
{
  return {name, Kind::block, false, nested};
}

// ---- aws_lambda_function ---------------------------------------------------------------------

constexpr std::array k_function_capacity_provider_instances{
  arg("capacity_provider_arn", true),
  arg("execution_environment_memory_gib_per_vcpu"),
  arg("per_execution_environment_max_concurrency"),
};
constexpr std::array k_function_capacity_provider_config{
  TerraformArgument{"lambda_managed_instances_capacity_provider_config", Kind::block, true, k_function_capacity_provider_instances},
};
constexpr std::array k_function_dead_letter_config{arg("target_arn", true)};
constexpr std::array k_function_durable_config{arg("execution_timeout", true), arg("retention_period")};
constexpr std::array k_function_environment{arg("variables")};
constexpr std::array k_function_ephemeral_storage{arg("size")};
constexpr std::array k_function_file_system_config{arg("arn", true), arg("local_mount_path", true)};
constexpr std::array k_function_image_config{arg("command"), arg("entry_point"), arg("working_directory")};
constexpr std::array k_function_logging_config{
  arg("application_log_level"),
  arg("log_format", true),
  arg("log_group"),
  arg("system_log_level"),
};
constexpr std::array k_function_snap_start{arg("apply_on", true), computed("optimization_status")};
constexpr std::array k_function_tenancy_config{arg("tenant_isolation_mode", true)};
// Timeouts: Create, Update and Delete are set.
constexpr std::array k_function_timeouts{arg("create"), arg("delete"), arg("update")};
constexpr std::array k_function_tracing_config{arg("mode", true)};
constexpr std::array k_function_vpc_config{
  arg("ipv6_allowed_for_dual_stack"),
  arg("security_group_ids", true),
  arg("subnet_ids", true),
  computed("vpc_id"),
};

constexpr std::array k_function{
  arg("architectures"),
  computed("arn"),
  block("capacity_provider_config", k_function_capacity_provider_config),
  arg("code_sha256"),
  arg("code_signing_config_arn"),
  block("dead_letter_config", k_function_dead_letter_config),
  arg("description"),
  block("durable_config", k_function_durable_config),
  block("environment", k_function_environment),
  block("ephemeral_storage", k_function_ephemeral_storage),
  block("file_system_config", k_function_file_system_config),
  arg("filename"),
  arg("function_name", true),
  arg("handler"),
  arg("id"),
  block("image_config", k_function_image_config),
  arg("image_uri"),
  computed("invoke_arn"),
  arg("kms_key_arn"),
  computed("last_modified"),
  arg("layers"),
  block("logging_config", k_function_logging_config),
  arg("memory_size"),
  arg("package_type"),
  arg("publish"),
  arg("publish_to"),
  computed("qualified_arn"),
  computed("qualified_invoke_arn"),
  arg("region"),
  arg("replace_security_groups_on_destroy"),
  arg("replacement_security_group_ids"),
  arg("reserved_concurrent_executions"),
  computed("response_streaming_invoke_arn"),
  arg("role", true),
  arg("runtime"),
  arg("s3_bucket"),
  arg("s3_key"),
  arg("s3_object_version"),
  computed("signing_job_arn"),
  computed("signing_profile_version_arn"),
  arg("skip_destroy"),
  block("snap_start", k_function_snap_start),
  arg("source_code_hash"),
  computed("source_code_size"),
  arg("source_kms_key_arn"),
  arg("tags"),
  computed("tags_all"),
  block("tenancy_config", k_function_tenancy_config),
  arg("timeout"),
  block("timeouts", k_function_timeouts),
  block("tracing_config", k_function_tracing_config),
  computed("version"),
  block("vpc_config", k_function_vpc_config),
};

constexpr std::array k_resources{
  TerraformResourceSchema{"aws_lambda_function", k_function},
};

/// Every list is sorted by name (lookups are binary searches), nested lists too.
constexpr bool sorted(std::span<const TerraformArgument> arguments)
{
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if ((i > 0 && !(arguments[i - 1].name < arguments[i].name)) || !sorted(arguments[i].nested)) {
      return false;
    }
  }
  return true;
}
constexpr bool all_sorted()
{
  for (std::size_t i = 0; i < k_resources.size(); ++i) {
    if ((i > 0 && !(k_resources[i - 1].type < k_resources[i].type)) || !sorted(k_resources[i].arguments)) {
      return false;
    }
  }
  return true;
}
static_assert(all_sorted(), "data/terraform_schema.cpp: keep every list sorted by name");

} // namespace

std::string_view terraform_provider_version()
{
  return "v6.28";
}

const TerraformResourceSchema* find_terraform_resource(std::string_view terraform_type)
{
  return find_sorted(std::span<const TerraformResourceSchema>(k_resources), terraform_type,
                     [](const TerraformResourceSchema& schema) { return schema.type; });
}

const TerraformArgument* find_terraform_argument(std::span<const TerraformArgument> arguments, std::string_view name)
{
  return find_sorted(arguments, name, [](const TerraformArgument& argument) { return argument.name; });
}

} // namespace lint::data
