// LL806 poison-message-blocks-source: a record that always fails is retried until it leaves the
// source.
// - Kinesis and DynamoDB streams: by default Lambda retries a failing batch until its records
//   expire (MaximumRetryAttempts and MaximumRecordAgeInSeconds default to -1, infinite) and the
//   shard makes no progress meanwhile; an OnFailure destination, bounded retries/age or
//   BisectBatchOnFunctionError limit the damage.
//   https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#services-kinesis-errors
//   https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#services-dynamodb-errors
// - SQS: a message that keeps failing returns to the queue after each visibility timeout until
//   the retention period ends, unless a RedrivePolicy moves it to a dead-letter queue.
//   https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#services-sqs-errors
//   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <algorithm>

namespace lint::rules::hygiene {
namespace {

/// Unset, or -1 in every deployment. Anything else (a bound, an unknown value) is not unbounded.
bool unbounded(const Value* value)
{
  if (!is_set(value)) {
    return true;
  }
  const std::vector<const Value*> branches = possible_values(value);
  for (const Value* branch : branches) {
    if (as_integer(branch) != std::optional<std::int64_t>(-1)) {
      return false;
    }
  }
  return !branches.empty() || value->kind == ValueKind::choice;
}

/// Unset, or false in every deployment.
bool definitely_off(const Value* value)
{
  if (!is_set(value)) {
    return true;
  }
  for (const Value* branch : possible_values(value)) {
    if (as_bool(branch) != std::optional<bool>(false)) {
      return false;
    }
  }
  return true;
}

void check_stream(const EventSourceMapping& mapping, RuleContext& context)
{
  if (is_set(mapping.on_failure_destination) || !unbounded(mapping.maximum_retry_attempts) ||
      !unbounded(mapping.maximum_record_age) || !definitely_off(mapping.bisect_on_error)) {
    return;
  }
  const Resource& resource = *mapping.resource;
  const char* kind = mapping.source_kind == SourceKind::kinesis ? "Kinesis stream" : "DynamoDB stream";
  const std::string source = mapping.source ? fmt::format(" '{}'", mapping.source->id) : std::string();
  // Point at an explicit -1 when there is one, else at the mapping.
  const Value* written = is_set(mapping.maximum_retry_attempts) ? mapping.maximum_retry_attempts : nullptr;
  Finding& finding = context.report(
    at_value_or_id(resource, written),
    fmt::format("Event source mapping '{}' reads {}{} with unbounded retries and no OnFailure destination, so one failing record "
                "blocks its shard until the record expires",
                resource.id, kind, source),
    resource.id + "/OnFailure");
  if (mapping.source != nullptr) {
    finding.related.push_back(related_resource(*mapping.source, "the stream"));
  }
}

void check(const Model& model, RuleContext& context)
{
  std::vector<const Queue*> reported;
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.source_kind == SourceKind::kinesis || mapping.source_kind == SourceKind::dynamodb_stream) {
      check_stream(mapping, context);
      continue;
    }
    if (mapping.source_kind != SourceKind::sqs || mapping.queue == nullptr || is_set(mapping.queue->redrive_policy)) {
      continue;
    }
    const Queue& queue = *mapping.queue;
    if (std::find(reported.begin(), reported.end(), &queue) != reported.end()) {
      continue;
    }
    reported.push_back(&queue);
    const Resource& queue_resource = *queue.resource;
    Finding& finding =
      context.report(queue_resource.at_id(),
                     fmt::format("Queue '{}' feeds event source mapping '{}' but has no {}, so a failing message is retried "
                                 "until its retention period ends",
                                 queue_resource.id, mapping.resource->id, queue.names.redrive_policy),
                     queue_resource.id + "/RedrivePolicy");
    for (const EventSourceMapping& other : model.event_source_mappings) {
      if (other.queue == &queue) {
        finding.related.push_back(related_resource(*other.resource, "event source mapping"));
      }
    }
  }
}

} // namespace

const Rule& poison_message_blocks_source()
{
  static const Rule rule{
    .meta = {.id = "LL806",
             .name = "poison-message-blocks-source",
             .family = "hygiene",
             .level = Level::warning,
             .summary = "A failing record can block a stream shard or be retried forever from a queue",
             .explanation = R"md(## What it does
Reports:
- a Kinesis or DynamoDB stream event source mapping with no `DestinationConfig.OnFailure`,
  `MaximumRetryAttempts` and `MaximumRecordAgeInSeconds` unset (or -1, infinite) and no
  `BisectBatchOnFunctionError`;
- an SQS queue, read by an event source mapping, that has no `RedrivePolicy`.

## Why is this bad?
For streams, Lambda retries a failing batch until its records expire from the stream (24 hours by
default, up to a year for Kinesis) and processes nothing else from that shard meanwhile: one bad
record stalls the shard and the iterator age grows. For SQS, a message that always fails comes
back after every visibility timeout until its retention period ends (4 days by default), costing
invocations and delaying other messages (for FIFO queues, blocking its message group).

## Example
```yaml
OrdersMapping:
  Type: AWS::Lambda::EventSourceMapping
  Properties:
    FunctionName: !Ref Worker
    EventSourceArn: !GetAtt OrdersStream.Arn
    StartingPosition: LATEST
```
Bound the retries and keep the failures:
```yaml
    MaximumRetryAttempts: 3
    BisectBatchOnFunctionError: true
    DestinationConfig:
      OnFailure:
        Destination: !GetAtt OrdersFailures.Arn
```
For an SQS source, add a dead-letter queue:
```yaml
    RedrivePolicy:
      deadLetterTargetArn: !GetAtt OrdersDeadLetter.Arn
      maxReceiveCount: 5
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html",
             .precision = "high",
             .tags = "reliability"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
