// LL705 event-source-concurrency: an SQS event source mapping's ScalingConfig.MaximumConcurrency.
// - Valid range 2-1000: https://docs.aws.amazon.com/lambda/latest/dg/API_ScalingConfig.html
// - Lambda throttles a function at its reserved concurrency, and "event source mappings don't account
//   for reserved concurrency": a MaximumConcurrency above the reservation starts invocations that
//   are throttled, their messages return to the queue (and may reach the DLQ).
//   https://repost.aws/knowledge-center/lambda-sqs-scaling
//   https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <set>

namespace lint::rules::concurrency {
namespace {

constexpr std::int64_t k_minimum = 2;
constexpr std::int64_t k_maximum = 1000;

void check(const Model& model, RuleContext& context)
{
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (!is_set(mapping.maximum_concurrency)) {
      continue;
    }
    const Resource& resource = *mapping.resource;
    std::set<const Value*> reported;
    for (const IntegerBranch& branch : integer_branches(mapping.maximum_concurrency, std::nullopt)) {
      if (!branch.value || branch.written == nullptr || (*branch.value >= k_minimum && *branch.value <= k_maximum)) {
        continue;
      }
      reported.insert(branch.written);
      Finding& finding = context.report(
        resource.location(branch.written),
        fmt::format("Event source mapping '{}' has {} {}, outside the {}-{} Lambda accepts", resource.id,
                    mapping.maximum_concurrency_name, *branch.value, k_minimum, k_maximum),
        fmt::format("{}/MaximumConcurrency/range", resource.id));
      add_parameter_note(finding, resource, branch.written);
    }
    if (mapping.function == nullptr) {
      continue;
    }
    const Function& function = *mapping.function;
    const Resource& function_resource = *function.resource;
    std::set<std::string> conditions;
    add_conditions(mapping.maximum_concurrency, conditions);
    add_conditions(function.reserved_concurrency, conditions);
    add_conditions(resource, conditions);
    add_conditions(function_resource, conditions);
    const auto scenarios = scenarios_of(conditions);
    if (!scenarios) {
      continue;
    }
    for (const Scenario& scenario : *scenarios) {
      if (!exists_in(resource, scenario) || !exists_in(function_resource, scenario)) {
        continue;
      }
      const IntegerBranch maximum = integer_in(mapping.maximum_concurrency, scenario, std::nullopt);
      const IntegerBranch reserved = integer_in(function.reserved_concurrency, scenario, std::nullopt);
      // Reserved 0 is LL702's (nothing runs at all).
      if (!maximum.value || maximum.written == nullptr || !reserved.value || reserved.written == nullptr || *reserved.value <= 0 ||
          *maximum.value <= *reserved.value || reported.contains(maximum.written)) {
        continue;
      }
      reported.insert(maximum.written);
      const std::string label = branch_label(mapping.maximum_concurrency, scenario);
      Finding& finding = context.report(
        resource.location(maximum.written),
        fmt::format("Event source mapping '{}' has {} {}, more than the {} of "
                    "{} of function '{}': invocations are throttled and messages return to the queue",
                    resource.id, mapping.maximum_concurrency_name, *maximum.value, function.names.reserved_concurrency, *reserved.value,
                    function_resource.id),
        fmt::format("{}/MaximumConcurrency{}", resource.id, label.empty() ? "" : "/" + label));
      add_parameter_note(finding, resource, maximum.written);
      finding.related.push_back({function_resource.location(reserved.written),
                                 fmt::format("{} of '{}'", function.names.reserved_concurrency, function_resource.id)});
      add_parameter_note(finding, function_resource, reserved.written);
    }
  }
}

} // namespace

const Rule& event_source_concurrency()
{
  static const Rule rule{
    .meta = {.id = "LL705",
             .name = "event-source-concurrency",
             .family = "concurrency",
             .level = Level::warning,
             .summary = "An SQS event source's maximum concurrency exceeds the function's reserved concurrency or the valid range",
             .explanation = R"md(## What it does
Checks `ScalingConfig.MaximumConcurrency` of an event source mapping: it must be between 2 and 1000,
and it should not exceed the `ReservedConcurrentExecutions` of the function the mapping invokes.

## Why is this bad?
Lambda rejects a maximum concurrency outside 2-1000. Above the function's reserved concurrency, the
mapping starts more invocations than the function is allowed to run: the extra ones are throttled,
their messages return to the queue after the visibility timeout and, after `maxReceiveCount`
attempts, land in the dead-letter queue without ever failing in the function.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    ReservedConcurrentExecutions: 5
Mapping:
  Type: AWS::Lambda::EventSourceMapping
  Properties:
    FunctionName: !Ref Worker
    EventSourceArn: !GetAtt Jobs.Arn
    ScalingConfig:
      MaximumConcurrency: 50
```
Keep the mapping within the reservation:
```yaml
      MaximumConcurrency: 5
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html",
             .precision = "high",
             .tags = "reliability,concurrency,sqs"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::concurrency
