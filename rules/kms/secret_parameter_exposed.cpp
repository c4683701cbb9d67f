// LL604 secret-parameter-exposed: a parameter (Terraform: input variable) whose name says it holds
// a secret, not masked with NoEcho (sensitive), flows into a function's environment. Its value is
// shown in the console and by DescribeStacks (Terraform: in plans and their output), besides being
// stored in the function's configuration.
//
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
//   (NoEcho: "Whether to mask the parameter value to prevent it from being displayed in the
//   console, command line tools, or API")
// https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-secrets

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/secret_names.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace lint::rules::kms {
namespace {

/// The names of the parameters a value comes from: references, template parts, and the parameter
/// whose default (Terraform: variable value) it is.
void parameter_names(const Value* value, std::set<std::string>& out, int depth = 0)
{
  if (value == nullptr || depth > 32) {
    return;
  }
  if (!value->via_parameter.empty()) {
    const std::string_view via = value->via_parameter;
    out.emplace(via.starts_with("var.") ? via.substr(4) : via);
  }
  if (value->kind == ValueKind::reference && value->reference.target == Reference::Target::parameter) {
    out.insert(value->reference.name);
  }
  for (const TemplatePart& part : value->parts) {
    if (part.is_reference && part.reference.target == Reference::Target::parameter) {
      out.insert(part.reference.name);
    }
  }
  for (const Value* item : value->items) {
    parameter_names(item, out, depth + 1);
  }
}

/// Parameter types whose value the console shows as the name of what it resolves (SSM parameter
/// types): the secret itself is not displayed.
bool resolves_elsewhere(const Parameter& parameter)
{
  const auto type = as_string(parameter.type);
  return type && type->find("SSM::Parameter") != std::string_view::npos;
}

void check(const Model& model, RuleContext& context)
{
  std::map<std::string_view, const Parameter*> by_name;
  for (const Parameter& parameter : model.parameters) {
    by_name.emplace(parameter.name, &parameter);
  }
  if (by_name.empty()) {
    return;
  }
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    std::set<std::string> reported;
    for (const Value* variables : possible_values(function.environment_variables)) {
      if (variables->kind != ValueKind::map) {
        continue;
      }
      for (const ValueEntry& entry : variables->entries) {
        std::set<std::string> names;
        parameter_names(entry.value, names);
        for (const std::string& name : names) {
          const auto found = by_name.find(name);
          if (found == by_name.end()) {
            continue;
          }
          const Parameter& parameter = *found->second;
          if (parameter.no_echo || !is_secret_name(parameter.name) || resolves_elsewhere(parameter) ||
              !reported.insert(entry.key + "/" + name).second) {
            continue;
          }
          Finding& finding = context.report(
            resource.location(entry.value),
            fmt::format("Function '{}' sets the environment variable {} from '{}', a secret not masked with {}: its value is shown in the "
                        "console and API output",
                        resource.id, entry.key, parameter.name, parameter.no_echo_name),
            fmt::format("{}/Environment/{}/{}", resource.id, entry.key, name));
          finding.related.push_back({parameter.location, fmt::format("'{}' is declared here without {}", parameter.name, parameter.no_echo_name)});
        }
      }
    }
  }
}

} // namespace

const Rule& secret_parameter_exposed()
{
  static const Rule rule{
    .meta = {.id = "LL604",
             .name = "secret-parameter-exposed",
             .family = "kms",
             .level = Level::warning,
             .summary = "A parameter named as a secret, without NoEcho (sensitive), flows into a function's environment",
             .explanation = R"md(## What it does
Reports an environment variable whose value comes from a template parameter (or Terraform input
variable) whose name says it holds a secret (`DbPassword`, `ApiKey`, `slack_token`, ...) and that
is not masked: no `NoEcho: true` (Terraform: `sensitive = true`). Parameters of the SSM parameter
types, which resolve elsewhere, are not reported.

## Why is this bad?
An unmasked parameter is shown in plain text in the CloudFormation console, by `DescribeStacks`
and in change sets (Terraform: in every plan and its output), to anyone who can read the stack.
Even masked, an environment variable is readable by anyone with `lambda:GetFunctionConfiguration`:
prefer Secrets Manager or SSM Parameter Store, read by the function at run time.

## Example
```yaml
Parameters:
  DbPassword:
    Type: String
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          DB_PASSWORD: !Ref DbPassword
```
Mask it (better: pass a secret's ARN and read the secret at run time):
```yaml
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
```
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html",
             .security_severity = 5.5,
             .precision = "high",
             .tags = "security,lambda"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::kms
