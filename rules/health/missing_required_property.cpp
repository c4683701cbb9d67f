// LL006 missing-required-property: a resource lacks a property its type requires. CloudFormation
// rejects the template ("Property X cannot be empty" / "required key [X] not found"); Terraform
// refuses to plan ("Missing required argument").
//
// CloudFormation: the required properties of the compiled AWS resource specification
// (data/cfn_spec.h, the resource provider schemas' `required`).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
// Terraform: the AWS provider's required arguments of the resource types lambdalint models, from
// the provider documentation (Argument Reference, "Required"):
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function
// (function_name, role), .../lambda_permission (action, function_name, principal),
// .../lambda_event_source_mapping (function_name), .../lambda_alias (name, function_name,
// function_version), .../lambda_function_url (function_name, authorization_type), .../iam_role
// (assume_role_policy), .../sns_topic_subscription (endpoint, protocol, topic_arn),
// .../sfn_state_machine (definition, role_arn), .../cloudwatch_event_target (arn, rule),
// .../lambda_layer_version (layer_name).
// SAM: SAM fills most of what CloudFormation requires, and LL008 covers what a SAM function must
// say; only what the SAM translator itself rejects as "Missing required property" is checked
// (../shared/reference/sam.schema.json `required`, confirmed by the translator's error tests
// error_layer_invalid_properties, error_connectors_*, error_graphqlapi_*, error_websocket_api_no_routes,
// error_missing_queue, error_missing_stream, error_missing_broker), and never what SAM's Globals
// could fill.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "data/cfn_spec.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace lint::rules::health {
namespace {

struct TerraformRequired {
  std::string_view type; // the model's type name (modelled types carry the CloudFormation name)
  std::array<std::string_view, 3> arguments;
};

constexpr std::array<TerraformRequired, 10> k_terraform_required{{
  {"AWS::Lambda::Function", {"function_name", "role", {}}},
  {"aws_lambda_permission", {"action", "function_name", "principal"}},
  {"aws_lambda_event_source_mapping", {"function_name", {}, {}}},
  {"aws_lambda_alias", {"name", "function_name", "function_version"}},
  {"aws_lambda_function_url", {"function_name", "authorization_type", {}}},
  {"AWS::IAM::Role", {"assume_role_policy", {}, {}}},
  {"aws_sns_topic_subscription", {"endpoint", "protocol", "topic_arn"}},
  {"AWS::StepFunctions::StateMachine", {"definition", "role_arn", {}}},
  {"aws_cloudwatch_event_target", {"arn", "rule", {}}},
  {"AWS::Lambda::LayerVersion", {"layer_name", {}, {}}},
}};

/// SAM resources and the properties the SAM translator requires of them (none of them can come
/// from Globals). AWS::Serverless::Application's Location: the translator's application plugin
/// rejects an application without one.
struct SamRequired {
  std::string_view type;
  std::array<std::string_view, 2> properties;
};
constexpr std::array<SamRequired, 5> k_sam_required{{
  {"AWS::Serverless::LayerVersion", {"ContentUri", {}}},
  {"AWS::Serverless::Connector", {"Destination", "Permissions"}},
  {"AWS::Serverless::GraphQLApi", {"Auth", {}}},
  {"AWS::Serverless::WebSocketApi", {"Routes", {}}},
  {"AWS::Serverless::Application", {"Location", {}}},
}};

/// Function event types and the property each needs to name its source.
struct SamEventRequired {
  std::string_view type;
  std::string_view property;
};
constexpr std::array<SamEventRequired, 4> k_sam_event_required{{
  {"SQS", "Queue"},
  {"Kinesis", "Stream"},
  {"DynamoDB", "Stream"},
  {"MQ", "Broker"},
}};

/// A property is missing from a map of properties when it is not written, or written as
/// AWS::NoValue / null. A property that may be absent in only some deployments (an Fn::If with a
/// NoValue branch) is not reported.
bool missing(const Value* properties, std::string_view name)
{
  const ValueEntry* entry = properties ? properties->find_entry(name) : nullptr;
  return entry == nullptr || entry->value == nullptr || entry->value->kind == ValueKind::absent || entry->value->kind == ValueKind::null;
}

/// The maps the properties may be (an Fn::If over the whole Properties gives several); empty when
/// they cannot be read (an Fn::Transform, a value computed by an intrinsic).
std::vector<const Value*> property_maps(const Resource& resource)
{
  if (resource.properties == nullptr) {
    // No Properties at all: an AWS CLI export's resources carry none (their facets read the
    // export), so nothing can be said to be missing.
    return {};
  }
  std::vector<const Value*> maps;
  for (const Value* possible : possible_values(resource.properties)) {
    if (possible->kind != ValueKind::map) {
      return {};
    }
    for (const ValueEntry& entry : possible->entries) {
      if (entry.key.starts_with("Fn::")) {
        return {}; // Fn::Transform / Fn::ForEach write properties we cannot see
      }
    }
    maps.push_back(possible);
  }
  return maps;
}

void report(RuleContext& context, const Resource& resource, std::string message, std::string_view name)
{
  context.report(resource.at_id(), std::move(message), fmt::format("{}/{}", resource.id, name));
}

void check_template(const Model& model, RuleContext& context)
{
  for (const Resource& resource : model.resources) {
    if (resource.generated || resource.type.empty() || resource.type.starts_with("AWS::Serverless::") || resource.type.starts_with("Custom::")) {
      continue;
    }
    const data::ResourceTypeSpec* spec = data::find_resource_type(resource.type);
    if (spec == nullptr) {
      continue;
    }
    const std::vector<const Value*> maps = property_maps(resource);
    for (const data::PropertySpec& property : spec->properties) {
      if (!property.required) {
        continue;
      }
      // Reported once, when no deployment writes it.
      bool everywhere = !maps.empty();
      for (const Value* map : maps) {
        everywhere = everywhere && missing(map, property.name);
      }
      if (everywhere) {
        report(context, resource,
               fmt::format("Resource '{}' lacks {}, which {} requires: CloudFormation rejects it", resource.id, property.name, resource.type),
               property.name);
      }
    }
  }
}

void check_sam_events(RuleContext& context, const Resource& resource)
{
  const Value* events = resource.property("Events");
  if (events == nullptr || events->kind != ValueKind::map) {
    return;
  }
  for (const ValueEntry& event : events->entries) {
    if (event.value == nullptr || event.value->kind != ValueKind::map) {
      continue;
    }
    const Value* type = event.value->get("Type");
    const auto type_text = as_string(type);
    if (!type_text || type->kind != ValueKind::string) {
      continue;
    }
    const Value* properties = event.value->get("Properties");
    if (properties != nullptr && properties->kind != ValueKind::map) {
      continue; // an intrinsic or a parameter: cannot be read
    }
    for (const SamEventRequired& required : k_sam_event_required) {
      // Only a key that is not written at all: a null value is what other front ends (the
      // Serverless framework's translation) write for a source they could not read.
      if (*type_text == required.type && (properties == nullptr || properties->find_entry(required.property) == nullptr)) {
        context.report(resource.location(type),
                       fmt::format("Event '{}' of '{}' ({}) lacks {}, which SAM requires: the transform fails", event.key, resource.id, required.type,
                                   required.property),
                       fmt::format("{}/Events/{}/{}", resource.id, event.key, required.property));
      }
    }
  }
}

void check_sam(const Model& model, RuleContext& context)
{
  for (const Resource& resource : model.resources) {
    if (resource.generated || !resource.type.starts_with("AWS::Serverless::")) {
      continue;
    }
    if (resource.type == "AWS::Serverless::Function") {
      check_sam_events(context, resource);
      continue;
    }
    // No Properties at all gives no map: nothing is said to be missing (as for CloudFormation).
    const std::vector<const Value*> maps = property_maps(resource);
    for (const SamRequired& required : k_sam_required) {
      if (resource.type != required.type) {
        continue;
      }
      for (const std::string_view property : required.properties) {
        bool everywhere = !property.empty() && !maps.empty();
        for (const Value* map : maps) {
          everywhere = everywhere && missing(map, property);
        }
        if (everywhere) {
          report(context, resource,
                 fmt::format("Resource '{}' lacks {}, which {} requires: the SAM transform fails", resource.id, property, resource.type), property);
        }
      }
    }
  }
}

void check_terraform(const Model& model, RuleContext& context)
{
  for (const Resource& resource : model.resources) {
    if (resource.generated || resource.properties == nullptr || resource.properties->kind != ValueKind::map) {
      continue;
    }
    for (const TerraformRequired& required : k_terraform_required) {
      if (resource.type != required.type) {
        continue;
      }
      for (std::string_view argument : required.arguments) {
        if (!argument.empty() && missing(resource.properties, argument)) {
          report(context, resource,
                 fmt::format("Resource '{}' lacks the required argument {}: Terraform refuses to plan it", resource.id, argument), argument);
        }
      }
    }
  }
}

void check(const Model& model, RuleContext& context)
{
  if (model.template_syntax()) {
    check_template(model, context);
    check_sam(model, context);
  } else {
    check_terraform(model, context);
  }
}

} // namespace

const Rule& missing_required_property()
{
  static const Rule rule{
    .meta = {.id = "LL006",
             .name = "missing-required-property",
             .family = "health",
             .level = Level::error,
             .summary = "A resource lacks a property its type requires",
             .explanation = R"md(## What it does
Reports a resource that does not write a property its type requires: for CloudFormation, the
required properties of the AWS resource specification (`Role` and `Code` of
`AWS::Lambda::Function`, `FunctionName` and `Action` of `AWS::Lambda::Permission`, ...); for
Terraform, the AWS provider's required arguments of the resource types lambdalint models
(`function_name` and `role` of `aws_lambda_function`, `principal` of `aws_lambda_permission`, ...).
A property written as a parameter, a variable or a module input counts as written, whatever its
value; one that only some `Fn::If` branches leave out is not reported. SAM fills most of what
CloudFormation requires (LL008 covers what a function must say): for SAM resources only what the
SAM transform itself requires and nothing else can fill is checked (`ContentUri` of a
`AWS::Serverless::LayerVersion`, `Destination` and `Permissions` of a connector, `Auth` of a
GraphQL API, `Routes` of a WebSocket API, `Location` of an application; `Queue` of an SQS event,
`Stream` of a Kinesis or DynamoDB event, `Broker` of an MQ event). Properties written by
`Fn::Transform` are not checked, nor is a resource without a `Properties` section (LL008 still
reports a function without its handler and runtime).

## Why is this bad?
The deployment fails: CloudFormation rejects the resource, the SAM transform fails, and Terraform
refuses to plan.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Code:
        ZipFile: "def handler(event, context): pass"
```
Give the function its execution role:
```yaml
      Role: !GetAtt FnRole.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html",
             .precision = "very-high",
             .tags = "correctness"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::health
