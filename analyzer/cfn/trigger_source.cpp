#include "analyzer/cfn/trigger_source.h"

#include "analyzer/invoke.h"
#include "support/text.h"

namespace lint::cfn {
namespace {

/// Builds an ARN template piece by piece in the model's arena.
class ArnBuilder {
public:
  ArnBuilder(Model& model, SourceRange range) : m_value(model.values.make(ValueKind::text_template, range)) {}

  ArnBuilder& literal(std::string_view text)
  {
    if (!m_value.parts.empty() && !m_value.parts.back().is_reference) {
      m_value.parts.back().literal += text;
    } else {
      m_value.parts.push_back({std::string(text), false, {}});
    }
    return *this;
  }
  ArnBuilder& pseudo(std::string_view name) { return reference({Reference::Target::pseudo, std::string(name), {}}); }
  /// A piece nobody knows before deployment (a generated id).
  ArnBuilder& generated() { return reference({Reference::Target::unresolved, "*", {}}); }
  ArnBuilder& reference(Reference reference)
  {
    TemplatePart part;
    part.is_reference = true;
    part.reference = std::move(reference);
    m_value.parts.push_back(std::move(part));
    return *this;
  }
  /// The text of a written value (a name): literal, template pieces, or a reference to `fallback`
  /// (whose Ref is that name) when the value is not written or not understood.
  ArnBuilder& name(const Value* value, const Resource* fallback)
  {
    if (const auto text = as_string(value); text && value->kind == ValueKind::string) {
      return literal(*text);
    }
    if (value != nullptr && value->kind == ValueKind::text_template) {
      for (const TemplatePart& part : value->parts) {
        if (part.is_reference) {
          reference(part.reference);
        } else {
          literal(part.literal);
        }
      }
      return *this;
    }
    if (fallback != nullptr) {
      return reference({Reference::Target::resource, fallback->id, {}});
    }
    return generated();
  }
  /// "arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:"
  ArnBuilder& regional(std::string_view service)
  {
    literal("arn:").pseudo("AWS::Partition").literal(":").literal(service).literal(":");
    return pseudo("AWS::Region").literal(":").pseudo("AWS::AccountId").literal(":");
  }
  const Value* value() const { return &m_value; }

private:
  Value& m_value;
};

} // namespace

void describe_trigger_source(Model& model, Trigger& trigger)
{
  trigger.principal = invoke::service_principal(trigger.kind);
  const Resource& source = *trigger.source;
  const SourceRange range = source.id_range;
  switch (trigger.kind) {
  case TriggerKind::s3: {
    trigger.source_resource = &source;
    ArnBuilder arn(model, range);
    arn.literal("arn:").pseudo("AWS::Partition").literal(":s3:::").name(source.property("BucketName"), &source);
    trigger.source_arn = arn.value();
    break;
  }
  case TriggerKind::sns: {
    const Resource* topic = source.type == "AWS::SNS::Topic" ? &source : model.resource_for(source.property("TopicArn"));
    if (topic != nullptr && topic->type == "AWS::SNS::Topic") {
      trigger.source_resource = topic;
      ArnBuilder arn(model, range);
      const Value* name = topic->property("TopicName");
      arn.regional("sns").name(as_string(name) ? name : nullptr, topic);
      trigger.source_arn = arn.value();
    } else if (source.type == "AWS::SNS::Subscription") {
      trigger.source_arn = source.property("TopicArn"); // an imported or literal topic ARN
    }
    break;
  }
  case TriggerKind::api_rest:
  case TriggerKind::api_http: {
    // arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<method>/<path>
    // The API itself holds the wiring when the integration is written in its OpenAPI body.
    const bool is_api = source.type == "AWS::ApiGatewayV2::Api" || source.type == "AWS::ApiGateway::RestApi" ||
                        source.type == "AWS::Serverless::Api" || source.type == "AWS::Serverless::HttpApi";
    const Value* api_id = is_api ? nullptr
                          : source.type == "AWS::ApiGateway::Method" ? source.property("RestApiId")
                                                                     : source.property("ApiId");
    const Resource* api = is_api ? &source : model.resource_for(api_id);
    trigger.source_resource = api;
    ArnBuilder arn(model, range);
    arn.regional("execute-api");
    if (api != nullptr) {
      arn.reference({Reference::Target::resource, api->id, {}});
    } else {
      arn.name(api_id, nullptr);
    }
    arn.literal("/").generated();
    trigger.source_arn = arn.value();
    break;
  }
  case TriggerKind::events: {
    trigger.source_resource = &source;
    ArnBuilder arn(model, range);
    arn.regional("events").literal("rule/");
    const Value* bus = source.property("EventBusName");
    const Value* name = source.property("Name");
    const auto text = as_string(name);
    if (text && name->kind == ValueKind::string && (!is_set(bus) || is_text(bus, "default"))) {
      arn.literal(*text); // rules on a custom bus are rule/<bus>/<name>
    } else {
      arn.generated();
    }
    trigger.source_arn = arn.value();
    break;
  }
  case TriggerKind::logs: {
    const Value* group_name = source.property("LogGroupName");
    const Resource* group = model.resource_for(group_name);
    ArnBuilder arn(model, range);
    arn.regional("logs").literal("log-group:");
    if (group != nullptr && group->type == "AWS::Logs::LogGroup") {
      trigger.source_resource = group;
      const Value* declared = group->property("LogGroupName");
      arn.name(as_string(declared) ? declared : nullptr, group);
    } else {
      arn.name(group_name, nullptr);
    }
    // The service's SourceArn ends in ":*"; permissions written with or without it are both seen.
    arn.generated();
    trigger.source_arn = arn.value();
    break;
  }
  case TriggerKind::cognito:
    trigger.source_resource = &source;
    trigger.source_arn = ArnBuilder(model, range).regional("cognito-idp").literal("userpool/").generated().value();
    break;
  case TriggerKind::iot: {
    trigger.source_resource = &source;
    ArnBuilder arn(model, range);
    const Value* name = source.property("RuleName");
    arn.regional("iot").literal("rule/");
    if (const auto text = as_string(name); text && name->kind == ValueKind::string) {
      arn.literal(*text);
    } else {
      arn.generated();
    }
    trigger.source_arn = arn.value();
    break;
  }
  case TriggerKind::alb:
    trigger.source_resource = &source;
    trigger.source_arn = ArnBuilder(model, range).regional("elasticloadbalancing").literal("targetgroup/").generated().value();
    break;
  case TriggerKind::ses:
    trigger.source_resource = &source;
    trigger.source_arn = ArnBuilder(model, range).regional("ses").generated().value();
    break;
  case TriggerKind::appsync:
  case TriggerKind::step_functions:
    break;
  }
}

std::vector<OpenApiIntegration> openapi_lambda_integrations(const Value* body)
{
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
  // paths.<path>.<method>.x-amazon-apigateway-integration {type, uri, timeoutInMillis, requestParameters}.
  std::vector<OpenApiIntegration> out;
  for (const Value* document : possible_values(body)) {
    const Value* paths = document->kind == ValueKind::map ? document->get("paths") : nullptr;
    for (const Value* path_branch : possible_values(paths)) {
      if (path_branch->kind != ValueKind::map) {
        continue;
      }
      for (const ValueEntry& path : path_branch->entries) {
        for (const Value* methods : possible_values(path.value)) {
          if (methods->kind != ValueKind::map) {
            continue;
          }
          for (const ValueEntry& method : methods->entries) {
            // SAM writes each method of a conditional function as an Fn::If (the operation or
            // AWS::NoValue), inside the path's own Fn::If: both branches are read at every level.
            for (const Value* operation : possible_values(method.value)) {
            const Value* integration = operation->kind == ValueKind::map ? operation->get("x-amazon-apigateway-integration") : nullptr;
            for (const Value* branch : possible_values(integration)) {
              const auto type = as_string(get_path(branch, {"type"}));
              if (!type || (!equal_ignoring_case(*type, "aws_proxy") && !equal_ignoring_case(*type, "aws"))) {
                continue;
              }
              // The uri of a conditional function is itself an Fn::If with AWS::NoValue.
              for (const Value* uri : possible_values(get_path(branch, {"uri"}))) {
                OpenApiIntegration found;
                found.uri = uri;
                found.timeout_millis = get_path(branch, {"timeoutInMillis"});
                found.invocation_type = get_path(branch, {"requestParameters", "integration.request.header.X-Amz-Invocation-Type"});
                out.push_back(found);
              }
            }
            }
          }
        }
      }
    }
  }
  return out;
}

} // namespace lint::cfn
