// LL603 dead-letter-queue-unencrypted: failed events (with their full payload) land in the DLQ or
// the async destination and stay there until someone reads them.
//
// AWS facts this rule relies on:
// - SQS: since October 2022 every new queue is encrypted with SQS-owned keys (SSE-SQS) unless
//   told otherwise, so a queue is unencrypted only when SqsManagedSseEnabled is explicitly false
//   and no KmsMasterKeyId is set.
//   https://aws.amazon.com/blogs/compute/announcing-server-side-encryption-with-amazon-simple-queue-service-managed-encryption-keys-sse-sqs-by-default/
//   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
// - SNS: topics have no default encryption; only KmsMasterKeyId enables server-side encryption.
//   https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace lint::rules::kms {
namespace {

struct Use {
  const Function* function = nullptr;
  const Resource* holder = nullptr; // where the target is written (function or EventInvokeConfig)
  const Value* target = nullptr;
  std::string_view role;            // "dead-letter queue", "OnFailure destination", ...
};

/// SqsManagedSseEnabled is explicitly false in some deployment.
const Value* explicitly_unencrypted(const Queue& queue)
{
  if (is_set(queue.kms_master_key_id)) {
    return nullptr;
  }
  for (const Value* value : possible_values(queue.sqs_managed_sse)) {
    if (const auto enabled = as_bool(value); enabled && !*enabled) {
      return value;
    }
  }
  return nullptr;
}

void check(const Model& model, RuleContext& context)
{
  // Group the uses by target so a queue shared by several functions is reported once.
  std::vector<std::pair<const Resource*, std::vector<Use>>> uses; // in order of first use
  auto uses_of = [&](const Resource* resource) -> std::vector<Use>& {
    for (auto& [known, list] : uses) {
      if (known == resource) {
        return list;
      }
    }
    return uses.emplace_back(resource, std::vector<Use>{}).second;
  };
  auto add = [&](const Function* function, const Resource& holder, const Value* target, std::string_view role) {
    for (const Value* value : possible_values(target)) {
      const Resource* resource = model.resource_for(value);
      if (resource != nullptr && (resource->kind() == ResourceKind::queue || resource->kind() == ResourceKind::topic)) {
        uses_of(resource).push_back({function, &holder, value, role});
      }
    }
  };
  for (const Function& function : model.functions) {
    add(&function, *function.resource, function.dead_letter_target, "dead-letter");
  }
  for (const EventInvokeConfig& config : model.event_invoke_configs) {
    add(config.function, *config.resource, config.on_failure, "OnFailure destination");
    add(config.function, *config.resource, config.on_success, "OnSuccess destination");
  }
  for (const auto& [target, list] : uses) {
    std::string names;
    for (const Use& use : list) {
      const std::string name = use.function ? use.function->resource->id : use.holder->id;
      if (names.find("'" + name + "'") == std::string::npos) {
        names += (names.empty() ? "" : ", ") + ("'" + name + "'");
      }
    }
    Location where = target->at_id();
    std::string message;
    if (target->kind() == ResourceKind::queue) {
      const Queue* queue = model.find_queue(target->id);
      const Value* disabled = queue ? explicitly_unencrypted(*queue) : nullptr;
      if (disabled == nullptr) {
        continue;
      }
      where = target->location(disabled);
      message = fmt::format("Queue '{}' receives failed events of {} but has {} false and no {}, "
                            "so they are stored unencrypted",
                            target->id, names, queue->names.sqs_managed_sse, queue->names.kms_master_key_id);
    } else {
      const Topic* topic = model.find_topic(target->id);
      if (topic == nullptr || is_set(topic->kms_master_key_id)) {
        continue;
      }
      message = fmt::format("Topic '{}' receives failed events of {} but has no {}, so they are not encrypted at rest",
                            target->id, names, topic->kms_master_key_id_name);
    }
    Finding& finding = context.report(where, std::move(message), target->id + "/Encryption");
    for (const Use& use : list) {
      const std::string name = use.function ? use.function->resource->id : use.holder->id;
      finding.related.push_back({use.holder->location(use.target), fmt::format("{} of '{}'", use.role, name)});
    }
  }
}

} // namespace

const Rule& dead_letter_queue_unencrypted()
{
  static const Rule rule{
    .meta = {.id = "LL603",
             .name = "dead-letter-queue-unencrypted",
             .family = "kms",
             .level = Level::note,
             .summary = "A function's dead-letter queue or destination is not encrypted at rest",
             .explanation = R"md(## What it does
Follows each function's `DeadLetterConfig.TargetArn` and each `AWS::Lambda::EventInvokeConfig`
destination (OnFailure and OnSuccess) to a queue or topic declared in the template, and reports:
- an SNS topic without `KmsMasterKeyId` (SNS topics are not encrypted unless you ask);
- an SQS queue with `SqsManagedSseEnabled: false` and no `KmsMasterKeyId`. A queue that says
  nothing is not reported: since October 2022 SQS encrypts new queues with SQS-owned keys
  (SSE-SQS) by default.

## Why is this bad?
Failed invocations carry the full event payload (orders, user records, tokens) into the queue or
topic. Left unencrypted, that data sits at rest in clear text for up to the retention period.

## Example
```yaml
DeadLetterTopic:
  Type: AWS::SNS::Topic
Worker:
  Type: AWS::Lambda::Function
  Properties:
    DeadLetterConfig:
      TargetArn: !Ref DeadLetterTopic
```
Encrypt the topic:
```yaml
DeadLetterTopic:
  Type: AWS::SNS::Topic
  Properties:
    KmsMasterKeyId: alias/aws/sns
```
)md",
             .help_uri = "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
             .security_severity = 3.0,
             .precision = "high",
             .tags = "security,encryption"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::kms
