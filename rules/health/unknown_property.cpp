// LL004 unknown-property: a resource property (or a property of a nested structure) that the
// resource type's schema does not define. CloudFormation rejects the template ("Encountered
// unsupported property"). The schema is the compiled AWS resource specification (data/cfn_spec.h);
// for AWS::Serverless::* it is SAM's own schema (data/sam_schema.h, rules/common/sam_properties.cpp),
// whose transform rejects unknown properties ("property X not defined for resource of type ...").
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
// Terraform rejects an argument its provider's schema lacks ("An argument named X is not expected
// here"); the Terraform front end records those findings (analyzer/terraform/arguments.cpp).

#include "analyzer/model.h"
#include "support/text.h"
#include "analyzer/rule.h"
#include "data/cfn_spec.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/sam_properties.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace lint::rules::health {
namespace {

using data::PropertySpec;

constexpr int k_max_depth = 64;

char fold(char c)
{
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

/// The valid property nearest to a misspelt key: the unique one within a small edit distance, or
/// else the unique one sharing most of the key as a prefix ("ReservedConcurrency" →
/// "ReservedConcurrentExecutions"). Empty when nothing is close or the choice is ambiguous.
std::string_view nearest_property(std::span<const PropertySpec> properties, std::string_view key)
{
  if (const std::string_view near = nearest_name(key, properties, [](const PropertySpec& property) { return std::string_view(property.name); });
      !near.empty()) {
    return near;
  }
  const std::size_t wanted = std::max<std::size_t>(8, key.size() * 3 / 4);
  std::string_view prefix_match;
  for (const PropertySpec& property : properties) {
    std::size_t common = 0;
    while (common < key.size() && common < property.name.size() && fold(key[common]) == fold(property.name[common])) {
      ++common;
    }
    if (common >= wanted) {
      if (!prefix_match.empty()) {
        return {};
      }
      prefix_match = property.name;
    }
  }
  return prefix_match;
}

class Checker {
public:
  Checker(RuleContext& context, const Resource& resource) : m_context(context), m_resource(resource) {}

  /// Checks a map of properties (every Fn::If branch of it) against a list of property specs.
  void check_object(const Value* value, std::span<const PropertySpec> properties, std::string_view owner, const std::string& path, int depth)
  {
    if (depth > k_max_depth) {
      return;
    }
    for (const Value* possible : possible_values(value)) {
      if (possible->kind != ValueKind::map) {
        continue; // unknown, intrinsic results, scalars where a structure was expected (other rules)
      }
      for (const ValueEntry& entry : possible->entries) {
        check_entry(entry, properties, owner, path, depth);
      }
    }
  }

  // check_entry, descend and report_unknown are public for the SAM sink below.
  void check_entry(const ValueEntry& entry, std::span<const PropertySpec> properties, std::string_view owner, const std::string& path, int depth)
  {
    // Intrinsic-looking keys (an Fn::Transform next to other keys, Fn::ForEach...) are expanded
    // by CloudFormation before the schema applies.
    if (entry.key.starts_with("Fn::") || entry.key == "Ref" || entry.key == "Condition") {
      return;
    }
    const std::string child_path = path.empty() ? entry.key : path + "." + entry.key;
    const PropertySpec* property = data::find_property(properties, entry.key);
    if (property == nullptr) {
      report_unknown(entry, properties, owner, child_path);
      return;
    }
    descend(entry.value, *property, child_path, depth);
  }

  void descend(const Value* value, const PropertySpec& property, const std::string& path, int depth)
  {
    if (property.type_definition < 0 || property.primitive == "json") {
      return;
    }
    const auto definitions = data::type_definitions();
    if (static_cast<std::size_t>(property.type_definition) >= definitions.size()) {
      return;
    }
    const data::TypeDefinitionSpec& definition = definitions[static_cast<std::size_t>(property.type_definition)];
    for (const Value* possible : possible_values(value)) {
      if (property.is_list) {
        for (const Value* item : list_items(possible)) {
          check_object(item, definition.properties, definition.name, path + "[]", depth + 1);
        }
      } else if (property.is_map) {
        if (possible->kind == ValueKind::map) {
          for (const ValueEntry& entry : possible->entries) {
            check_object(entry.value, definition.properties, definition.name, path + ".*", depth + 1);
          }
        }
      } else {
        check_object(possible, definition.properties, definition.name, path, depth + 1);
      }
    }
  }

  void report_unknown(const ValueEntry& entry, std::span<const PropertySpec> properties, std::string_view owner, const std::string& path)
  {
    // Property names are case-sensitive in CloudFormation ("Encountered unsupported property
    // handler"): a name that differs from a valid one only by case is that property misspelt.
    std::string_view nearest;
    for (const PropertySpec& property : properties) {
      if (equal_ignoring_case(property.name, entry.key)) {
        nearest = property.name;
      }
    }
    if (nearest.empty()) {
      nearest = nearest_property(properties, entry.key);
    }
    std::string message = fmt::format("Resource '{}' sets property '{}', which {} does not define", m_resource.id, path, owner);
    if (!nearest.empty()) {
      message += fmt::format(" (did you mean {}?)", nearest);
    }
    Finding& finding = m_context.report(m_resource.location(entry.key_range), std::move(message), fmt::format("{}/{}", m_resource.id, path));
    if (!nearest.empty() && entry.key_range.end > entry.key_range.begin) {
      const std::string_view written = m_resource.file->text().substr(entry.key_range.begin, entry.key_range.end - entry.key_range.begin);
      std::string replacement;
      if (written == entry.key) {
        replacement = std::string(nearest);
      } else if (written.size() == entry.key.size() + 2 && written.substr(1, entry.key.size()) == entry.key &&
                 (written.front() == '"' || written.front() == '\'')) {
        replacement = fmt::format("{}{}{}", written.front(), nearest, written.back());
      }
      if (!replacement.empty()) {
        finding.fix = Fix{fmt::format("Rename '{}' to '{}'", entry.key, nearest), {TextEdit{entry.key_range, std::move(replacement)}},
                          Applicability::unsafe};
      }
    }
  }

private:
  RuleContext& m_context;
  const Resource& m_resource;
};

/// SAM resources (rules/common/sam_properties.cpp) report through the same message and fix.
class SamSink final : public SamPropertySink {
public:
  explicit SamSink(Checker& checker) : m_checker(checker) {}
  void unknown(const ValueEntry& entry, std::span<const PropertySpec> properties, std::string_view owner, const std::string& path) override
  {
    m_checker.report_unknown(entry, properties, owner, path);
  }
  void pass_through(const Value* value, const PropertySpec& property, const std::string& path, int depth) override
  {
    m_checker.descend(value, property, path, depth);
  }

private:
  Checker& m_checker;
};

bool is_skipped_type(std::string_view type)
{
  if (type.empty() || type.starts_with("Custom::") || type == "AWS::CloudFormation::CustomResource") {
    return true;
  }
  // SAM types are checked against SAM's own schema (check_sam_properties), never against the SAM
  // part of the CloudFormation specification: that part is stale (it lacks LoggingConfig,
  // SnapStart, RuntimeManagementConfig on AWS::Serverless::Function, and names HttpApi's
  // AccessLogSettings "AccessLogSetting").
  return type.starts_with("AWS::Serverless::");
}

void check(const Model& model, RuleContext& context)
{
  // Terraform: the front end checks each resource's written arguments against the pinned AWS
  // provider schema (analyzer/terraform/arguments.cpp, data/terraform_schema.h) while it still
  // knows the Terraform type and whether the values were written (not a plan's).
  report_model_problems(model, context);
  if (!model.template_syntax()) {
    return;
  }
  std::set<std::size_t> reported_globals;
  for (const Resource& resource : model.resources) {
    if (resource.properties != nullptr && !resource.generated && resource.type.starts_with("AWS::Serverless::")) {
      Checker checker(context, resource);
      SamSink sink(checker);
      check_sam_properties(resource, sink, reported_globals);
      continue;
    }
    if (resource.properties == nullptr || is_skipped_type(resource.type)) {
      continue;
    }
    const data::ResourceTypeSpec* spec = data::find_resource_type(resource.type);
    if (spec == nullptr) {
      continue; // unknown or third-party types: the registry knows them, we do not
    }
    Checker checker(context, resource);
    checker.check_object(resource.properties, spec->properties, spec->type, std::string(), 0);
  }
}

} // namespace

const Rule& unknown_property()
{
  static const Rule rule{
    .meta = {.id = "LL004",
             .name = "unknown-property",
             .family = "health",
             .level = Level::error,
             .summary = "A property is not in the resource type's schema",
             .explanation = R"md(## What it does
Checks every property of every resource, and of the structures nested in them (lists and maps of
structures too), against the AWS resource specification for the resource type. An unknown name is
reported at its key, with the nearest valid name when one is close ("did you mean
ReservedConcurrentExecutions?"). Custom resources, types the specification does not know,
JSON-typed properties and values computed by intrinsic functions are not checked; every branch of
an `Fn::If` is. Names are case-sensitive, as in CloudFormation: `handler` on
`AWS::Lambda::Function` is reported (did you mean Handler?).

Terraform resources (`.tf` and `.tf.json`) are checked against the AWS provider's schema of their
type, transcribed at one pinned provider release (the message names it, for example "not an
argument of aws_lambda_function in AWS provider v6.28"): every argument and nested block, at any
depth, including blocks written with `dynamic`. An argument the provider computes (`arn`,
`invoke_arn`, `version`, ...) is reported too: a configuration cannot set it. Only
`aws_lambda_function` is transcribed so far; other resource types are not judged. Meta-arguments
(`count`, `for_each`, `provider`, `depends_on`, `lifecycle`, `provisioner`, `connection`) are
Terraform's own and never reported. A plan (or state) is not checked: Terraform validated its
arguments against the provider that made it, which may be newer than the pinned schema. A provider
newer than the pinned one may add arguments: if you use one, suppress the finding (the message says
which provider version the list comes from).

SAM `AWS::Serverless::*` resources are checked against SAM's own schema (SAM v1.110.0), not the
stale SAM part of the specification: their properties, the structures SAM closes (`Auth`,
`DeploymentPreference`, `FunctionUrlConfig`, ...), each entry under `Events` by its `Type` (`Cors`
is not a property of an `Api` event), and Globals keys (reported once, at the Globals line).
Properties SAM passes through to CloudFormation (`LoggingConfig`, `ImageConfig`, `VpcConfig` of a
function, ...) are checked inside against the CloudFormation type they are copied to. Where the SAM
schema accepts any value (free-form maps, intrinsic-or-object alternatives), nothing is reported.

In a Serverless Framework `serverless.yml`, a function property the framework does not know that
misspells one it knows (`timout`: at most two edits away) is reported at its key; the framework
only warns about it and deploys the function without the setting. Other unknown keys, and every
key when the configuration loads `plugins` (which may define function properties), are not judged.

## Why is this bad?
CloudFormation rejects the template ("Encountered unsupported property"); Terraform refuses to plan
("An argument named "timout" is not expected here"). A misspelt optional
property is worse where a tool ignores it: the setting you wrote (a timeout, a concurrency limit,
an encryption key) silently does not apply.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      ReservedConcurrency: 10
```
Use the property the schema defines:
```yaml
      ReservedConcurrentExecutions: 10
```

## Fix safety
In a CloudFormation or SAM template, when exactly one valid name is close to the key, the fix
renames the key (for Terraform the message names the nearest argument, with no fix). It is unsafe: the
nearest name is not necessarily the property you meant, and a value written for one property may
not suit another.
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html",
             .precision = "high",
             .tags = "correctness",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::health
