// LL302 missing-vpc-permission: a function in a VPC whose execution role cannot manage network
// interfaces. "Lambda uses your function's permissions to create and manage network interfaces":
// ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface (granted by
// the AWSLambdaVPCAccessExecutionRole managed policy).
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::permissions {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    if (function.execution_role == nullptr || !is_set(function.vpc_config) || function.vpc_config->kind != ValueKind::map) {
      continue;
    }
    // An empty SubnetIds list detaches the function from the VPC.
    const Value* subnets = function.vpc_subnet_ids;
    if (!is_set(subnets) || (subnets->kind == ValueKind::list && subnets->items.empty()) || subnets->kind == ValueKind::choice) {
      continue;
    }
    iam_rules::Requirement requirement;
    requirement.actions = {"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"};
    // The network interfaces do not exist yet: only `*` (or a pattern we cannot compare) covers them.
    requirement.resource = {lint::iam::Piece{lint::iam::Piece::Kind::unknown, "${network-interface}", false}};
    requirement.resource_label = "'*'";
    requirement.fix_resource_yaml = "\"*\"";
    const Resource& resource = *function.resource;
    const SourceRange key = function.vpc_config->range;
    iam_rules::check_requirement(model, context, function, requirement, resource.location(key), "runs in a VPC",
                                 fmt::format("{}/VpcConfig", resource.id));
  }
}

} // namespace

const Rule& missing_vpc_permission()
{
  static const Rule rule{
    .meta = {.id = "LL302",
             .name = "missing-vpc-permission",
             .family = "permissions",
             .level = Level::error,
             .summary = "A function in a VPC has an execution role that cannot create its network interfaces",
             .explanation = R"md(## What it does
For a function with a VpcConfig (and subnets), evaluates its execution role's effective policy for
ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces and ec2:DeleteNetworkInterface, and
reports the ones certainly not allowed.

## Why is this bad?
Lambda creates the function's network interfaces with the execution role. Without these
permissions CloudFormation fails to create or update the function ("The provided execution role
does not have permissions to call CreateNetworkInterface on EC2").

## Example
```yaml
Role:
  Type: AWS::IAM::Role
  Properties:
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
```
Use the managed policy made for it:
```yaml
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
```

## Fix safety
The fix appends a statement allowing exactly the missing actions on `*` to the role's first inline
policy (YAML block lists and JSON arrays; no fix for flow-style YAML). It widens permissions: unsafe.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
             .tags = "correctness,iam,vpc",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
