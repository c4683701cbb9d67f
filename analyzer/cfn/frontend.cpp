#include "analyzer/cfn/frontend.h"

#include "analyzer/resource_policies.h"

#include "analyzer/cfn/evaluator.h"
#include "analyzer/cfn/iam_frontend.h"
#include "analyzer/cfn/sam_without_transform.h"
#include "analyzer/cfn/state_machine.h"
#include "analyzer/cfn/trigger_source.h"
#include "analyzer/invoke.h"
#include "analyzer/node_value.h"
#include "analyzer/sam/expansion.h"

#include <array>
#include <fmt/format.h>

#include <algorithm>

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

/// Metadata is read by lambdalint itself (suppressions), never evaluated or typed by CloudFormation.
const Value* literal_value(const Node* node, ValueArena& values)
{
  NodeValueOptions literal;
  literal.typed_scalars = false;
  return node_value(node, values, literal);
}

/// The S3 bucket-and-key form of a function's Code / SAM CodeUri or a layer's Content / SAM
/// ContentUri (a map, or an Fn::If whose branches may be maps), for LL005's empty-half check.
S3CodeLocation s3_code_location(const Value* properties, std::string_view cloudformation_key, std::string_view sam_key)
{
  S3CodeLocation location;
  const Value* written = get_path(properties, {cloudformation_key});
  location.container = cloudformation_key;
  if (written == nullptr) {
    written = get_path(properties, {sam_key});
    location = {nullptr, sam_key, "Bucket", "Key"};
  }
  const auto possible = possible_values(written);
  if (std::any_of(possible.begin(), possible.end(), [](const Value* branch) { return branch->kind == ValueKind::map; })) {
    location.written = written;
  }
  return location;
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
    declare_parameter_facets(root);
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
          if (type->scalar == "AWS::Serverless::Function" || type->scalar == "AWS::Serverless::StateMachine") {
            m_declarations.generated_stems.emplace(entry.key, generated_stems(root, *entry.value, type->scalar == "AWS::Serverless::Function"));
          }
        }
        // A CloudFormation module (`Type: Org::Service::Name::MODULE`) creates its resources as
        // <ModuleLogicalId><ResourceName>, which the template may reference.
        // https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/modules-using.html
        if (type && type->is_scalar() && type->scalar.ends_with("::MODULE")) {
          m_declarations.generated_prefixes.push_back(entry.key);
        }
        // An embedded connector (the Connectors attribute, on any resource) generates
        // <Resource><Connector>Policy, ...WriteLambdaPermission and the like.
        const Node* connectors = entry.value ? entry.value->get("Connectors") : nullptr;
        if (m_model.format == SourceFormat::sam && connectors != nullptr && connectors->is_mapping()) {
          for (const MappingEntry& connector : connectors->entries) {
            m_declarations.generated_prefixes.push_back(entry.key + connector.key);
          }
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

  /// What SAM names after a function or a state machine (<Name><stem>): its events (and what each
  /// generates: <Name><Event>Permission..., <Name><Event>Queue), its embedded connectors, its role,
  /// alias and version (and the `Name.Alias` / `Name.Version` Ref forms, with AutoPublishAlias
  /// only), its URL, deployment group and asynchronous invocation config
  /// (model/sam_resources.py, model/stepfunctions/generators.py).
  static std::vector<std::string> generated_stems(const Node& root, const Node& resource, bool function)
  {
    std::vector<std::string> stems = {"Role", "Alias", "Version"};
    if (function) {
      // `Name.DestinationTopic` / `Name.DestinationQueue`: the Ref forms of the topic / queue SAM
      // creates for an EventInvokeConfig destination.
      stems.insert(stems.end(), {"Url", "DeploymentGroup", "EventInvokeConfig", ".DestinationTopic", ".DestinationQueue"});
    }
    const Node* properties = resource.get("Properties");
    const Node* globals = root.get("Globals");
    const Node* global_function = globals ? globals->get("Function") : nullptr;
    if (function && ((properties && properties->get("AutoPublishAlias")) || (global_function && global_function->get("AutoPublishAlias")))) {
      stems.insert(stems.end(), {".Alias", ".Version"});
    }
    for (const Node* names : {properties ? properties->get("Events") : nullptr, resource.get("Connectors")}) {
      if (names != nullptr && names->is_mapping()) {
        for (const MappingEntry& name : names->entries) {
          stems.push_back(name.key);
        }
      }
    }
    return stems;
  }

  /// Model::parameters: each parameter with its Type and whether NoEcho masks it.
  void declare_parameter_facets(const Node& root)
  {
    const Node* parameters = root.get("Parameters");
    if (parameters == nullptr || !parameters->is_mapping()) {
      return;
    }
    for (const MappingEntry& entry : parameters->entries) {
      Parameter& parameter = m_model.parameters.emplace_back();
      parameter.name = entry.key;
      parameter.location = {m_document.file, entry.key_range};
      if (entry.value != nullptr && entry.value->is_mapping()) {
        parameter.type = literal_value(entry.value->get("Type"), m_model.values);
        const Node* no_echo = entry.value->get("NoEcho");
        parameter.no_echo = no_echo != nullptr && no_echo->is_scalar() && (no_echo->scalar == "true" || no_echo->scalar == "True");
      }
    }
  }

  /// Resource::physical_name for the types whose explicit names must be unique in an account and
  /// Region (the second create of the same name fails).
  static void set_physical_name(Resource& resource)
  {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> k_name_properties{{
      {"AWS::Lambda::Function", "FunctionName"},
      {"AWS::Serverless::Function", "FunctionName"},
      {"AWS::SQS::Queue", "QueueName"},
      {"AWS::SNS::Topic", "TopicName"},
      {"AWS::DynamoDB::Table", "TableName"},
      {"AWS::Serverless::SimpleTable", "TableName"},
      {"AWS::IAM::Role", "RoleName"},
      {"AWS::Logs::LogGroup", "LogGroupName"},
      {"AWS::StepFunctions::StateMachine", "StateMachineName"},
      {"AWS::Serverless::StateMachine", "Name"},
    }};
    for (const auto& [type, key] : k_name_properties) {
      if (resource.type == type) {
        resource.physical_name = resource.property(key);
        resource.physical_name_key = key;
        return;
      }
    }
  }

  /// LL003 inside resource attributes: CreationPolicy and UpdatePolicy name resources and
  /// parameters too (CodeDeployLambdaAliasUpdate's ApplicationName and hooks, ...).
  static void check_attribute_references(const Node& node, Evaluator& evaluator)
  {
    for (const char* attribute : {"CreationPolicy", "UpdatePolicy"}) {
      if (const Node* value = node.get(attribute)) {
        evaluator.check_references(value);
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
    set_physical_name(resource);
    check_attribute_references(node, evaluator);
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
        // A name SAM generates (<Connector>Policy, <Function>Role...) is a resource to depend on too.
        if (!m_declarations.resources.contains(item->scalar) && !evaluator.is_generated(item->scalar) && !m_declarations.has_for_each) {
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
    link_function_url_invoke_permissions();
    // After SAM: policies in the template may attach to the roles SAM generates (Roles: [!Ref FnRole]).
    populate_iam(m_model);
    if (m_sam != nullptr) {
      m_sam->add_connectors();
    }
  }

  /// `InvokedViaFunctionUrl: true` limits a lambda:InvokeFunction permission to calls made through
  /// the function's URL, so it is the permission behind that URL and as open as the URL's
  /// AuthType: since October 2025 a public (AuthType NONE) URL needs it beside
  /// lambda:InvokeFunctionUrl, and SAM generates both.
  /// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
  void link_function_url_invoke_permissions()
  {
    for (Permission& permission : m_model.permissions) {
      if (permission.function == nullptr || is_set(permission.function_url_auth_type) ||
          as_bool(permission.resource->property("InvokedViaFunctionUrl")) != std::optional<bool>(true)) {
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

  /// The items of a list, through Fn::If on the list and on each item (both branches are possible
  /// deployments; SAM writes a conditional function's S3 notification as an Fn::If item).
  static std::vector<const Value*> items_in_every_branch(const Value* list)
  {
    std::vector<const Value*> out;
    for (const Value* branch : possible_values(list)) {
      for (const Value* item : list_items(branch)) {
        for (const Value* possible : possible_values(item)) {
          out.push_back(possible);
        }
      }
    }
    return out;
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
    } else if (type == "AWS::Lambda::LayerVersion" || type == "AWS::Serverless::LayerVersion") {
      Layer& layer = m_model.layers.emplace_back();
      layer.resource = &resource;
      layer.content = s3_code_location(resource.properties, "Content", "ContentUri");
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
    trigger.target = target;
    trigger.timeout_millis = timeout_millis;
    describe_trigger_source(m_model, trigger);
    return &trigger;
  }

  /// The Lambda integrations of an API's OpenAPI `Body` (how SAM emits every Api / HttpApi event,
  /// and how many hand-written templates define their APIs).
  void add_openapi_triggers(TriggerKind kind, const Resource& api, const Value* body)
  {
    const bool websocket = is_text(api.property("ProtocolType"), "WEBSOCKET");
    for (const OpenApiIntegration& integration : openapi_lambda_integrations(body)) {
      if (Trigger* trigger = add_trigger(kind, api, integration.uri, integration.timeout_millis)) {
        trigger->websocket = websocket;
        trigger->event_invocation_requested = kind == TriggerKind::api_rest && invoke::requests_event_invocation(integration.invocation_type);
      }
    }
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
      add_openapi_triggers(TriggerKind::api_http, resource, get_path(properties, {"Body"}));
    } else if (type == "AWS::ApiGateway::RestApi") {
      add_openapi_triggers(TriggerKind::api_rest, resource, get_path(properties, {"Body"}));
    } else if (type == "AWS::Scheduler::Schedule") {
      // EventBridge Scheduler invokes with the target's RoleArn, not through the function's
      // resource policy: no permission to look for. It invokes asynchronously.
      // https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge-scheduler.html
      if (Trigger* trigger = add_trigger(TriggerKind::events, resource, get_path(properties, {"Target", "Arn"}))) {
        trigger->principal = {};
        trigger->source_arn = nullptr;
      }
    } else if (type == "AWS::Events::Rule") {
      for (const Value* target : list_items(get_path(properties, {"Targets"}))) {
        add_trigger(TriggerKind::events, resource, get_path(target, {"Arn"}));
      }
    } else if (type == "AWS::S3::Bucket") {
      for (const Value* configuration : items_in_every_branch(get_path(properties, {"NotificationConfiguration", "LambdaConfigurations"}))) {
        add_trigger(TriggerKind::s3, resource, get_path(configuration, {"Function"}));
      }
    } else if (type == "AWS::SNS::Subscription") {
      if (is_text(get_path(properties, {"Protocol"}), "lambda")) {
        const Value* topic_arn = get_path(properties, {"TopicArn"});
        const std::vector<const Value*> topics = possible_values(topic_arn);
        if (topic_arn == nullptr || topic_arn->kind != ValueKind::choice || topics.size() < 2) {
          add_trigger(TriggerKind::sns, resource, get_path(properties, {"Endpoint"}));
        } else {
          // TopicArn chosen by an Fn::If (as SAM writes an SNS event whose Topic is one): the topic
          // of each branch may invoke the function, and a permission naming either matches it.
          for (const Value* topic_value : topics) {
            if (Trigger* trigger = add_trigger(TriggerKind::sns, resource, get_path(properties, {"Endpoint"}))) {
              const Resource* topic = m_model.resource_for(topic_value);
              trigger->source_resource = topic != nullptr && topic->type == "AWS::SNS::Topic" ? topic : nullptr;
              trigger->source_arn = topic_value;
            }
          }
        }
      }
    } else if (type == "AWS::SNS::Topic") {
      for (const Value* subscription : items_in_every_branch(get_path(properties, {"Subscription"}))) {
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
  function.s3_code = s3_code_location(properties, "Code", "CodeUri");
  function.publishes_versions = get_path(properties, {"AutoPublishAlias"});
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
  function.log_format = get_path(properties, {"LoggingConfig", "LogFormat"});
  function.application_log_level = get_path(properties, {"LoggingConfig", "ApplicationLogLevel"});
  function.system_log_level = get_path(properties, {"LoggingConfig", "SystemLogLevel"});
  function.snap_start = get_path(properties, {"SnapStart", "ApplyOn"});
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
