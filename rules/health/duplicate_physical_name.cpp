// LL009 duplicate-physical-name: two resources of one kind with the same explicit name, where AWS
// requires the name to be unique in the account and Region (IAM role names in the account). The
// second create fails ("already exists") and the deployment rolls back.
//
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html ("If you
// specify a name, you cannot perform updates that require replacement ... names must be unique")
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (ResourceConflictException)
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (role names unique in the account)

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <map>
#include <tuple>

namespace lint::rules::health {
namespace {

std::string_view kind_noun(ResourceKind kind)
{
  switch (kind) {
  case ResourceKind::function:
    return "function";
  case ResourceKind::queue:
    return "queue";
  case ResourceKind::topic:
    return "topic";
  case ResourceKind::dynamodb_table:
    return "table";
  case ResourceKind::role:
    return "role";
  case ResourceKind::log_group:
    return "log group";
  case ResourceKind::state_machine:
    return "state machine";
  default:
    return "resource";
  }
}

void check(const Model& model, RuleContext& context)
{
  // (kind, the property's name, the rendered name) → the first resource with it. The key keeps
  // kinds apart: a queue and a topic may share a name.
  std::map<std::tuple<ResourceKind, std::string_view, std::string>, const Resource*> first;
  for (const Resource& resource : model.resources) {
    if (resource.physical_name == nullptr || resource.generated || !resource.condition.empty()) {
      continue; // a conditional resource may never exist alongside the other
    }
    const auto name = name_text(resource.physical_name);
    if (!name || name->empty()) {
      continue;
    }
    const ResourceKind kind = resource.kind();
    const auto [found, inserted] = first.try_emplace({kind, kind == ResourceKind::other ? resource.physical_name_key : std::string_view(), *name}, &resource);
    if (inserted) {
      continue;
    }
    const Resource& original = *found->second;
    Finding& finding = context.report(resource.location(resource.physical_name),
                                      fmt::format("Resource '{}' has {} '{}', already the name of {} '{}': AWS requires it to be unique, so the second create fails",
                                                  resource.id, resource.physical_name_key, *name, kind_noun(kind), original.id),
                                      fmt::format("{}/{}", resource.id, resource.physical_name_key));
    finding.related.push_back({original.location(original.physical_name), fmt::format("'{}' takes the name first", original.id)});
    add_parameter_note(finding, resource, resource.physical_name);
  }
}

} // namespace

const Rule& duplicate_physical_name()
{
  static const Rule rule{
    .meta = {.id = "LL009",
             .name = "duplicate-physical-name",
             .family = "health",
             .level = Level::error,
             .summary = "Two resources of one kind have the same explicit name, which AWS requires to be unique",
             .explanation = R"md(## What it does
Compares the explicit names of the resources whose names AWS requires to be unique in an account
and Region: functions (`FunctionName`, `function_name`), queues (`QueueName`, `name`), topics,
DynamoDB tables, IAM roles (unique in the account), log groups and state machines. Names built
with `!Sub` from parameters and pseudo parameters compare by their text (`${AWS::StackName}-jobs`
twice is the same name in every deployment); names that cannot be known, and resources with a
`Condition` (or Terraform `count`/`for_each` that cannot be counted), are not compared.

## Why is this bad?
The second resource cannot be created: the name is taken, and the deployment rolls back.

## Example
```yaml
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub ${AWS::StackName}-jobs
  Retries:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub ${AWS::StackName}-jobs
```
Give each resource its own name, or let CloudFormation generate them:
```yaml
  Retries:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub ${AWS::StackName}-retries
```
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html",
             .precision = "very-high",
             .tags = "correctness"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::health
