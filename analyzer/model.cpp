#include "analyzer/model.h"

#include <algorithm>
#include <array>

namespace lint {

std::optional<std::int64_t> Function::timeout_seconds() const
{
  if (!is_set(timeout)) {
    return k_default_timeout;
  }
  return as_integer(timeout);
}

std::optional<std::int64_t> Queue::visibility_timeout_seconds() const
{
  if (!is_set(visibility_timeout)) {
    return k_default_visibility_timeout;
  }
  return as_integer(visibility_timeout);
}

std::string_view to_string(TriggerKind kind)
{
  switch (kind) {
  case TriggerKind::s3: return "S3 bucket notification";
  case TriggerKind::sns: return "SNS subscription";
  case TriggerKind::api_rest: return "API Gateway REST integration";
  case TriggerKind::api_http: return "API Gateway HTTP API integration";
  case TriggerKind::events: return "EventBridge rule";
  case TriggerKind::logs: return "CloudWatch Logs subscription filter";
  case TriggerKind::cognito: return "Cognito user pool trigger";
  case TriggerKind::iot: return "IoT topic rule";
  case TriggerKind::alb: return "load balancer target group";
  case TriggerKind::ses: return "SES receipt rule";
  case TriggerKind::appsync: return "AppSync data source";
  case TriggerKind::step_functions: return "Step Functions task";
  }
  return "trigger";
}

bool is_asynchronous(TriggerKind kind)
{
  // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html (services that invoke
  // asynchronously: S3, SNS, EventBridge, CloudWatch Logs, SES, IoT, ...)
  switch (kind) {
  case TriggerKind::s3:
  case TriggerKind::sns:
  case TriggerKind::events:
  case TriggerKind::logs:
  case TriggerKind::ses:
  case TriggerKind::iot:
    return true;
  default:
    return false;
  }
}

ResourceKind resource_kind(std::string_view type)
{
  // CloudFormation and SAM type names, and the AWS provider's Terraform type names (a plan or a
  // module keeps its own names for the types the Terraform frontend does not rename).
  static constexpr std::pair<std::string_view, ResourceKind> k_kinds[] = {
    {"AWS::Lambda::Function", ResourceKind::function},
    {"AWS::Serverless::Function", ResourceKind::function},
    {"aws_lambda_function", ResourceKind::function},
    {"AWS::Lambda::Version", ResourceKind::function_version},
    {"aws_lambda_version", ResourceKind::function_version},
    {"AWS::Lambda::Alias", ResourceKind::function_alias},
    {"aws_lambda_alias", ResourceKind::function_alias},
    {"AWS::SQS::Queue", ResourceKind::queue},
    {"aws_sqs_queue", ResourceKind::queue},
    {"AWS::SNS::Topic", ResourceKind::topic},
    {"aws_sns_topic", ResourceKind::topic},
    {"AWS::Events::EventBus", ResourceKind::event_bus},
    {"aws_cloudwatch_event_bus", ResourceKind::event_bus},
    {"AWS::S3::Bucket", ResourceKind::bucket},
    {"aws_s3_bucket", ResourceKind::bucket},
    {"AWS::KMS::Key", ResourceKind::kms_key},
    {"aws_kms_key", ResourceKind::kms_key},
    {"AWS::EC2::Subnet", ResourceKind::subnet},
    {"aws_subnet", ResourceKind::subnet},
    {"AWS::Kinesis::Stream", ResourceKind::kinesis_stream},
    {"aws_kinesis_stream", ResourceKind::kinesis_stream},
    {"AWS::Kinesis::StreamConsumer", ResourceKind::kinesis_stream_consumer},
    {"aws_kinesis_stream_consumer", ResourceKind::kinesis_stream_consumer},
    {"AWS::DynamoDB::Table", ResourceKind::dynamodb_table},
    {"AWS::DynamoDB::GlobalTable", ResourceKind::dynamodb_table},
    {"aws_dynamodb_table", ResourceKind::dynamodb_table},
    {"AWS::Logs::LogGroup", ResourceKind::log_group},
    {"aws_cloudwatch_log_group", ResourceKind::log_group},
    {"AWS::ApiGateway::RestApi", ResourceKind::api},
    {"AWS::ApiGatewayV2::Api", ResourceKind::api},
    {"AWS::Serverless::Api", ResourceKind::api},
    {"AWS::Serverless::HttpApi", ResourceKind::api},
    {"aws_api_gateway_rest_api", ResourceKind::api},
    {"aws_apigatewayv2_api", ResourceKind::api},
    {"AWS::StepFunctions::StateMachine", ResourceKind::state_machine},
    {"AWS::Serverless::StateMachine", ResourceKind::state_machine},
    {"aws_sfn_state_machine", ResourceKind::state_machine},
    {"AWS::IAM::Role", ResourceKind::role},
    {"aws_iam_role", ResourceKind::role},
  };
  for (const auto& [name, kind] : k_kinds) {
    if (name == type) {
      return kind;
    }
  }
  return ResourceKind::other;
}

std::string arn_service(const Value* arn)
{
  std::string text;
  if (const auto literal = as_string(arn)) {
    text = std::string(*literal);
  } else if (arn != nullptr && arn->kind == ValueKind::text_template) {
    for (const TemplatePart& part : arn->parts) {
      text += part.is_reference ? std::string("\x01") : part.literal; // a reference is never part of the service
    }
  }
  if (!text.starts_with("arn:")) {
    return {};
  }
  const std::size_t second = text.find(':', 4);
  const std::size_t third = second == std::string::npos ? std::string::npos : text.find(':', second + 1);
  if (third == std::string::npos) {
    return {};
  }
  std::string service = text.substr(second + 1, third - second - 1);
  return service.find('\x01') == std::string::npos ? service : std::string();
}

const Value* Function::subnet_ids_of(const Value* vpc_config_branch)
{
  return vpc_config_branch && vpc_config_branch->kind == ValueKind::map ? vpc_config_branch->get("SubnetIds") : nullptr;
}

const Value* Function::security_group_ids_of(const Value* vpc_config_branch)
{
  return vpc_config_branch && vpc_config_branch->kind == ValueKind::map ? vpc_config_branch->get("SecurityGroupIds") : nullptr;
}

const Value* Function::tracing_mode_of(const Value* tracing_config_branch)
{
  return tracing_config_branch && tracing_config_branch->kind == ValueKind::map ? tracing_config_branch->get("Mode") : nullptr;
}

const Value* Function::variables_of(const Value* environment_branch)
{
  return environment_branch && environment_branch->kind == ValueKind::map ? environment_branch->get("Variables") : nullptr;
}

const Value* FunctionUrl::allow_origins() const
{
  return get_path(cors, {"AllowOrigins"});
}

const Value* FunctionUrl::allow_methods() const
{
  return get_path(cors, {"AllowMethods"});
}

const Value* FunctionUrl::allow_credentials() const
{
  return get_path(cors, {"AllowCredentials"});
}

void Model::index()
{
  m_resource_index.clear();
  m_function_index.clear();
  m_queue_index.clear();
  for (const Resource& resource : resources) {
    m_resource_index.emplace(resource.id, &resource);
  }
  for (const Function& function : functions) {
    m_function_index.emplace(function.resource->id, &function);
  }
  for (Queue& queue : queues) {
    m_queue_index.emplace(queue.resource->id, &queue);
    queue.policies = resource_policies_of(*queue.resource);
  }
  for (Topic& topic : topics) {
    topic.policies = resource_policies_of(*topic.resource);
  }
}

std::vector<const ResourcePolicy*> Model::resource_policies_of(const Resource& target, bool unresolved_of_kind) const
{
  std::vector<const ResourcePolicy*> out;
  const ResourceKind kind = target.kind();
  for (const ResourcePolicy& policy : resource_policies) {
    if (policy.target == &target || (unresolved_of_kind && policy.target == nullptr && policy.target_kind == kind)) {
      out.push_back(&policy);
    }
  }
  return out;
}

const Key* Model::find_key(std::string_view id) const
{
  for (const Key& key : keys) {
    if (key.resource->id == id) {
      return &key;
    }
  }
  return nullptr;
}

const Bucket* Model::find_bucket(std::string_view id) const
{
  for (const Bucket& bucket : buckets) {
    if (bucket.resource->id == id) {
      return &bucket;
    }
  }
  return nullptr;
}

const Resource* Model::find_resource(std::string_view id) const
{
  if (m_resource_index.size() == resources.size() && !resources.empty()) {
    const auto found = m_resource_index.find(id);
    return found != m_resource_index.end() ? found->second : nullptr;
  }
  for (const Resource& resource : resources) {
    if (resource.id == id) {
      return &resource;
    }
  }
  return nullptr;
}

const Function* Model::find_function(std::string_view id) const
{
  if (m_function_index.size() == functions.size() && !functions.empty()) {
    if (const auto found = m_function_index.find(id); found != m_function_index.end()) {
      return found->second;
    }
    const auto alias = function_aliases.find(id);
    return alias != function_aliases.end() ? alias->second : nullptr;
  }
  for (const Function& function : functions) {
    if (function.resource->id == id) {
      return &function;
    }
  }
  const auto alias = function_aliases.find(id);
  return alias != function_aliases.end() ? alias->second : nullptr;
}

const Queue* Model::find_queue(std::string_view id) const
{
  if (m_queue_index.size() == queues.size() && !queues.empty()) {
    const auto found = m_queue_index.find(id);
    return found != m_queue_index.end() ? found->second : nullptr;
  }
  for (const Queue& queue : queues) {
    if (queue.resource->id == id) {
      return &queue;
    }
  }
  return nullptr;
}

const Topic* Model::find_topic(std::string_view id) const
{
  for (const Topic& topic : topics) {
    if (topic.resource->id == id) {
      return &topic;
    }
  }
  return nullptr;
}

const Role* Model::find_role(std::string_view id) const
{
  for (const Role& role : roles) {
    if (role.id == id) {
      return &role;
    }
  }
  return nullptr;
}

SourceKind source_kind_of_arn(const Value* arn)
{
  std::string prefix;
  if (const auto text = as_string(arn)) {
    prefix = std::string(*text);
  } else if (arn != nullptr && arn->kind == ValueKind::text_template) {
    for (const TemplatePart& part : arn->parts) {
      prefix += part.is_reference ? std::string("*") : part.literal;
    }
  }
  // arn:partition:service:region:account:resource
  const std::size_t first = prefix.find(':');
  const std::size_t second = first == std::string::npos ? std::string::npos : prefix.find(':', first + 1);
  const std::size_t third = second == std::string::npos ? std::string::npos : prefix.find(':', second + 1);
  if (!prefix.starts_with("arn:") || third == std::string::npos) {
    return SourceKind::unknown;
  }
  const std::string_view service = std::string_view(prefix).substr(second + 1, third - second - 1);
  if (service == "sqs") {
    return SourceKind::sqs;
  }
  if (service == "kinesis") {
    return SourceKind::kinesis;
  }
  if (service == "dynamodb") {
    return prefix.find("/stream/") != std::string::npos ? SourceKind::dynamodb_stream : SourceKind::unknown;
  }
  if (service == "kafka") {
    return SourceKind::kafka;
  }
  if (service == "mq") {
    return SourceKind::mq;
  }
  if (service == "rds") {
    return SourceKind::documentdb;
  }
  return SourceKind::unknown;
}

std::string_view to_string(PolicyOrigin origin)
{
  switch (origin) {
  case PolicyOrigin::inline_policy: return "inline";
  case PolicyOrigin::policy_resource: return "policy-resource";
  case PolicyOrigin::customer_managed: return "customer-managed";
  case PolicyOrigin::aws_managed: return "aws-managed";
  case PolicyOrigin::sam_template: return "sam-policy-template";
  case PolicyOrigin::sam_generated: return "sam-generated";
  case PolicyOrigin::unknown: return "unknown";
  }
  return "unknown";
}

namespace {

Statement read_statement(const Value* map, bool conditional)
{
  Statement statement;
  statement.value = map;
  statement.sid = map->get("Sid");
  statement.effect = map->get("Effect");
  statement.action = map->get("Action");
  statement.not_action = map->get("NotAction");
  statement.resource = map->get("Resource");
  statement.not_resource = map->get("NotResource");
  statement.principal = map->get("Principal");
  statement.not_principal = map->get("NotPrincipal");
  statement.condition = map->get("Condition");
  statement.conditional = conditional;
  return statement;
}

void add_statements(const Value* value, bool conditional, std::vector<Statement>& out)
{
  if (value == nullptr) {
    return;
  }
  switch (value->kind) {
  case ValueKind::map: out.push_back(read_statement(value, conditional)); break;
  case ValueKind::list:
    for (const Value* item : value->items) {
      add_statements(item, conditional, out);
    }
    break;
  case ValueKind::choice:
    // Each branch is one possible deployment; a statement in only some of them is conditional.
    for (const Value* branch : value->items) {
      add_statements(branch, true, out);
    }
    break;
  default: break; // unknown, absent: nothing we can read
  }
}

} // namespace

std::vector<Statement> policy_statements(const Value* document)
{
  std::vector<Statement> statements;
  if (document == nullptr) {
    return statements;
  }
  if (document->kind == ValueKind::choice) {
    for (const Value* branch : document->items) {
      for (Statement& statement : policy_statements(branch)) {
        statement.conditional = true;
        statements.push_back(statement);
      }
    }
    return statements;
  }
  add_statements(document->get("Statement"), false, statements);
  return statements;
}

std::optional<std::string> name_text(const Value* value)
{
  if (const auto text = as_string(value)) {
    return std::string(*text);
  }
  if (value == nullptr || value->kind != ValueKind::text_template) {
    return std::nullopt;
  }
  std::string out;
  for (const TemplatePart& part : value->parts) {
    if (!part.is_reference) {
      out += part.literal;
    } else if (part.reference.target == Reference::Target::pseudo || part.reference.target == Reference::Target::parameter) {
      out += "${" + part.reference.name + "}";
    } else {
      return std::nullopt;
    }
  }
  return out;
}

const Resource* Model::resource_for(const Value* value) const
{
  const Reference* reference = single_reference(value);
  if (reference == nullptr || reference->target != Reference::Target::resource) {
    return nullptr;
  }
  return find_resource(reference->name);
}

const Function* Model::function_for(const Value* value) const
{
  if (value == nullptr) {
    return nullptr;
  }
  if (const Reference* reference = single_reference(value); reference && reference->target == Reference::Target::resource) {
    return find_function(reference->name);
  }
  // A literal name or ARN: match a function whose FunctionName is that literal. Sub/Join forms
  // around pseudo parameters and parameters compare as written (`${AWS::StackName}-worker` names
  // the function whose FunctionName is that same template).
  const std::optional<std::string> text = name_text(value);
  if (!text) {
    return nullptr;
  }
  const std::optional<FunctionAddress> address = function_address(*text);
  if (!address) {
    return nullptr;
  }
  const std::string_view name = address->name;
  for (const Function& function : functions) {
    if (const auto declared = name_text(function.function_name); declared && *declared == name) {
      return &function;
    }
  }
  return nullptr;
}

std::optional<FunctionAddress> function_address(std::string_view text)
{
  // A full ARN, an API Gateway integration URI holding one, or a partial ARN
  // ("123456789012:function:name"); else a name, optionally with its qualifier ("name:live").
  std::string_view rest = text;
  if (const std::size_t marker = text.find(":function:"); marker != std::string_view::npos) {
    rest = text.substr(marker + 10);
  } else if (text.starts_with("arn:")) {
    return std::nullopt;
  }
  // In an API Gateway integration URI, "/invocations" follows the function's ARN.
  rest = rest.substr(0, rest.find('/'));
  // The qualifier follows the last colon that is not part of a rendered reference
  // ("${AWS::StackName}-worker" is a name without qualifier).
  const std::size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos || rest.find('}', colon) != std::string_view::npos || (colon > 0 && rest[colon - 1] == ':')) {
    return FunctionAddress{rest, {}};
  }
  return FunctionAddress{rest.substr(0, colon), rest.substr(colon + 1)};
}

InvocationQualifier Model::invocation_qualifier(const Value* value) const
{
  if (value == nullptr) {
    return InvocationQualifier::unknown;
  }
  // A reference to a function resource, and what is written right after it (`${Fn.Arn}:live`,
  // `${Fn.Arn}/invocations`).
  auto of_reference = [&](const Reference& reference, std::string_view after) {
    if (reference.target != Reference::Target::resource) {
      return InvocationQualifier::unknown;
    }
    if (function_aliases.contains(reference.name)) {
      return InvocationQualifier::version_or_alias; // an AWS::Lambda::Alias / Version, aws_lambda_alias, SAM's Fn.Alias
    }
    const Function* function = find_function(reference.name);
    if (function == nullptr) {
      return InvocationQualifier::unknown;
    }
    // Terraform's qualified_arn / qualified_invoke_arn / version name the published version.
    if (reference.attribute.starts_with("qualified_") || reference.attribute == "version") {
      return InvocationQualifier::version_or_alias;
    }
    // Ref (the name), GetAtt Arn, Terraform arn / function_name / invoke_arn / id: the function.
    static constexpr std::array<std::string_view, 6> k_unqualified{"", "Arn", "arn", "function_name", "invoke_arn", "id"};
    if (std::find(k_unqualified.begin(), k_unqualified.end(), reference.attribute) == k_unqualified.end()) {
      return InvocationQualifier::unknown;
    }
    if (after.starts_with(':')) {
      return InvocationQualifier::version_or_alias;
    }
    return after.empty() || after.starts_with('/') ? InvocationQualifier::unqualified : InvocationQualifier::unknown;
  };
  switch (value->kind) {
  case ValueKind::reference:
    return of_reference(value->reference, "");
  case ValueKind::text_template: {
    const TemplatePart* named = nullptr;
    std::string_view after;
    for (std::size_t i = 0; i < value->parts.size(); ++i) {
      const TemplatePart& part = value->parts[i];
      if (!part.is_reference || part.reference.target == Reference::Target::pseudo) {
        continue;
      }
      if (named != nullptr) {
        return InvocationQualifier::unknown; // two references: which one is the function cannot be told
      }
      named = &part;
      after = i + 1 < value->parts.size() && !value->parts[i + 1].is_reference ? std::string_view(value->parts[i + 1].literal) : std::string_view();
    }
    return named != nullptr ? of_reference(named->reference, after) : InvocationQualifier::unknown;
  }
  case ValueKind::string: {
    const std::optional<FunctionAddress> address = function_address(value->text);
    if (!address || !value->via_parameter.empty()) {
      return InvocationQualifier::unknown;
    }
    return address->qualifier.empty() ? InvocationQualifier::unqualified : InvocationQualifier::version_or_alias;
  }
  default:
    return InvocationQualifier::unknown;
  }
}

} // namespace lint
