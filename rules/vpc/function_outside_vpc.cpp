// LL501 function-outside-vpc: a function with no VpcConfig (or one with no subnets and no security
// groups, which Lambda treats as "not connected to a VPC") runs in the Lambda service network.
// Many organisations require VPC attachment to reach private resources and control egress.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::vpc {
namespace {

struct Leaf {
  const Value* value = nullptr;
  std::string condition; // the Fn::If that chose this branch, or empty
};

void leaves(const Value* value, std::string_view condition, std::vector<Leaf>& out, int depth)
{
  if (value == nullptr || depth > 32) {
    return;
  }
  if (value->kind == ValueKind::choice) {
    for (const Value* branch : value->items) {
      leaves(branch, value->condition, out, depth + 1);
    }
    return;
  }
  out.push_back({value, std::string(condition)});
}

/// Not written, AWS::NoValue, or a known empty list.
bool definitely_empty(const Value* value)
{
  return !is_set(value) || (value->kind == ValueKind::list && value->items.empty());
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    if (function.vpc_config == nullptr) {
      context.report(resource.at_id(), fmt::format("Function '{}' has no {}, so it runs outside your VPC", resource.id, function.names.vpc_config),
                     resource.id + "/VpcConfig");
      continue;
    }
    std::vector<Leaf> branches;
    leaves(function.vpc_config, {}, branches, 0);
    for (std::size_t i = 0; i < branches.size(); ++i) {
      const Leaf& leaf = branches[i];
      const std::string fingerprint = resource.id + "/VpcConfig" + (branches.size() > 1 ? fmt::format("#{}", i) : std::string());
      if (leaf.value->kind == ValueKind::absent) {
        context.report(resource.location(leaf.value),
                       fmt::format("Function '{}' has no {} in one branch of Fn::If '{}', so that deployment runs outside your VPC",
                                   resource.id, function.names.vpc_config, leaf.condition),
                       fingerprint);
      } else if (leaf.value->kind == ValueKind::map && definitely_empty(Function::subnet_ids_of(leaf.value)) &&
                 definitely_empty(Function::security_group_ids_of(leaf.value))) {
        context.report(resource.location(leaf.value),
                       fmt::format("Function '{}' has a {} with no subnets and no security groups, so it runs outside your VPC",
                                   resource.id, function.names.vpc_config),
                       fingerprint);
      }
    }
  }
}

} // namespace

const Rule& function_outside_vpc()
{
  static const Rule rule{
    .meta = {.id = "LL501",
             .name = "function-outside-vpc",
             .family = "vpc",
             .level = Level::note,
             .summary = "A function is not connected to a VPC",
             .explanation = R"md(## What it does
Reports a function without `VpcConfig`, or whose `VpcConfig` lists no subnets and no security
groups (Lambda treats empty lists as "not connected"). A `VpcConfig` chosen by `Fn::If` with an
`AWS::NoValue` branch is reported at that branch.

## Why is this bad?
A function outside a VPC cannot reach private resources (RDS, ElastiCache, internal APIs) and its
outbound traffic is not subject to your security groups, network ACLs or egress controls. Many
organisations require every function to be VPC-attached; disable this rule where yours does not.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
```
Attach the function to private subnets in at least two Availability Zones:
```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
      SecurityGroupIds: [!Ref WorkerSecurityGroup]
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
             .security_severity = 2.0,
             .precision = "high",
             .tags = "security,network", .enabled_by_default = false, .group = "hardening"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::vpc
