#include "analyzer/terraform/frontend.h"

#include "analyzer/cfn/state_machine.h"
#include "analyzer/terraform/evaluator.h"

#include <fmt/format.h>

namespace lint::terraform {

namespace fs = std::filesystem;

std::string_view cloudformation_type(std::string_view terraform_type)
{
  // Only the types rules (or facet linking) look at by name.
  static constexpr std::pair<std::string_view, std::string_view> k_types[] = {
    {"aws_lambda_function", "AWS::Lambda::Function"},
    {"aws_sqs_queue", "AWS::SQS::Queue"},
    {"aws_sns_topic", "AWS::SNS::Topic"},
    {"aws_subnet", "AWS::EC2::Subnet"},
    {"aws_apigatewayv2_api", "AWS::ApiGatewayV2::Api"},
    {"aws_kinesis_stream", "AWS::Kinesis::Stream"},
    {"aws_dynamodb_table", "AWS::DynamoDB::Table"},
    {"aws_iam_role", "AWS::IAM::Role"},
    {"aws_kms_key", "AWS::KMS::Key"},
    {"aws_s3_bucket", "AWS::S3::Bucket"},
    {"aws_cloudwatch_log_group", "AWS::Logs::LogGroup"},
    {"aws_lambda_layer_version", "AWS::Lambda::LayerVersion"},
    {"aws_sfn_state_machine", "AWS::StepFunctions::StateMachine"},
  };
  for (const auto& [from, to] : k_types) {
    if (from == terraform_type) {
      return to;
    }
  }
  return terraform_type;
}

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

std::vector<const Value*> blocks(const Value* body, std::string_view name)
{
  const Value* list = body ? body->get(name) : nullptr;
  if (list && list->kind == ValueKind::list) {
    return {list->items.begin(), list->items.end()};
  }
  return {};
}

class Builder {
public:
  Builder(Model& model, ModuleLoader& loader) : m_model(model), m_loader(loader), m_evaluator(model, loader) {}

  void build(std::unique_ptr<ModuleSource> root_source)
  {
    m_model.format = SourceFormat::terraform;
    const ModuleSource* source = root_source.get();
    m_loader.set_root(std::move(root_source));
    if (!source->documents.empty()) {
      m_model.file = source->documents.front()->file;
    }
    m_root.source = source;
    add_instance(m_root);
    build_facets();
  }

private:
  void add_problems(const ModuleSource& source)
  {
    if (!m_problem_sources.insert(&source).second) {
      return;
    }
    for (const FileProblem& problem : source.problems) {
      ModelProblem out;
      out.rule_id = "LL001";
      out.location = {problem.file, problem.range};
      out.message = problem.message;
      out.fingerprint = "parse:" + fs::path(problem.file->path()).filename().string();
      m_model.problems.push_back(std::move(out));
    }
  }

  void add_instance(Instance& instance)
  {
    add_problems(*instance.source);
    for (const Block& resource_block : instance.source->resources) {
      const Expansion& expansion = m_evaluator.expansion(instance, resource_block);
      for (const Expansion::Item& item : expansion.items) {
        Bindings bindings;
        if (expansion.counted) {
          bindings.names.emplace_back("count.index", item.key);
          bindings.names.emplace_back("each.key", item.key);
          bindings.names.emplace_back("each.value", item.value);
        }
        const Context context{&instance, resource_block.document, &bindings};
        Resource& resource = m_model.resources.emplace_back();
        resource.id = instance.prefix + resource_block.type + "." + resource_block.name + item.address_suffix;
        resource.type = std::string(cloudformation_type(resource_block.type));
        resource.file = resource_block.document->file;
        resource.id_range = resource_block.name_range;
        resource.type_range = resource_block.type_range;
        resource.range = resource_block.node.range();
        resource.properties = m_evaluator.body(context, resource_block.body(), resource_block.type);
        resource.properties_key_range = resource_block.name_range;
        if (expansion.symbolic) {
          // One instance stands for an unknown number of them (possibly none).
          resource.condition = "count/for_each";
        }
        if (hcl::Node depends_on = resource_block.attribute("depends_on")) {
          for (hcl::Node item_node : depends_on.child("collection_value").child("tuple").children("expression")) {
            std::string text(resource_block.document->text(item_node));
            resource.depends_on.emplace_back(instance.prefix + text, item_node.range());
          }
        }
        m_terraform_types.emplace(&resource, resource_block.type);
        m_instances.emplace(&resource, &instance);
      }
    }
    for (const auto& [name, call] : instance.source->module_calls) {
      if (Instance* child = m_evaluator.child(instance, name)) {
        add_instance(*child);
      }
    }
    // References in outputs and locals that no resource uses still need checking (LL003).
    for (const auto& [name, output] : instance.source->outputs) {
      m_evaluator.evaluate({&instance, output.document, nullptr}, output.attribute("value"));
    }
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

  void build_facets()
  {
    for (const Resource& resource : m_model.resources) {
      if (tf_type(resource) == "aws_lambda_function") {
        add_function(resource);
      }
    }
    m_model.index();
    for (const Resource& resource : m_model.resources) {
      if (tf_type(resource) == "aws_lambda_alias") {
        if (const Function* function = m_model.function_for(resource.property("function_name"))) {
          m_model.function_aliases.emplace(resource.id, function);
        }
      }
    }
    for (const Resource& resource : m_model.resources) {
      add_non_function(resource);
    }
    m_model.index();
    for (const Resource& resource : m_model.resources) {
      add_wiring(resource);
    }
    add_iam();
    m_model.index();
  }

  void add_function(const Resource& resource)
  {
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function
    // timeout defaults to 3, memory_size to 128, reserved_concurrent_executions to -1 (unreserved).
    Function& function = m_model.functions.emplace_back();
    const Value* body = resource.properties;
    function.resource = &resource;
    function.function_name = resource.property("function_name");
    function.runtime = resource.property("runtime");
    function.handler = resource.property("handler");
    function.package_type = resource.property("package_type");
    function.timeout = resource.property("timeout");
    function.memory_size = resource.property("memory_size");
    function.ephemeral_storage = get_path(block(body, "ephemeral_storage"), {"size"});
    function.role = resource.property("role");
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
  }

  void add_non_function(const Resource& resource)
  {
    const std::string_view type = tf_type(resource);
    const Value* body = resource.properties;
    if (type == "aws_sqs_queue") {
      Queue& queue = m_model.queues.emplace_back();
      queue.resource = &resource;
      queue.visibility_timeout = resource.property("visibility_timeout_seconds");
      queue.fifo = resource.property("fifo_queue");
      queue.redrive_policy = resource.property("redrive_policy");
      queue.kms_master_key_id = resource.property("kms_master_key_id");
      queue.sqs_managed_sse = resource.property("sqs_managed_sse_enabled");
    } else if (type == "aws_sns_topic") {
      Topic& topic = m_model.topics.emplace_back();
      topic.resource = &resource;
      topic.kms_master_key_id = resource.property("kms_master_key_id");
    } else if (type == "aws_lambda_permission") {
      Permission& permission = m_model.permissions.emplace_back();
      permission.resource = &resource;
      permission.action = resource.property("action");
      permission.function_name = resource.property("function_name");
      permission.principal = resource.property("principal");
      permission.source_arn = resource.property("source_arn");
      permission.source_account = resource.property("source_account");
      permission.principal_org_id = resource.property("principal_org_id");
      permission.function = m_model.function_for(permission.function_name);
    } else if (type == "aws_lambda_function_url") {
      FunctionUrl& url = m_model.function_urls.emplace_back();
      url.resource = &resource;
      url.auth_type = resource.property("authorization_type");
      url.cors = block(body, "cors");
      url.function = m_model.function_for(resource.property("function_name"));
    } else if (type == "aws_cloudwatch_log_group") {
      LogGroup& group = m_model.log_groups.emplace_back();
      group.resource = &resource;
      group.name = resource.property("name");
      group.retention_days = resource.property("retention_in_days");
      group.function = function_of_log_group(group.name);
    } else if (type == "aws_lambda_provisioned_concurrency_config") {
      ProvisionedConcurrency& provisioned = m_model.provisioned_concurrency.emplace_back();
      provisioned.resource = &resource;
      provisioned.amount = resource.property("provisioned_concurrent_executions");
      provisioned.function = m_model.function_for(resource.property("function_name"));
    } else if (type == "aws_lambda_function_event_invoke_config") {
      EventInvokeConfig& config = m_model.event_invoke_configs.emplace_back();
      config.resource = &resource;
      const Value* destinations = block(body, "destination_config");
      config.on_failure = get_path(block(destinations, "on_failure"), {"destination"});
      config.on_success = get_path(block(destinations, "on_success"), {"destination"});
      config.function = m_model.function_for(resource.property("function_name"));
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

  /// "/aws/lambda/${aws_lambda_function.x.function_name}" or "/aws/lambda/<literal name>".
  const Function* function_of_log_group(const Value* name) const
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
      for (const Function& function : m_model.functions) {
        if (const auto declared = as_string(function.function_name); declared && *declared == text->substr(12)) {
          return &function;
        }
      }
    }
    return nullptr;
  }

  void add_trigger(TriggerKind kind, const Resource& source, const Resource& holder, const Value* target, const Value* timeout_millis = nullptr)
  {
    const Function* function = m_model.function_for(target);
    if (function == nullptr || target == nullptr) {
      return;
    }
    Trigger& trigger = m_model.triggers.emplace_back();
    trigger.kind = kind;
    trigger.source = &source;
    trigger.function = function;
    trigger.wiring = holder.location(target);
    trigger.timeout_millis = timeout_millis;
  }

  void add_wiring(const Resource& resource)
  {
    const std::string_view type = tf_type(resource);
    const Value* body = resource.properties;
    // The resource a reference names (the rule of a target, the bucket of a notification), or
    // the holder itself when it cannot be resolved.
    auto owner = [&](const Value* value) -> const Resource& {
      const Resource* found = m_model.resource_for(value);
      return found ? *found : resource;
    };
    if (type == "aws_lambda_event_source_mapping") {
      add_event_source_mapping(resource);
    } else if (type == "aws_api_gateway_integration") {
      const Value* integration_type = resource.property("type");
      if (is_text(integration_type, "AWS") || is_text(integration_type, "AWS_PROXY")) {
        add_trigger(TriggerKind::api_rest, resource, resource, resource.property("uri"), resource.property("timeout_milliseconds"));
      }
    } else if (type == "aws_apigatewayv2_integration") {
      add_trigger(TriggerKind::api_http, resource, resource, resource.property("integration_uri"), resource.property("timeout_milliseconds"));
    } else if (type == "aws_apigatewayv2_api") {
      add_trigger(TriggerKind::api_http, resource, resource, resource.property("target"));
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
      add_trigger(TriggerKind::logs, resource, resource, resource.property("destination_arn"));
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
    mapping.function = m_model.function_for(mapping.function_name);
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
    if (const Resource* target = m_model.resource_for(value)) {
      for (Role& role : m_model.roles) {
        if (role.resource == target) {
          return &role;
        }
      }
      return nullptr;
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
    for (Role& role : m_model.roles) {
      if (const auto declared = as_string(role.resource->property("name")); declared && *declared == name) {
        return &role;
      }
    }
    return nullptr;
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
      role.trust_policy = resource.property("assume_role_policy");
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
      if (type == "aws_iam_role_policy") {
        if (Role* role = role_for(resource.property("role"))) {
          const auto name = as_string(resource.property("name"));
          Policy& policy = add_policy(PolicyOrigin::policy_resource, name ? std::string(*name) : resource.id, resource, resource.at_id(),
                                      resource.property("policy"));
          role->policies.push_back(&policy);
        }
      } else if (type == "aws_iam_role_policy_attachment") {
        if (Role* role = role_for(resource.property("role"))) {
          attach_managed(*role, resource, resource.property("policy_arn"));
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
  ModuleLoader& m_loader;
  Evaluator m_evaluator;
  Instance m_root;
  std::set<const ModuleSource*> m_problem_sources;
  std::map<const Resource*, std::string> m_terraform_types;
  std::map<const Resource*, Instance*> m_instances;
};

} // namespace

std::unique_ptr<Model> build_model(const fs::path& directory)
{
  auto model = std::make_unique<Model>();
  ModuleLoader loader(directory);
  Builder builder(*model, loader);
  builder.build(load_module(directory, /*root=*/true));
  return model;
}

std::unique_ptr<Model> build_model_from_text(const std::string& path, std::string text)
{
  auto model = std::make_unique<Model>();
  ModuleLoader loader(fs::path(path).parent_path());
  Builder builder(*model, loader);
  builder.build(load_module_text(path, std::move(text)));
  return model;
}

} // namespace lint::terraform
