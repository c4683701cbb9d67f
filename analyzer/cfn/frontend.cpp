#include "analyzer/cfn/frontend.h"
#include "analyzer/resource_policies.h"

#include "analyzer/cfn/evaluator.h"
#include "analyzer/cfn/iam_frontend.h"
#include "analyzer/cfn/sam_without_transform.h"
#include "analyzer/cfn/state_machine.h"
#include "analyzer/cfn/trigger_source.h"
#include "analyzer/invoke.h"
#include "analyzer/sam/expansion.h"

#include <fmt/format.h>

namespace lint::cfn {
namespace {

bool has_sam_transform(const Node* transform)
{
  if (transform == nullptr) {
    return false;
  }
  if (transform->is_scalar()) {
    return transform->scalar.starts_with("AWS::Serverless");
  }
  if (transform->is_sequence()) {
    for (const Node* item : transform->items) {
      if (item->is_scalar() && item->scalar.starts_with("AWS::Serverless")) {
        return true;
      }
    }
  }
  return false;
}

/// A node as a plain value, intrinsics left as the maps they are: Metadata is read by lambdalint
/// itself (suppressions), never evaluated by CloudFormation's intrinsic rules.
const Value* literal_value(const Node* node, ValueArena& values, int depth = 0)
{
  if (node == nullptr || depth > 64) {
    return nullptr;
  }
  switch (node->kind) {
  case NodeKind::null:
    return &values.make(ValueKind::null, node->range);
  case NodeKind::scalar: {
    Value& value = values.make(ValueKind::string, node->range);
    value.text = node->scalar;
    return &value;
  }
  case NodeKind::sequence: {
    Value& value = values.make(ValueKind::list, node->range);
    for (const Node* item : node->items) {
      if (const Value* converted = literal_value(item, values, depth + 1)) {
        value.items.push_back(converted);
      }
    }
    return &value;
  }
  case NodeKind::mapping: {
    Value& value = values.make(ValueKind::map, node->range);
    for (const MappingEntry& entry : node->entries) {
      value.entries.push_back({entry.key, entry.key_range, literal_value(entry.value, values, depth + 1)});
    }
    return &value;
  }
  }
  return nullptr;
}

class Builder {
public:
  Builder(const ParsedDocument& document, Model& model) : m_document(document), m_model(model) {}

  void build()
  {
    m_model.file = m_document.file;
    for (const SyntaxProblem& problem : m_document.problems) {
      ModelProblem out;
      out.location = {m_document.file, problem.range};
      out.message = problem.message;
      if (problem.kind == SyntaxProblem::Kind::duplicate_key) {
        out.rule_id = "LL002";
        out.related.push_back({{m_document.file, problem.related}, "first defined here"});
        out.fingerprint = fmt::format("duplicate:{}", problem.message);
      } else {
        out.rule_id = "LL001";
        out.fingerprint = "parse";
      }
      m_model.problems.push_back(std::move(out));
    }
    const Node* root = m_document.root;
    if (root == nullptr || !root->is_mapping()) {
      return;
    }
    if (has_sam_transform(root->get("Transform")) || note_sam_without_transform(*root, m_document.file, m_model)) {
      m_model.format = SourceFormat::sam;
    }
    declare(*root);
    m_model.metadata = literal_value(root->get("Metadata"), m_model.values);
    Evaluator evaluator(m_model, m_declarations);
    const Node* resources = root->get("Resources");
    if (resources && resources->is_mapping()) {
      for (const MappingEntry& entry : resources->entries) {
        add_resource(entry, evaluator);
      }
    }
    if (const Node* outputs = root->get("Outputs")) {
      evaluator.check_references(outputs);
    }
    if (const Node* conditions = root->get("Conditions")) {
      evaluator.check_references(conditions);
    }
    sam::Expansion sam(m_document, m_model, evaluator); // SAM resources: analyzer/sam
    m_sam = m_model.format == SourceFormat::sam ? &sam : nullptr;
    build_facets();
    m_sam = nullptr;
  }

private:
  void declare(const Node& root)
  {
    if (const Node* parameters = root.get("Parameters"); parameters && parameters->is_mapping()) {
      for (const MappingEntry& entry : parameters->entries) {
        m_declarations.parameters.emplace(entry.key, &entry);
      }
    }
    if (const Node* conditions = root.get("Conditions"); conditions && conditions->is_mapping()) {
      for (const MappingEntry& entry : conditions->entries) {
        m_declarations.conditions.insert(entry.key);
      }
    }
    m_declarations.mappings = root.get("Mappings");
    if (const Node* resources = root.get("Resources"); resources && resources->is_mapping()) {
      for (const MappingEntry& entry : resources->entries) {
        m_declarations.resources.insert(entry.key);
        const Node* type = entry.value ? entry.value->get("Type") : nullptr;
        if (m_model.format == SourceFormat::sam && type && type->is_scalar() && type->scalar.starts_with("AWS::Serverless::")) {
          // SAM names what it generates after the resource: FnRole, FnAliaslive, FnVersion..., and
          // `Fn.Alias` / `Fn.Version` are Ref forms of their own (the SAM issue models them fully).
          m_declarations.generated_prefixes.push_back(entry.key);
        }
      }
    }
    if (m_model.format == SourceFormat::sam) {
      m_declarations.generated_prefixes.insert(m_declarations.generated_prefixes.end(),
                                               {"ServerlessRestApi", "ServerlessHttpApi", "ServerlessDeploymentApplication"});
    }
    // Fn::ForEach (AWS::LanguageExtensions) creates resources whose names we cannot know.
    if (const Node* resources = root.get("Resources"); resources && resources->is_mapping()) {
      for (const MappingEntry& entry : resources->entries) {
        if (entry.key.starts_with("Fn::ForEach::")) {
          m_declarations.has_for_each = true;
        }
      }
    }
  }

  void add_resource(const MappingEntry& entry, Evaluator& evaluator)
  {
    if (entry.key.starts_with("Fn::ForEach::") || entry.value == nullptr || !entry.value->is_mapping()) {
      return;
    }
    const Node& node = *entry.value;
    Resource& resource = m_model.resources.emplace_back();
    resource.id = entry.key;
    resource.file = m_document.file;
    resource.id_range = entry.key_range;
    resource.range = {entry.key_range.begin, node.range.end};
    if (const Node* type = node.get("Type"); type && type->is_scalar()) {
      resource.type = type->scalar;
      resource.type_range = type->range;
    }
    if (const MappingEntry* properties = node.find_entry("Properties")) {
      resource.properties = evaluator.evaluate(properties->value);
      resource.properties_key_range = properties->key_range;
    }
    resource.metadata = literal_value(node.get("Metadata"), m_model.values);
    if (const Node* condition = node.get("Condition"); condition && condition->is_scalar()) {
      resource.condition = condition->scalar;
      if (!m_declarations.conditions.contains(condition->scalar)) {
        evaluator.unresolved(condition->range, "Condition", condition->scalar);
      }
    }
    if (const Node* depends_on = node.get("DependsOn")) {
      auto add_dependency = [&](const Node* item) {
        if (item == nullptr || !item->is_scalar()) {
          return;
        }
        resource.depends_on.emplace_back(item->scalar, item->range);
        if (!m_declarations.resources.contains(item->scalar) && !m_declarations.has_for_each) {
          evaluator.unresolved(item->range, "DependsOn", item->scalar);
        }
      };
      if (depends_on->is_sequence()) {
        for (const Node* item : depends_on->items) {
          add_dependency(item);
        }
      } else {
        add_dependency(depends_on);
      }
    }
  }

  void build_facets()
  {
    // Functions first: everything else links to them.
    for (const Resource& resource : m_model.resources) {
      if (resource.type == "AWS::Lambda::Function") {
        add_function(resource);
      }
    }
    if (m_sam != nullptr) {
      m_sam->add_functions();
    }
    m_model.index();
    // Versions and aliases name functions; aliases may name versions.
    for (int pass = 0; pass < 2; ++pass) {
      for (const Resource& resource : m_model.resources) {
        if (resource.type == "AWS::Lambda::Version" || resource.type == "AWS::Lambda::Alias") {
          if (const Function* function = m_model.function_for(resource.property("FunctionName"))) {
            m_model.function_aliases.emplace(resource.id, function);
          }
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
    if (m_sam != nullptr) {
      m_sam->add_generated();
    }
    // After SAM: policies in the template may attach to the roles SAM generates (Roles: [!Ref FnRole]).
    populate_iam(m_model);
  }

  void add_function(const Resource& resource)
  {
    Function& function = m_model.functions.emplace_back();
    function.resource = &resource;
    read_function_properties(function, resource.properties);
  }

  void add_non_function(const Resource& resource)
  {
    const std::string& type = resource.type;
    if (type == "AWS::SQS::Queue") {
      Queue& queue = m_model.queues.emplace_back();
      queue.resource = &resource;
      queue.visibility_timeout = resource.property("VisibilityTimeout");
      queue.fifo = resource.property("FifoQueue");
      queue.redrive_policy = resource.property("RedrivePolicy");
      queue.kms_master_key_id = resource.property("KmsMasterKeyId");
      queue.sqs_managed_sse = resource.property("SqsManagedSseEnabled");
    } else if (type == "AWS::SNS::Topic") {
      Topic& topic = m_model.topics.emplace_back();
      topic.resource = &resource;
      topic.kms_master_key_id = resource.property("KmsMasterKeyId");
    } else if (type == "AWS::Lambda::Permission") {
      Permission& permission = m_model.permissions.emplace_back();
      permission.resource = &resource;
      read_permission_properties(permission, resource.properties);
      permission.function = m_model.function_for(permission.function_name);
    } else if (type == "AWS::Lambda::Url") {
      FunctionUrl& url = m_model.function_urls.emplace_back();
      url.resource = &resource;
      url.auth_type = resource.property("AuthType");
      url.cors = resource.property("Cors");
      url.function = m_model.function_for(resource.property("TargetFunctionArn"));
    } else if (type == "AWS::Logs::LogGroup" || type == "Custom::LogRetention") {
      // Custom::LogRetention is the CDK's log retention resource: it sets RetentionInDays on the
      // group named by LogGroupName, creating it when needed.
      LogGroup& group = m_model.log_groups.emplace_back();
      group.resource = &resource;
      group.name = resource.property("LogGroupName");
      group.retention_days = resource.property("RetentionInDays");
      group.function = function_of_log_group(group.name);
    } else if (type == "AWS::Lambda::Version" || type == "AWS::Lambda::Alias") {
      const Value* amount = get_path(resource.properties, {"ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions"});
      if (is_set(amount)) {
        ProvisionedConcurrency& provisioned = m_model.provisioned_concurrency.emplace_back();
        provisioned.resource = &resource;
        provisioned.amount = amount;
        provisioned.function = m_model.function_for(resource.property("FunctionName"));
      }
    } else if (type == "AWS::SQS::QueuePolicy") {
      add_resource_policies(resource, resource.property("Queues"), ResourceKind::queue, resource.property("PolicyDocument"));
    } else if (type == "AWS::SNS::TopicPolicy") {
      add_resource_policies(resource, resource.property("Topics"), ResourceKind::topic, resource.property("PolicyDocument"));
    } else if (type == "AWS::S3::BucketPolicy") {
      add_resource_policies(resource, resource.property("Bucket"), ResourceKind::bucket, resource.property("PolicyDocument"));
    } else if (type == "AWS::Kinesis::ResourcePolicy") {
      add_resource_policies(resource, resource.property("ResourceArn"), ResourceKind::kinesis_stream, resource.property("ResourcePolicy"));
    } else if (type == "AWS::DynamoDB::ResourcePolicy") {
      add_resource_policies(resource, resource.property("ResourceArn"), ResourceKind::dynamodb_table, resource.property("PolicyDocument"));
    } else if (type == "AWS::Events::EventBusPolicy") {
      // Without EventBusName the policy is on the account's default bus (not declared here).
      add_resource_policies(resource, resource.property("EventBusName"), ResourceKind::event_bus, resource.properties);
    } else if (type == "AWS::Events::EventBus") {
      add_inline_resource_policy(resource, resource.property("Policy"));
    } else if (type == "AWS::DynamoDB::Table" || type == "AWS::DynamoDB::GlobalTable") {
      // ResourcePolicy {PolicyDocument}: the table's policy; StreamSpecification's: its stream's.
      for (const Value* holder : {resource.property("ResourcePolicy"), get_path(resource.properties, {"StreamSpecification", "ResourcePolicy"})}) {
        const Value* document = get_path(holder, {"PolicyDocument"});
        add_inline_resource_policy(resource, is_set(document) ? document : holder);
      }
    } else if (type == "AWS::KMS::Key") {
      Key& key = m_model.keys.emplace_back();
      key.resource = &resource;
      key.policy = resource.property("KeyPolicy");
      add_inline_resource_policy(resource, key.policy);
      Value& arn = m_model.values.make(ValueKind::reference, resource.id_range);
      arn.reference = {Reference::Target::resource, resource.id, "Arn"};
      key.arn = &arn;
      key.arn_source = starts_as_json(resource.file->text()) ? fmt::format("{{\"Fn::GetAtt\": [\"{}\", \"Arn\"]}}", resource.id)
                                                      : fmt::format("!GetAtt {}.Arn", resource.id);
    } else if (type == "AWS::S3::Bucket") {
      Bucket& bucket = m_model.buckets.emplace_back();
      bucket.resource = &resource;
      bucket.name = resource.property("BucketName");
    } else if (type == "AWS::EC2::Subnet") {
      m_model.subnets.push_back({&resource});
    } else if (type == "AWS::Lambda::EventInvokeConfig") {
      EventInvokeConfig& config = m_model.event_invoke_configs.emplace_back();
      config.resource = &resource;
      config.on_failure = get_path(resource.properties, {"DestinationConfig", "OnFailure", "Destination"});
      config.on_success = get_path(resource.properties, {"DestinationConfig", "OnSuccess", "Destination"});
      config.function = m_model.function_for(resource.property("FunctionName"));
    }
  }

  static bool starts_as_json(std::string_view text)
  {
    const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    return first != std::string_view::npos && text[first] == '{';
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

  /// "/aws/lambda/${Fn}" or "/aws/lambda/<literal FunctionName>" → that function. Sub and Join
  /// forms alike (adjacent literal pieces are merged first).
  const Function* function_of_log_group(const Value* name) const
  {
    if (name == nullptr) {
      return nullptr;
    }
    if (name->kind == ValueKind::text_template) {
      std::vector<TemplatePart> parts;
      for (const TemplatePart& part : name->parts) {
        if (!part.is_reference && !parts.empty() && !parts.back().is_reference) {
          parts.back().literal += part.literal;
        } else if (part.is_reference || !part.literal.empty()) {
          parts.push_back(part);
        }
      }
      if (parts.size() == 2 && !parts[0].is_reference && parts[0].literal == "/aws/lambda/" && parts[1].is_reference &&
          parts[1].reference.target == Reference::Target::resource && parts[1].reference.attribute.empty()) {
        return m_model.find_function(parts[1].reference.name);
      }
      return nullptr;
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

  Trigger* add_trigger(TriggerKind kind, const Resource& source, const Value* target, const Value* timeout_millis = nullptr)
  {
    const Function* function = m_model.function_for(target);
    if (function == nullptr || target == nullptr) {
      return nullptr;
    }
    Trigger& trigger = m_model.triggers.emplace_back();
    trigger.kind = kind;
    trigger.source = &source;
    trigger.function = function;
    trigger.wiring = {source.file, target->range};
    trigger.timeout_millis = timeout_millis;
    describe_trigger_source(m_model, trigger);
    return &trigger;
  }

  void add_wiring(const Resource& resource)
  {
    const std::string& type = resource.type;
    const Value* properties = resource.properties;
    if (type == "AWS::Lambda::EventSourceMapping") {
      add_event_source_mapping(resource);
    } else if (type == "AWS::ApiGateway::Method") {
      const Value* integration = get_path(properties, {"Integration"});
      const Value* integration_type = get_path(integration, {"Type"});
      if (is_text(integration_type, "AWS") || is_text(integration_type, "AWS_PROXY")) {
        if (Trigger* trigger = add_trigger(TriggerKind::api_rest, resource, get_path(integration, {"Uri"}), get_path(integration, {"TimeoutInMillis"}))) {
          const Value* parameters = get_path(integration, {"RequestParameters"});
          trigger->event_invocation_requested = invoke::requests_event_invocation(get_path(parameters, {"integration.request.header.X-Amz-Invocation-Type"}));
        }
      }
    } else if (type == "AWS::ApiGatewayV2::Integration") {
      if (Trigger* trigger = add_trigger(TriggerKind::api_http, resource, get_path(properties, {"IntegrationUri"}), get_path(properties, {"TimeoutInMillis"}))) {
        const Resource* api = m_model.resource_for(get_path(properties, {"ApiId"}));
        trigger->websocket = api != nullptr && api->type == "AWS::ApiGatewayV2::Api" && is_text(api->property("ProtocolType"), "WEBSOCKET");
      }
    } else if (type == "AWS::ApiGatewayV2::Api") {
      add_trigger(TriggerKind::api_http, resource, get_path(properties, {"Target"}));
    } else if (type == "AWS::Events::Rule") {
      for (const Value* target : list_items(get_path(properties, {"Targets"}))) {
        add_trigger(TriggerKind::events, resource, get_path(target, {"Arn"}));
      }
    } else if (type == "AWS::S3::Bucket") {
      for (const Value* configuration : list_items(get_path(properties, {"NotificationConfiguration", "LambdaConfigurations"}))) {
        add_trigger(TriggerKind::s3, resource, get_path(configuration, {"Function"}));
      }
    } else if (type == "AWS::SNS::Subscription") {
      if (is_text(get_path(properties, {"Protocol"}), "lambda")) {
        add_trigger(TriggerKind::sns, resource, get_path(properties, {"Endpoint"}));
      }
    } else if (type == "AWS::SNS::Topic") {
      for (const Value* subscription : list_items(get_path(properties, {"Subscription"}))) {
        if (is_text(get_path(subscription, {"Protocol"}), "lambda")) {
          add_trigger(TriggerKind::sns, resource, get_path(subscription, {"Endpoint"}));
        }
      }
    } else if (type == "AWS::Logs::SubscriptionFilter") {
      add_trigger(TriggerKind::logs, resource, get_path(properties, {"DestinationArn"}));
    } else if (type == "AWS::Cognito::UserPool") {
      if (const Value* config = get_path(properties, {"LambdaConfig"}); config && config->kind == ValueKind::map) {
        for (const ValueEntry& entry : config->entries) {
          const Value* target = entry.value && entry.value->kind == ValueKind::map ? entry.value->get("LambdaArn") : entry.value;
          add_trigger(TriggerKind::cognito, resource, target);
        }
      }
    } else if (type == "AWS::IoT::TopicRule") {
      for (const Value* action : list_items(get_path(properties, {"TopicRulePayload", "Actions"}))) {
        add_trigger(TriggerKind::iot, resource, get_path(action, {"Lambda", "FunctionArn"}));
      }
    } else if (type == "AWS::ElasticLoadBalancingV2::TargetGroup") {
      if (is_text(get_path(properties, {"TargetType"}), "lambda")) {
        for (const Value* target : list_items(get_path(properties, {"Targets"}))) {
          add_trigger(TriggerKind::alb, resource, get_path(target, {"Id"}));
        }
      }
    } else if (type == "AWS::SES::ReceiptRule") {
      for (const Value* action : list_items(get_path(properties, {"Rule", "Actions"}))) {
        add_trigger(TriggerKind::ses, resource, get_path(action, {"LambdaAction", "FunctionArn"}));
      }
    } else if (type == "AWS::AppSync::DataSource") {
      add_trigger(TriggerKind::appsync, resource, get_path(properties, {"LambdaConfig", "LambdaFunctionArn"}));
    } else if (type == "AWS::StepFunctions::StateMachine") {
      for (StateMachineTask& task : extract_lambda_tasks(m_model, resource)) {
        m_model.state_machine_tasks.push_back(std::move(task));
      }
    }
  }

  void add_event_source_mapping(const Resource& resource)
  {
    EventSourceMapping& mapping = m_model.event_source_mappings.emplace_back();
    const Value* properties = resource.properties;
    mapping.resource = &resource;
    mapping.function_name = get_path(properties, {"FunctionName"});
    mapping.event_source_arn = get_path(properties, {"EventSourceArn"});
    read_mapping_settings(mapping, properties);
    mapping.function = m_model.function_for(mapping.function_name);
    mapping.source = m_model.resource_for(mapping.event_source_arn);
    if (get_path(properties, {"SelfManagedEventSource"}) || get_path(properties, {"AmazonManagedKafkaEventSourceConfig"})) {
      mapping.source_kind = SourceKind::kafka;
    }
    if (mapping.source != nullptr) {
      const std::string& source_type = mapping.source->type;
      const Reference* reference = single_reference(mapping.event_source_arn);
      if (source_type == "AWS::SQS::Queue") {
        mapping.source_kind = SourceKind::sqs;
        mapping.queue = m_model.find_queue(mapping.source->id);
      } else if (source_type == "AWS::Kinesis::Stream" || source_type == "AWS::Kinesis::StreamConsumer") {
        mapping.source_kind = SourceKind::kinesis;
      } else if (source_type == "AWS::DynamoDB::Table" || source_type == "AWS::DynamoDB::GlobalTable") {
        if (reference && reference->attribute == "StreamArn") {
          mapping.source_kind = SourceKind::dynamodb_stream;
        }
      } else if (source_type == "AWS::MSK::Cluster" || source_type == "AWS::MSK::ServerlessCluster") {
        mapping.source_kind = SourceKind::kafka;
      } else if (source_type == "AWS::AmazonMQ::Broker") {
        mapping.source_kind = SourceKind::mq;
      } else if (source_type == "AWS::DocDB::DBCluster") {
        mapping.source_kind = SourceKind::documentdb;
      }
      return;
    }
    if (const SourceKind kind = source_kind_of_arn(mapping.event_source_arn); kind != SourceKind::unknown) {
      mapping.source_kind = kind;
    }
  }

  const ParsedDocument& m_document;
  Model& m_model;
  Declarations m_declarations;
  sam::Expansion* m_sam = nullptr; // set while building a SAM template's facets
};

} // namespace

/// Where the function's code is: CloudFormation's Code (ZipFile inline, S3Bucket/S3Key, ImageUri,
/// or a local path that `aws cloudformation package` uploads), SAM's CodeUri (a local path, an
/// s3:// URI or a Bucket/Key map, Globals already merged), InlineCode and ImageUri.
static void read_function_code(Function& function, const Value* properties)
{
  FunctionCode& code = function.code;
  const auto image = [&] {
    code.kind = FunctionCode::Kind::image;
  };
  if (is_text(get_path(properties, {"PackageType"}), "Image")) {
    image();
    return;
  }
  const Value* written = get_path(properties, {"Code"});
  if (written == nullptr) {
    written = get_path(properties, {"CodeUri"});
  }
  if (const Value* inline_code = get_path(properties, {"InlineCode"}); written == nullptr && inline_code != nullptr) {
    code.kind = FunctionCode::Kind::inline_source;
    code.inline_source = inline_code;
    code.written = inline_code;
    return;
  }
  if (written == nullptr) {
    if (get_path(properties, {"ImageUri"}) != nullptr) {
      image();
    }
    return;
  }
  code.written = written;
  if (written->kind == ValueKind::map) {
    if (const Value* zip = written->get("ZipFile")) {
      code.kind = FunctionCode::Kind::inline_source;
      code.inline_source = zip;
      code.written = zip;
    } else if (written->get("ImageUri") != nullptr) {
      image();
    } else if (written->get("S3Bucket") != nullptr || written->get("Bucket") != nullptr) {
      code.kind = FunctionCode::Kind::s3_object;
    }
    return;
  }
  if (written->kind == ValueKind::string) {
    const std::string_view text = written->text;
    if (text.starts_with("s3://") || text.starts_with("https://")) {
      code.kind = FunctionCode::Kind::s3_object;
    } else if (!text.empty()) {
      code.kind = FunctionCode::Kind::local_path;
      code.local_path = std::string(text);
    }
  }
}

void read_function_properties(Function& function, const Value* properties)
{
  read_function_code(function, properties);
  function.function_name = get_path(properties, {"FunctionName"});
  function.runtime = get_path(properties, {"Runtime"});
  function.handler = get_path(properties, {"Handler"});
  function.package_type = get_path(properties, {"PackageType"});
  function.timeout = get_path(properties, {"Timeout"});
  function.memory_size = get_path(properties, {"MemorySize"});
  function.ephemeral_storage = get_path(properties, {"EphemeralStorage", "Size"});
  function.role = get_path(properties, {"Role"});
  function.vpc_config = get_path(properties, {"VpcConfig"});
  function.vpc_subnet_ids = get_path(properties, {"VpcConfig", "SubnetIds"});
  function.vpc_security_group_ids = get_path(properties, {"VpcConfig", "SecurityGroupIds"});
  function.environment = get_path(properties, {"Environment"});
  function.environment_variables = get_path(properties, {"Environment", "Variables"});
  function.kms_key_arn = get_path(properties, {"KmsKeyArn"});
  function.reserved_concurrency = get_path(properties, {"ReservedConcurrentExecutions"});
  function.layers = get_path(properties, {"Layers"});
  function.tracing_config = get_path(properties, {"TracingConfig"});
  function.tracing_mode = get_path(properties, {"TracingConfig", "Mode"});
  function.dead_letter_target = get_path(properties, {"DeadLetterConfig", "TargetArn"});
  function.logging_log_group = get_path(properties, {"LoggingConfig", "LogGroup"});
}

void read_mapping_settings(EventSourceMapping& mapping, const Value* properties)
{
  mapping.batch_size = get_path(properties, {"BatchSize"});
  mapping.starting_position = get_path(properties, {"StartingPosition"});
  mapping.maximum_batching_window = get_path(properties, {"MaximumBatchingWindowInSeconds"});
  mapping.maximum_retry_attempts = get_path(properties, {"MaximumRetryAttempts"});
  mapping.maximum_record_age = get_path(properties, {"MaximumRecordAgeInSeconds"});
  mapping.bisect_on_error = get_path(properties, {"BisectBatchOnFunctionError"});
  mapping.on_failure_destination = get_path(properties, {"DestinationConfig", "OnFailure", "Destination"});
  mapping.maximum_concurrency = get_path(properties, {"ScalingConfig", "MaximumConcurrency"});
}

void read_permission_properties(Permission& permission, const Value* properties)
{
  permission.action = get_path(properties, {"Action"});
  permission.function_name = get_path(properties, {"FunctionName"});
  permission.principal = get_path(properties, {"Principal"});
  permission.source_arn = get_path(properties, {"SourceArn"});
  permission.source_account = get_path(properties, {"SourceAccount"});
  permission.principal_org_id = get_path(properties, {"PrincipalOrgID"});
  permission.function_url_auth_type = get_path(properties, {"FunctionUrlAuthType"});
}

bool is_template(const Node* root)
{
  if (root == nullptr || !root->is_mapping()) {
    return false;
  }
  if (root->get("AWSTemplateFormatVersion") || has_sam_transform(root->get("Transform"))) {
    return true;
  }
  const Node* resources = root->get("Resources");
  if (resources == nullptr || !resources->is_mapping()) {
    return false;
  }
  for (const MappingEntry& entry : resources->entries) {
    const Node* type = entry.value ? entry.value->get("Type") : nullptr;
    if (type && type->is_scalar() && (type->scalar.starts_with("AWS::") || type->scalar.starts_with("Custom::"))) {
      return true;
    }
  }
  return false;
}

std::unique_ptr<Model> build_model(const ParsedDocument& document)
{
  auto model = std::make_unique<Model>();
  Builder builder(document, *model);
  builder.build();
  return model;
}

} // namespace lint::cfn
