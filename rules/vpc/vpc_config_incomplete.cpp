// LL503 vpc-config-incomplete: VpcConfig needs both SubnetIds and SecurityGroupIds. With subnets
// and no security group (or the reverse) Lambda rejects the configuration ("SubnetIds and
// SecurityGroupIds must coexist or be both empty").
// https://docs.aws.amazon.com/lambda/latest/api/API_VpcConfig.html
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::vpc {
namespace {

/// Not written, AWS::NoValue, or a known empty list in every branch.
bool definitely_missing(const Value* value)
{
  if (!is_set(value)) {
    return true;
  }
  const std::vector<const Value*> branches = possible_values(value);
  if (branches.empty()) {
    return true;
  }
  for (const Value* branch : branches) {
    if (branch->kind != ValueKind::list || !branch->items.empty()) {
      return false;
    }
  }
  return true;
}

/// A known list with at least one entry, or a parameter default (a list default is a comma string).
bool definitely_present(const Value* value)
{
  if (value == nullptr) {
    return false;
  }
  if (value->kind == ValueKind::list) {
    return !value->items.empty();
  }
  return value->kind == ValueKind::string && !value->via_parameter.empty() && !value->text.empty();
}

void check_pair(const Function& function, const Value* present, const Value* other, std::string_view present_name,
                std::string_view missing_name, std::string_view fingerprint_name, RuleContext& context)
{
  if (!definitely_missing(other)) {
    return;
  }
  const Resource& resource = *function.resource;
  for (const Value* branch : possible_values(present)) {
    if (!definitely_present(branch)) {
      continue;
    }
    Finding& finding =
      context.report(resource.location(branch),
                     fmt::format("Function '{}' has {} {} but no {}; Lambda requires both or neither", resource.id,
                                 function.names.vpc_config, present_name, missing_name),
                     fmt::format("{}/VpcConfig/{}", resource.id, fingerprint_name));
    add_parameter_note(finding, resource, branch);
  }
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    for (const Value* config : possible_values(function.vpc_config)) {
      const Value* subnets = Function::subnet_ids_of(config);
      const Value* groups = Function::security_group_ids_of(config);
      const FunctionNames& names = function.names;
      check_pair(function, subnets, groups, names.subnet_ids, names.security_group_ids, "SubnetIds", context);
      check_pair(function, groups, subnets, names.security_group_ids, names.subnet_ids, "SecurityGroupIds", context);
    }
  }
}

} // namespace

const Rule& vpc_config_incomplete()
{
  static const Rule rule{
    .meta = {.id = "LL503",
             .name = "vpc-config-incomplete",
             .family = "vpc",
             .level = Level::error,
             .summary = "VpcConfig has subnets without security groups, or security groups without subnets",
             .explanation = R"md(## What it does
Reports a `VpcConfig` that lists subnets but no security groups, or security groups but no
subnets. An empty list counts as missing; a value lambdalint cannot know (a parameter without a
default, an import) is never reported.

## Why is this bad?
Lambda needs both to create the function's network interfaces and rejects a configuration with
only one of them, so the deployment fails.

## Example
```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
```
Add the security groups the function's interfaces use:
```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
      SecurityGroupIds: [!Ref WorkerSecurityGroup]
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/api/API_VpcConfig.html",
             .precision = "very-high",
             .tags = "correctness,network"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::vpc
