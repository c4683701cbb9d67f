// LL808 redrive-max-receive-count-low: the source queue of an SQS event source mapping moves a
// message to its dead-letter queue after fewer than 5 receives. Lambda receives a message again
// when the function is throttled or a batch fails for another message, so a low count sends good
// messages to the dead-letter queue.
//
// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html ("To give your function
// a chance to process each message, set maxReceiveCount on the source queue's redrive policy to at
// least 5")

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <set>

namespace lint::rules::hygiene {
namespace {

constexpr std::int64_t k_recommended = 5;

/// maxReceiveCount of a redrive policy written as a map (frontends keep SQS's JSON keys; a policy
/// written as a JSON string or unknown is not read).
const Value* max_receive_count(const Value* redrive_policy)
{
  if (redrive_policy == nullptr || redrive_policy->kind != ValueKind::map) {
    return nullptr;
  }
  const ValueEntry* entry = redrive_policy->find_entry("maxReceiveCount"); // SQS's JSON grammar, the same in every format
  return entry ? entry->value : nullptr;
}

void check(const Model& model, RuleContext& context)
{
  std::set<const Queue*> reported;
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.source_kind != SourceKind::sqs || mapping.queue == nullptr || !reported.insert(mapping.queue).second) {
      continue;
    }
    const Queue& queue = *mapping.queue;
    const Resource& resource = *queue.resource;
    for (const Value* policy : possible_values(queue.redrive_policy)) {
      for (const Value* count : possible_values(max_receive_count(policy))) {
        const auto receives = as_integer(count);
        if (!receives || *receives >= k_recommended) {
          continue;
        }
        Finding& finding = context.report(
          resource.location(count),
          fmt::format("Queue '{}' moves a message to its dead-letter queue after {} receive{}, and Lambda reads it through '{}': "
                      "throttled or retried batches move good messages there (AWS recommends a maxReceiveCount of at least {})",
                      resource.id, *receives, *receives == 1 ? "" : "s", mapping.resource->id, k_recommended),
          resource.id + "/maxReceiveCount");
        finding.related.push_back(related_resource(*mapping.resource, "the event source mapping that reads the queue"));
        add_parameter_note(finding, resource, count);
      }
    }
  }
}

} // namespace

const Rule& redrive_max_receive_count_low()
{
  static const Rule rule{
    .meta = {.id = "LL808",
             .name = "redrive-max-receive-count-low",
             .family = "hygiene",
             .level = Level::warning,
             .summary = "An SQS queue read by Lambda moves messages to its dead-letter queue after fewer than 5 receives",
             .explanation = R"md(## What it does
Reports a `RedrivePolicy` (`redrive_policy`) with a `maxReceiveCount` below 5 on a queue that an
event source mapping (or a SAM `SQS` event) reads.

## Why is this bad?
Lambda's poller receives a message again whenever the function is throttled or the batch it was in
fails, even when that message was fine. With a low `maxReceiveCount`, a burst of throttling or one
bad message in a batch moves good messages to the dead-letter queue. AWS recommends at least 5.

## Example
```yaml
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDlq.Arn
        maxReceiveCount: 1
```
Give messages a few receives before they are set aside:
```yaml
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDlq.Arn
        maxReceiveCount: 5
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
             .precision = "high",
             .tags = "reliability,lambda"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
