#include "analyzer/terraform/facets.h"
#include "analyzer/resource_policies.h"
#include "analyzer/json_string_document.h"

#include "analyzer/cfn/state_machine.h"
#include "analyzer/invoke.h"

#include <array>
#include <set>
#include <unordered_map>

namespace lint::terraform {

namespace {

/// The first block of a kind in a Terraform body map (blocks are lists of maps), or nullptr.
const Value* block(const Value* body, std::string_view name)
{
  const Value* list = body ? body->get(name) : nullptr;
  if (list == nullptr) {
    return nullptr;
  }
  if (list->kind == ValueKind::list) {
    return list->items.empty() ? nullptr : list->items.front();
  }
  return list; // a map written as an attribute, or unknown (dynamic block)
}

/// Every block of a kind. HCL gives a list of maps; .tf.json may write a single block as one object
/// instead of a one-element array (https://developer.hashicorp.com/terraform/language/syntax/json#nested-block-mapping).
std::vector<const Value*> blocks(const Value* body, std::string_view name)
{
  const Value* list = body ? body->get(name) : nullptr;
  if (list && list->kind == ValueKind::list) {
    return {list->items.begin(), list->items.end()};
  }
  if (list && list->kind == ValueKind::map) {
    return {list};
  }
  return {};
}

// The AWS provider's attribute names for the settings messages mention
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function and
// the sqs_queue, sns_topic, cloudwatch_log_group, lambda_function_url and
// lambda_event_source_mapping pages).
constexpr FunctionNames k_function_names{
  .timeout = "timeout",
  .memory_size = "memory_size",
  .ephemeral_storage = "ephemeral_storage size",
  .runtime = "runtime",
  .reserved_concurrency = "reserved_concurrent_executions",
  .vpc_config = "vpc_config",
  .subnet_ids = "subnet_ids",
  .security_group_ids = "security_group_ids",
  .kms_key_arn = "kms_key_arn",
  .tracing = "tracing_config",
  .tracing_mode = "tracing_config mode",
  .dead_letter = "dead_letter_config",
  .handler = "handler",
  .package_type = "package_type",
  .layers = "layers",
  .role = "role",
  .log_format = "logging_config log_format",
  .application_log_level = "logging_config application_log_level",
  .system_log_level = "logging_config system_log_level",
  .snap_start = "snap_start apply_on",
  .publishes_versions = "publish",
};
// terraform-aws-modules/lambda/aws inputs for the same settings (its variables.tf).
constexpr FunctionNames k_lambda_module_names{
  .timeout = "timeout",
  .memory_size = "memory_size",
  .ephemeral_storage = "ephemeral_storage_size",
  .runtime = "runtime",
  .reserved_concurrency = "reserved_concurrent_executions",
  .vpc_config = "vpc_subnet_ids",
  .subnet_ids = "vpc_subnet_ids",
  .security_group_ids = "vpc_security_group_ids",
  .kms_key_arn = "kms_key_arn",
  .tracing = "tracing_mode",
  .tracing_mode = "tracing_mode",
  .dead_letter = "dead_letter_target_arn",
  .publishes_versions = "publish",
};
constexpr QueueNames k_queue_names{
  .visibility_timeout = "visibility_timeout_seconds",
  .redrive_policy = "redrive_policy",
  .kms_master_key_id = "kms_master_key_id",
  .sqs_managed_sse = "sqs_managed_sse_enabled",
};

class FacetBuilder {
public:
  FacetBuilder(Model& model, const std::map<const Resource*, std::string>& terraform_types, const std::set<const Resource*>& lambda_module)
      : m_model(model), m_terraform_types(terraform_types), m_lambda_module(lambda_module)
  {
  }

  std::string_view tf_type(const Resource& resource) const
  {
    const auto found = m_terraform_types.find(&resource);
    return found != m_terraform_types.end() ? std::string_view(found->second) : std::string_view(resource.type);
  }

  const Value* synthesized_map(const Resource& resource, const Value* owner, std::string_view key, const Value* value)
  {
    Value& map = m_model.values.make(ValueKind::map, owner->range);
    map.file = owner->file ? owner->file : resource.file;
    map.entries.push_back({std::string(key), value ? value->range : owner->range, value});
    return &map;
  }

  void build()
  {
    for (const Resource& resource : m_model.resources) {
      if (tf_type(resource) == "aws_lambda_function") {
        add_function(resource);
      }
    }
    m_model.index();
    for (const Resource& resource : m_model.resources) {
      if (tf_type(resource) == "aws_lambda_alias") {
        if (const Function* function = function_for(resource.property("function_name"))) {
          m_model.function_aliases.emplace(resource.id, function);
        }
      }
    }
    for (const Resource& resource : m_model.resources) {
      add_non_function(resource);
    }
    for (Resource& resource : m_model.resources) {
      set_physical_name(resource);
    }
    m_model.index();
    for (const Resource& resource : m_model.resources) {
      add_wiring(resource);
    }
    link_function_url_invoke_permissions();
    add_iam();
    m_model.index();
  }

  /// `invoked_via_function_url = true` (aws provider 6.x, lambda_permission#invoked_via_function_url)
  /// limits a lambda:InvokeFunction permission to calls made through the function's URL, as
  /// CloudFormation's InvokedViaFunctionUrl does (cfn frontend): it is the permission a public
  /// URL needs beside lambda:InvokeFunctionUrl since October 2025, as open as the URL's
  /// authorization_type.
  void link_function_url_invoke_permissions()
  {
    for (Permission& permission : m_model.permissions) {
      if (permission.function == nullptr || is_set(permission.function_url_auth_type) ||
          as_bool(permission.resource->property("invoked_via_function_url")) != std::optional<bool>(true)) {
        continue;
      }
      for (const FunctionUrl& url : m_model.function_urls) {
        if (url.function == permission.function && is_set(url.auth_type)) {
          permission.function_url_auth_type = url.auth_type;
          break;
        }
      }
    }
  }

  /// Resource::physical_name for the types whose explicit names must be unique in an account and
  /// Region (the provider's create fails on the second one).
  void set_physical_name(Resource& resource)
  {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_name_arguments{{
      {"aws_lambda_function", "function_name"},
      {"aws_sqs_queue", "name"},
      {"aws_sns_topic", "name"},
      {"aws_dynamodb_table", "name"},
      {"aws_iam_role", "name"},
      {"aws_cloudwatch_log_group", "name"},
    }};
    for (const auto& [type, key] : k_name_arguments) {
      if (tf_type(resource) == type) {
        resource.physical_name = resource.property(key);
        resource.physical_name_key = key;
        return;
      }
    }
  }

  void add_function(const Resource& resource)
  {
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function
    // timeout defaults to 3, memory_size to 128, reserved_concurrent_executions to -1 (unreserved).
    Function& function = m_model.functions.emplace_back();
    const Value* body = resource.properties;
    function.resource = &resource;
    function.names = m_lambda_module.contains(&resource) ? k_lambda_module_names : k_function_names;
    function.function_name = resource.property("function_name");
    function.runtime = resource.property("runtime");
    function.handler = resource.property("handler");
    function.package_type = resource.property("package_type");
    function.timeout = resource.property("timeout");
    function.memory_size = resource.property("memory_size");
    function.ephemeral_storage = get_path(block(body, "ephemeral_storage"), {"size"});
    function.role = resource.property("role");
    function.publishes_versions = resource.property("publish");
    // Where the code is: a local `filename` (usually a zip: not source, said so by code analysis),
    // an S3 object, or an image. https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function
    if (is_text(function.package_type, "Image") || resource.property("image_uri") != nullptr) {
      function.code.kind = FunctionCode::Kind::image;
    } else if (resource.property("s3_bucket") != nullptr) {
      function.code.kind = FunctionCode::Kind::s3_object;
      // The provider passes an empty s3_bucket / s3_key on to CreateFunction as written (its
      // ExactlyOneOf check counts "" as set), and Lambda rejects an empty bucket name or key.
      function.s3_code = {body, "", "s3_bucket", "s3_key"};
    } else if (const Value* filename = resource.property("filename"); filename != nullptr) {
      function.code.written = filename;
      if (filename->kind == ValueKind::string && !filename->text.empty()) {
        function.code.kind = FunctionCode::Kind::local_path;
        function.code.local_path = filename->text;
      }
    }
    if (const Value* vpc = block(body, "vpc_config")) {
      // The facet's VpcConfig map has CloudFormation's keys, so rules read one shape.
      function.vpc_subnet_ids = get_path(vpc, {"subnet_ids"});
      function.vpc_security_group_ids = get_path(vpc, {"security_group_ids"});
      function.vpc_config = vpc;
      if (vpc->kind == ValueKind::map) {
        Value& map = m_model.values.make(ValueKind::map, vpc->range);
        map.file = vpc->file;
        if (const ValueEntry* subnets = vpc->find_entry("subnet_ids")) {
          map.entries.push_back({"SubnetIds", subnets->key_range, subnets->value});
        }
        if (const ValueEntry* groups = vpc->find_entry("security_group_ids")) {
          map.entries.push_back({"SecurityGroupIds", groups->key_range, groups->value});
        }
        function.vpc_config = &map;
      }
    }
    if (const Value* environment = block(body, "environment")) {
      function.environment_variables = get_path(environment, {"variables"});
      if (environment->kind == ValueKind::map) {
        function.environment = synthesized_map(resource, environment, "Variables", function.environment_variables);
      }
    }
    function.kms_key_arn = resource.property("kms_key_arn");
    function.reserved_concurrency = resource.property("reserved_concurrent_executions");
    if (const auto reserved = as_integer(function.reserved_concurrency); reserved && *reserved == -1) {
      function.reserved_concurrency = nullptr; // -1 is the provider's "unreserved"
    }
    function.layers = resource.property("layers");
    if (const Value* tracing = block(body, "tracing_config")) {
      function.tracing_mode = get_path(tracing, {"mode"});
      if (tracing->kind == ValueKind::map) {
        function.tracing_config = synthesized_map(resource, tracing, "Mode", function.tracing_mode);
      }
    }
    function.dead_letter_target = get_path(block(body, "dead_letter_config"), {"target_arn"});
    function.logging_log_group = get_path(block(body, "logging_config"), {"log_group"});
    read_logging_and_snap_start(function, body);
    if (const auto group = as_string(function.logging_log_group); group && function.function_name) {
      // The default group written out (a state reads it back): not a custom log group.
      if (const auto name = as_string(function.function_name); name && *group == "/aws/lambda/" + std::string(*name)) {
        function.logging_log_group = nullptr;
      }
    }
  }

  void read_logging_and_snap_start(Function& function, const Value* body)
  {
    const Value* logging = block(body, "logging_config");
    function.log_format = get_path(logging, {"log_format"});
    function.application_log_level = get_path(logging, {"application_log_level"});
    function.system_log_level = get_path(logging, {"system_log_level"});
    function.snap_start = get_path(block(body, "snap_start"), {"apply_on"});
  }

  void add_non_function(const Resource& resource)
  {
    const std::string_view type = tf_type(resource);
    const Value* body = resource.properties;
    if (type == "aws_sqs_queue") {
      Queue& queue = m_model.queues.emplace_back();
      queue.resource = &resource;
      queue.names = k_queue_names;
      add_inline_resource_policy(resource, resource.property("policy"));
      queue.visibility_timeout = resource.property("visibility_timeout_seconds");
      queue.fifo = resource.property("fifo_queue");
      queue.redrive_policy = resource.property("redrive_policy");
      queue.kms_master_key_id = resource.property("kms_master_key_id");
      queue.sqs_managed_sse = resource.property("sqs_managed_sse_enabled");
    } else if (type == "aws_sns_topic") {
      Topic& topic = m_model.topics.emplace_back();
      topic.resource = &resource;
      topic.kms_master_key_id = resource.property("kms_master_key_id");
      topic.kms_master_key_id_name = "kms_master_key_id";
      add_inline_resource_policy(resource, resource.property("policy"));
    } else if (type == "aws_lambda_permission") {
      Permission& permission = m_model.permissions.emplace_back();
      permission.resource = &resource;
      permission.action = resource.property("action");
      permission.function_name = resource.property("function_name");
      permission.principal = resource.property("principal");
      permission.source_arn = resource.property("source_arn");
      permission.source_account = resource.property("source_account");
      permission.principal_org_id = resource.property("principal_org_id");
      permission.function_url_auth_type = resource.property("function_url_auth_type");
      permission.source_arn_name = "source_arn";
      permission.source_account_name = "source_account";
      permission.principal_org_id_name = "principal_org_id";
      permission.function = function_for(permission.function_name);
    } else if (type == "aws_lambda_function_url") {
      FunctionUrl& url = m_model.function_urls.emplace_back();
      url.resource = &resource;
      url.auth_type = resource.property("authorization_type");
      url.auth_type_name = "authorization_type";
      url.cors = block(body, "cors");
      if (url.cors != nullptr && url.cors->kind == ValueKind::map) {
        // The facet's Cors map has CloudFormation's keys, so rules read one shape.
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function_url
        static constexpr std::pair<std::string_view, std::string_view> k_cors_keys[] = {
          {"allow_credentials", "AllowCredentials"}, {"allow_headers", "AllowHeaders"}, {"allow_methods", "AllowMethods"},
          {"allow_origins", "AllowOrigins"},         {"expose_headers", "ExposeHeaders"}, {"max_age", "MaxAge"},
        };
        Value& map = m_model.values.make(ValueKind::map, url.cors->range);
        map.file = url.cors->file;
        for (const auto& [from, to] : k_cors_keys) {
          if (const ValueEntry* entry = url.cors->find_entry(from)) {
            map.entries.push_back({std::string(to), entry->key_range, entry->value});
          }
        }
        url.cors = &map;
      }
      url.function = function_for(resource.property("function_name"));
    } else if (type == "aws_cloudwatch_log_group") {
      LogGroup& group = m_model.log_groups.emplace_back();
      group.resource = &resource;
      group.name = resource.property("name");
      group.retention_days = resource.property("retention_in_days");
      group.retention_days_name = m_lambda_module.contains(&resource) ? "cloudwatch_logs_retention_in_days" : "retention_in_days";
      if (const auto days = as_integer(group.retention_days); days && *days == 0) {
        // The provider's 0 is "never expire", as if unset (plans and state always hold a number).
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group
        group.retention_days = nullptr;
      }
      group.function = function_of_log_group(group.name);
    } else if (type == "aws_lambda_provisioned_concurrency_config") {
      ProvisionedConcurrency& provisioned = m_model.provisioned_concurrency.emplace_back();
      provisioned.resource = &resource;
      provisioned.amount = resource.property("provisioned_concurrent_executions");
      provisioned.function = function_for(resource.property("function_name"));
    } else if (type == "aws_lambda_function_event_invoke_config") {
      EventInvokeConfig& config = m_model.event_invoke_configs.emplace_back();
      config.resource = &resource;
      const Value* destinations = block(body, "destination_config");
      config.on_failure = get_path(block(destinations, "on_failure"), {"destination"});
      config.on_success = get_path(block(destinations, "on_success"), {"destination"});
      config.function = function_for(resource.property("function_name"));
    } else if (type == "aws_sqs_queue_policy") {
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue_policy
      add_resource_policies(resource, resource.property("queue_url"), ResourceKind::queue, resource.property("policy"));
    } else if (type == "aws_sns_topic_policy") {
      add_resource_policies(resource, resource.property("arn"), ResourceKind::topic, resource.property("policy"));
    } else if (type == "aws_s3_bucket_policy") {
      add_resource_policies(resource, resource.property("bucket"), ResourceKind::bucket, resource.property("policy"));
    } else if (type == "aws_cloudwatch_event_bus_policy") {
      // Without event_bus_name the policy is on the account's default bus (not declared here).
      add_resource_policies(resource, resource.property("event_bus_name"), ResourceKind::event_bus, resource.property("policy"));
    } else if (type == "aws_kinesis_resource_policy") {
      add_resource_policies(resource, resource.property("resource_arn"), ResourceKind::kinesis_stream, resource.property("policy"));
    } else if (type == "aws_dynamodb_resource_policy") {
      add_resource_policies(resource, resource.property("resource_arn"), ResourceKind::dynamodb_table, resource.property("policy"));
    } else if (type == "aws_kms_key") {
      Key& key = m_model.keys.emplace_back();
      key.resource = &resource;
      key.policy = resource.property("policy");
      add_inline_resource_policy(resource, key.policy);
      Value& arn = m_model.values.make(ValueKind::reference, resource.id_range);
      arn.reference = {Reference::Target::resource, resource.id, "arn"};
      key.arn = &arn;
    } else if (type == "aws_s3_bucket") {
      Bucket& bucket = m_model.buckets.emplace_back();
      bucket.resource = &resource;
      bucket.name = resource.property("bucket");
      add_inline_resource_policy(resource, resource.property("policy"));
    } else if (type == "aws_subnet") {
      m_model.subnets.push_back({&resource});
    } else if (type == "aws_sqs_queue_redrive_policy") {
      // The queue's redrive policy, written as a resource of its own.
      if (const Resource* target = m_model.resource_for(resource.property("queue_url"))) {
        for (Queue& queue : m_model.queues) {
          if (queue.resource == target && !is_set(queue.redrive_policy)) {
            queue.redrive_policy = resource.property("redrive_policy");
          }
        }
      }
    }
  }

  // Resource policies are built the same way by every front end (analyzer/resource_policies.h).
  void add_resource_policies(const Resource& resource, const Value* targets, ResourceKind kind, const Value* document)
  {
    lint::add_resource_policies(m_model, resource, targets, kind, document);
  }

  void add_inline_resource_policy(const Resource& resource, const Value* document)
  {
    lint::add_inline_resource_policy(m_model, resource, document);
  }

  /// The function whose function_name is `name` (the first of that name), through an index: a
  /// state of 10,000 functions and 10,000 permissions naming them would otherwise compare every
  /// pair (Model::function_for scans the functions for a literal name).
  const Function* function_named(std::string_view name)
  {
    if (m_functions_by_name.empty()) {
      for (const Function& function : m_model.functions) {
        if (const auto declared = name_text(function.function_name)) {
          m_functions_by_name.emplace(*declared, &function);
        }
      }
    }
    const auto found = m_functions_by_name.find(name);
    return found != m_functions_by_name.end() ? found->second : nullptr;
  }

  /// Model::function_for with the literal-name lookup indexed: a reference to a function (or an
  /// alias or version), else a literal name or ARN matching a function's function_name.
  const Function* function_for(const Value* value)
  {
    if (value == nullptr) {
      return nullptr;
    }
    if (const Reference* reference = single_reference(value); reference && reference->target == Reference::Target::resource) {
      return m_model.function_for(value);
    }
    const std::optional<std::string> text = name_text(value);
    if (!text) {
      return nullptr;
    }
    const std::optional<FunctionAddress> address = function_address(*text);
    return address ? function_named(address->name) : nullptr;
  }

  /// "/aws/lambda/${aws_lambda_function.x.function_name}" or "/aws/lambda/<literal name>".
  const Function* function_of_log_group(const Value* name)
  {
    if (name == nullptr) {
      return nullptr;
    }
    if (name->kind == ValueKind::text_template && name->parts.size() == 2 && !name->parts[0].is_reference &&
        name->parts[0].literal == "/aws/lambda/" && name->parts[1].is_reference &&
        name->parts[1].reference.target == Reference::Target::resource && name->parts[1].reference.attribute == "function_name") {
      return m_model.find_function(name->parts[1].reference.name);
    }
    if (const auto text = as_string(name); text && text->starts_with("/aws/lambda/")) {
      return function_named(text->substr(12));
    }
    return nullptr;
  }

  /// A trigger written in `holder` (an integration, an event target, a bucket notification, a
  /// subscription); `source` is the resource the service acts for (the API, rule, bucket, topic,
  /// log group) when a reference names it, which permissions name in source_arn.
  Trigger* add_trigger(TriggerKind kind, const Resource* source, const Resource& holder, const Value* target, const Value* timeout_millis = nullptr)
  {
    const Function* function = function_for(target);
    if (function == nullptr || target == nullptr) {
      return nullptr;
    }
    Trigger& trigger = m_model.triggers.emplace_back();
    trigger.kind = kind;
    trigger.source = &holder;
    trigger.source_resource = source;
    trigger.principal = invoke::service_principal(kind);
    trigger.function = function;
    trigger.wiring = holder.location(target);
    trigger.target = target;
    trigger.timeout_millis = timeout_millis;
    return &trigger;
  }

  void add_wiring(const Resource& resource)
  {
    const std::string_view type = tf_type(resource);
    const Value* body = resource.properties;
    // The resource a reference names (the rule of a target, the bucket of a notification), or
    // nullptr when it cannot be resolved.
    auto owner = [&](const Value* value) { return m_model.resource_for(value); };
    if (type == "aws_lambda_event_source_mapping") {
      add_event_source_mapping(resource);
    } else if (type == "aws_kms_key_policy") {
      // The key's policy written as a resource of its own (after the keys exist).
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy
      const Value* document = resource.property("policy");
      add_resource_policies(resource, resource.property("key_id"), ResourceKind::kms_key, document);
      if (const Resource* target = owner(resource.property("key_id"))) {
        for (Key& key : m_model.keys) {
          if (key.resource == target && !is_set(key.policy)) {
            key.policy = document;
          }
        }
      }
    } else if (type == "aws_api_gateway_integration") {
      const Value* integration_type = resource.property("type");
      if (is_text(integration_type, "AWS") || is_text(integration_type, "AWS_PROXY")) {
        if (Trigger* trigger = add_trigger(TriggerKind::api_rest, owner(resource.property("rest_api_id")), resource, resource.property("uri"),
                                           resource.property("timeout_milliseconds"))) {
          // request_parameters = { "integration.request.header.X-Amz-Invocation-Type" = "'Event'" }
          const Value* parameters = resource.property("request_parameters");
          trigger->event_invocation_requested =
            invoke::requests_event_invocation(parameters ? parameters->get("integration.request.header.X-Amz-Invocation-Type") : nullptr);
        }
      }
    } else if (type == "aws_apigatewayv2_integration") {
      const Resource* api = owner(resource.property("api_id"));
      if (Trigger* trigger = add_trigger(TriggerKind::api_http, api, resource, resource.property("integration_uri"), resource.property("timeout_milliseconds"))) {
        trigger->websocket = api != nullptr && tf_type(*api) == "aws_apigatewayv2_api" && is_text(api->property("protocol_type"), "WEBSOCKET");
      }
    } else if (type == "aws_apigatewayv2_api") {
      add_trigger(TriggerKind::api_http, &resource, resource, resource.property("target"));
    } else if (type == "aws_cloudwatch_event_target") {
      add_trigger(TriggerKind::events, owner(resource.property("rule")), resource, resource.property("arn"));
    } else if (type == "aws_s3_bucket_notification") {
      for (const Value* configuration : blocks(body, "lambda_function")) {
        add_trigger(TriggerKind::s3, owner(resource.property("bucket")), resource, get_path(configuration, {"lambda_function_arn"}));
      }
    } else if (type == "aws_sns_topic_subscription") {
      if (is_text(resource.property("protocol"), "lambda")) {
        add_trigger(TriggerKind::sns, owner(resource.property("topic_arn")), resource, resource.property("endpoint"));
      }
    } else if (type == "aws_cloudwatch_log_subscription_filter") {
      add_trigger(TriggerKind::logs, owner(resource.property("log_group_name")), resource, resource.property("destination_arn"));
    } else if (type == "aws_cognito_user_pool") {
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_user_pool#lambda_config:
      // every trigger is an ARN attribute, except the senders and the token generation config,
      // which are blocks with lambda_arn.
      const Value* config = block(body, "lambda_config");
      if (config != nullptr && config->kind == ValueKind::map) {
        for (const ValueEntry& entry : config->entries) {
          if (entry.key == "kms_key_id") {
            continue;
          }
          if (entry.value != nullptr && entry.value->kind == ValueKind::list) {
            for (const Value* nested : entry.value->items) {
              add_trigger(TriggerKind::cognito, &resource, resource, get_path(nested, {"lambda_arn"}));
            }
          } else {
            add_trigger(TriggerKind::cognito, &resource, resource, entry.value);
          }
        }
      }
    } else if (type == "aws_lb_target_group_attachment") {
      // A function registered with a target group of target_type "lambda": the load balancer
      // invokes it for the target group.
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_target_group_attachment
      const Resource* group = owner(resource.property("target_group_arn"));
      if (group == nullptr || is_text(group->property("target_type"), "lambda")) {
        add_trigger(TriggerKind::alb, group, resource, resource.property("target_id"));
      }
    } else if (type == "aws_iot_topic_rule") {
      // lambda { function_arn } actions, and the error_action's lambda.
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iot_topic_rule
      for (const Value* action : blocks(body, "lambda")) {
        add_trigger(TriggerKind::iot, &resource, resource, get_path(action, {"function_arn"}));
      }
      for (const Value* error_action : blocks(body, "error_action")) {
        for (const Value* action : blocks(error_action, "lambda")) {
          add_trigger(TriggerKind::iot, &resource, resource, get_path(action, {"function_arn"}));
        }
      }
    } else if (type == "aws_ses_receipt_rule") {
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ses_receipt_rule
      for (const Value* action : blocks(body, "lambda_action")) {
        add_trigger(TriggerKind::ses, &resource, resource, get_path(action, {"function_arn"}));
      }
    } else if (type == "aws_appsync_datasource") {
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/appsync_datasource
      if (is_text(resource.property("type"), "AWS_LAMBDA")) {
        add_trigger(TriggerKind::appsync, &resource, resource, get_path(block(body, "lambda_config"), {"function_arn"}));
      }
    } else if (type == "aws_sfn_state_machine") {
      const Value* definition = resource.property("definition");
      if (definition && definition->kind == ValueKind::map) {
        for (StateMachineTask& task : cfn::extract_lambda_tasks_from(m_model, resource, definition)) {
          m_model.state_machine_tasks.push_back(std::move(task));
        }
      }
    }
  }

  void add_event_source_mapping(const Resource& resource)
  {
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_event_source_mapping
    EventSourceMapping& mapping = m_model.event_source_mappings.emplace_back();
    const Value* body = resource.properties;
    mapping.resource = &resource;
    mapping.function_name = resource.property("function_name");
    mapping.event_source_arn = resource.property("event_source_arn");
    mapping.batch_size = resource.property("batch_size");
    mapping.starting_position = resource.property("starting_position");
    mapping.maximum_batching_window = resource.property("maximum_batching_window_in_seconds");
    mapping.maximum_retry_attempts = resource.property("maximum_retry_attempts");
    mapping.maximum_record_age = resource.property("maximum_record_age_in_seconds");
    mapping.bisect_on_error = resource.property("bisect_batch_on_function_error");
    mapping.on_failure_destination = get_path(block(block(body, "destination_config"), "on_failure"), {"destination_arn"});
    mapping.maximum_concurrency = get_path(block(body, "scaling_config"), {"maximum_concurrency"});
    mapping.batch_size_name = "batch_size";
    mapping.maximum_concurrency_name = "scaling_config maximum_concurrency";
    mapping.starting_position_name = "starting_position";
    mapping.maximum_batching_window_name = "maximum_batching_window_in_seconds";
    mapping.function = function_for(mapping.function_name);
    mapping.source = m_model.resource_for(mapping.event_source_arn);
    if (body && (body->get("self_managed_event_source") || body->get("amazon_managed_kafka_event_source_config"))) {
      mapping.source_kind = SourceKind::kafka;
    }
    if (mapping.source != nullptr) {
      const std::string_view source_type = tf_type(*mapping.source);
      const Reference* reference = single_reference(mapping.event_source_arn);
      if (source_type == "aws_sqs_queue") {
        mapping.source_kind = SourceKind::sqs;
        mapping.queue = m_model.find_queue(mapping.source->id);
      } else if (source_type == "aws_kinesis_stream" || source_type == "aws_kinesis_stream_consumer") {
        mapping.source_kind = SourceKind::kinesis;
      } else if (source_type == "aws_dynamodb_table") {
        if (reference && reference->attribute == "stream_arn") {
          mapping.source_kind = SourceKind::dynamodb_stream;
        }
      } else if (source_type == "aws_msk_cluster" || source_type == "aws_msk_serverless_cluster") {
        mapping.source_kind = SourceKind::kafka;
      } else if (source_type == "aws_mq_broker") {
        mapping.source_kind = SourceKind::mq;
      } else if (source_type == "aws_docdb_cluster") {
        mapping.source_kind = SourceKind::documentdb;
      }
      return;
    }
    if (const SourceKind kind = source_kind_of_arn(mapping.event_source_arn); kind != SourceKind::unknown) {
      mapping.source_kind = kind;
    }
  }

  // ---- IAM -------------------------------------------------------------------------------

  /// A policy from a written document: origin unknown (no document) when it cannot be read.
  Policy& add_policy(PolicyOrigin origin, std::string name, const Resource& declaring, Location where, const Value* document)
  {
    Policy& policy = m_model.policies.emplace_back();
    policy.origin = origin;
    policy.name = std::move(name);
    policy.resource = &declaring;
    policy.location = std::move(where);
    document = decode_json_string_document(document, declaring.file, m_model.values); // policy = "{...}"
    if (document != nullptr && document->kind == ValueKind::map) {
      policy.document = document;
      policy.statements = policy_statements(document);
    } else if (document != nullptr && document->kind == ValueKind::choice) {
      policy.document = document;
      policy.statements = policy_statements(document);
    } else {
      policy.origin = PolicyOrigin::unknown;
    }
    return policy;
  }

  /// A managed policy ARN: AWS managed (document from the data set), an aws_iam_policy of the
  /// module (its document), or unknown.
  void attach_managed(Role& role, const Resource& declaring, const Value* arn)
  {
    for (const Value* possible : possible_values(arn)) {
      const Resource* policy_resource = m_model.resource_for(possible);
      if (policy_resource != nullptr && tf_type(*policy_resource) == "aws_iam_policy") {
        const auto name = as_string(policy_resource->property("name"));
        Policy& policy = add_policy(PolicyOrigin::customer_managed, name ? std::string(*name) : policy_resource->id, *policy_resource,
                                    declaring.location(possible), policy_resource->property("policy"));
        policy.arn = possible;
        role.policies.push_back(&policy);
        continue;
      }
      Policy& policy = m_model.policies.emplace_back();
      policy.resource = &declaring;
      policy.location = declaring.location(possible);
      policy.arn = possible;
      const auto text = as_string(possible);
      if (text && text->starts_with("arn:aws:iam::aws:policy/")) {
        policy.origin = PolicyOrigin::aws_managed;
        policy.name = std::string(text->substr(text->rfind('/') + 1));
      } else {
        policy.origin = PolicyOrigin::unknown;
        policy.name = text ? std::string(*text) : std::string("unknown policy");
      }
      role.policies.push_back(&policy);
    }
  }

  /// The role a value names: a reference to an aws_iam_role (any attribute), or a literal role
  /// name / ARN matching a role's name.
  Role* role_for(const Value* value)
  {
    // Indexed once the roles exist: a state of 10,000 functions and roles would otherwise
    // compare every function with every role.
    if (m_roles_by_resource.empty() && !m_model.roles.empty()) {
      for (Role& role : m_model.roles) {
        m_roles_by_resource.emplace(role.resource, &role);
        if (const auto declared = as_string(role.resource->property("name"))) {
          m_roles_by_name.emplace(std::string(*declared), &role); // the first of a name, as before
        }
      }
    }
    if (const Resource* target = m_model.resource_for(value)) {
      const auto found = m_roles_by_resource.find(target);
      return found != m_roles_by_resource.end() ? found->second : nullptr;
    }
    auto text = as_string(value);
    if (!text) {
      return nullptr;
    }
    std::string_view name = *text;
    if (name.starts_with("arn:")) {
      const std::size_t slash = name.rfind('/');
      if (name.find(":role/") == std::string_view::npos || slash == std::string_view::npos) {
        return nullptr;
      }
      name = name.substr(slash + 1);
    }
    const auto found = m_roles_by_name.find(name);
    return found != m_roles_by_name.end() ? found->second : nullptr;
  }

  /// A role argument that may name any role of the configuration: not known, or a choice.
  static bool role_not_known(const Value* value)
  {
    for (const Value* possible : possible_values(value)) {
      if (possible->kind == ValueKind::unknown) {
        return true;
      }
    }
    return value != nullptr && value->kind == ValueKind::choice;
  }

  /// A policy attached to a role that cannot be told (`role = each.key` over a collection not
  /// known): any role may hold it, so each gets a policy of unknown content and no rule reads a
  /// role as certainly lacking a permission that policy may grant.
  void attach_to_any_role(const Resource& declaring, const Value* role_value)
  {
    if (m_any_role_policy) {
      return; // every role already holds a policy of unknown content
    }
    m_any_role_policy = true;
    Policy& policy = m_model.policies.emplace_back();
    policy.origin = PolicyOrigin::unknown;
    policy.resource = &declaring;
    policy.location = role_value ? declaring.location(role_value) : declaring.at_id();
    policy.name = declaring.id;
    for (Role& role : m_model.roles) {
      role.policies.push_back(&policy);
    }
  }

  void add_iam()
  {
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role
    for (const Resource& resource : m_model.resources) {
      if (tf_type(resource) != "aws_iam_role") {
        continue;
      }
      Role& role = m_model.roles.emplace_back();
      role.id = resource.id;
      role.resource = &resource;
      role.location = resource.at_id();
      role.trust_policy = decode_json_string_document(resource.property("assume_role_policy"), resource.file, m_model.values);
      if (role.trust_policy && (role.trust_policy->kind == ValueKind::map || role.trust_policy->kind == ValueKind::choice)) {
        role.trust_statements = policy_statements(role.trust_policy);
      }
      role.permissions_boundary = resource.property("permissions_boundary");
      for (const Value* inline_policy : blocks(resource.properties, "inline_policy")) {
        const auto name = as_string(inline_policy->get("name"));
        Policy& policy = add_policy(PolicyOrigin::inline_policy, name ? std::string(*name) : std::string(), resource,
                                    resource.location(inline_policy), inline_policy->get("policy"));
        role.policies.push_back(&policy);
      }
      const Value* managed = resource.property("managed_policy_arns");
      for (const Value* possible : possible_values(managed)) {
        if (possible->kind == ValueKind::list) {
          for (const Value* arn : possible->items) {
            attach_managed(role, resource, arn);
          }
        } else if (possible->kind == ValueKind::unknown) {
          Policy& policy = m_model.policies.emplace_back();
          policy.origin = PolicyOrigin::unknown;
          policy.resource = &resource;
          policy.location = resource.location(possible);
          policy.name = "managed_policy_arns";
          role.policies.push_back(&policy);
        }
      }
    }
    for (const Resource& resource : m_model.resources) {
      const std::string_view type = tf_type(resource);
      if (type == "aws_iam_role_policy" && role_not_known(resource.property("role"))) {
        attach_to_any_role(resource, resource.property("role"));
      } else if (type == "aws_iam_role_policy") {
        if (Role* role = role_for(resource.property("role"))) {
          const auto name = as_string(resource.property("name"));
          Policy& policy = add_policy(PolicyOrigin::policy_resource, name ? std::string(*name) : resource.id, resource, resource.at_id(),
                                      resource.property("policy"));
          role->policies.push_back(&policy);
        }
      } else if (type == "aws_iam_role_policy_attachment") {
        if (Role* role = role_for(resource.property("role"))) {
          attach_managed(*role, resource, resource.property("policy_arn"));
        } else if (role_not_known(resource.property("role"))) {
          attach_to_any_role(resource, resource.property("role"));
        }
      } else if (type == "aws_iam_policy_attachment") {
        for (const Value* name : list_items(resource.property("roles"))) {
          if (Role* role = role_for(name)) {
            attach_managed(*role, resource, resource.property("policy_arn"));
          }
        }
      }
    }
    for (Function& function : m_model.functions) {
      if (Role* role = role_for(function.role)) {
        function.execution_role = role;
        role->functions.push_back(&function);
      }
    }
  }

  Model& m_model;
  const std::map<const Resource*, std::string>& m_terraform_types;
  const std::set<const Resource*>& m_lambda_module;
  std::unordered_map<const Resource*, Role*> m_roles_by_resource;
  std::map<std::string, Role*, std::less<>> m_roles_by_name;
  std::map<std::string, const Function*, std::less<>> m_functions_by_name;
  bool m_any_role_policy = false;
};

} // namespace

void build_facets(Model& model, const std::map<const Resource*, std::string>& terraform_types,
                  const std::set<const Resource*>& lambda_module_resources)
{
  FacetBuilder(model, terraform_types, lambda_module_resources).build();
}

} // namespace lint::terraform
