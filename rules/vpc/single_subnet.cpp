// LL502 single-subnet: a VPC function in one subnet lives in one Availability Zone. Lambda
// recommends at least two subnets in different AZs so the function survives an AZ outage.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
// https://docs.aws.amazon.com/lambda/latest/dg/security-resilience.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::vpc {
namespace {

/// A parameter of the type that holds exactly one subnet id (the List<...> type holds several).
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html
bool is_single_subnet_parameter(const Model& model, std::string_view name)
{
  for (const Parameter& parameter : model.parameters) {
    if (parameter.name == name) {
      return is_text(parameter.type, "AWS::EC2::Subnet::Id");
    }
  }
  return false;
}

/// One subnet for sure: a literal id (a parameter default with a comma is a list default), a
/// reference to a subnet resource, or a parameter of type AWS::EC2::Subnet::Id. Any other parameter
/// without a default may be a list: unknown.
bool is_single_subnet(const Model& model, const Value* item)
{
  if (item == nullptr) {
    return false;
  }
  if (item->kind == ValueKind::string) {
    return !item->text.empty() && item->text.find(',') == std::string::npos;
  }
  if (item->kind == ValueKind::reference && item->reference.target == Reference::Target::resource) {
    const Resource* target = model.find_resource(item->reference.name);
    return target != nullptr && target->kind() == ResourceKind::subnet;
  }
  if (item->kind == ValueKind::reference && item->reference.target == Reference::Target::parameter) {
    return is_single_subnet_parameter(model, item->reference.name);
  }
  return false;
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    for (const Value* config : possible_values(function.vpc_config)) {
      for (const Value* subnets : possible_values(Function::subnet_ids_of(config))) {
        if (subnets->kind != ValueKind::list || subnets->items.size() != 1 || !is_single_subnet(model, subnets->items[0])) {
          continue;
        }
        Finding& finding =
          context.report(resource.location(subnets),
                         fmt::format("Function '{}' is attached to a single subnet, so it runs in one Availability Zone only",
                                     resource.id),
                         resource.id + "/VpcConfig/SubnetIds");
        add_parameter_note(finding, resource, subnets->items[0]);
      }
    }
  }
}

} // namespace

const Rule& single_subnet()
{
  static const Rule rule{
    .meta = {.id = "LL502",
             .name = "single-subnet",
             .family = "vpc",
             .level = Level::warning,
             .summary = "A VPC function is attached to a single subnet",
             .explanation = R"md(## What it does
Reports a function whose `VpcConfig.SubnetIds` is a list of exactly one subnet (a literal subnet
id, a reference to an `AWS::EC2::Subnet`, or a parameter of type `AWS::EC2::Subnet::Id`, which
holds exactly one). Any other parameter without a default may hold several subnets and is not
reported.

## Why is this bad?
A subnet belongs to one Availability Zone. With one subnet, Lambda can only create the function's
network interfaces in that zone, and the function stops working when the zone is impaired. AWS
recommends at least two subnets in different Availability Zones for high availability.

## Example
```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA]
      SecurityGroupIds: [!Ref WorkerSecurityGroup]
```
Use subnets in two or more zones:
```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
      SecurityGroupIds: [!Ref WorkerSecurityGroup]
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
             .precision = "high",
             .tags = "reliability,network"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::vpc
