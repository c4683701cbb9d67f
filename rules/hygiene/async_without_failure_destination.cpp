// LL802 async-without-failure-destination: Lambda retries an asynchronous invocation twice and
// then discards the event unless a dead-letter queue or an OnFailure destination catches it.
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html

#include "analyzer/model.h"
#include "analyzer/trigger_caller.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::hygiene {
namespace {

void check(const Model& model, RuleContext& context)
{
  // An EventInvokeConfig whose function we cannot resolve may be any function's: stay silent.
  for (const EventInvokeConfig& config : model.event_invoke_configs) {
    if (config.function == nullptr && is_set(config.on_failure)) {
      return;
    }
  }
  for (const Function& function : model.functions) {
    if (is_set(function.dead_letter_target)) {
      continue;
    }
    bool has_destination = false;
    for (const EventInvokeConfig& config : model.event_invoke_configs) {
      has_destination = has_destination || (config.function == &function && is_set(config.on_failure));
    }
    if (has_destination) {
      continue;
    }
    std::vector<const Trigger*> asynchronous;
    for (const Trigger& trigger : model.triggers) {
      if (trigger.function == &function && trigger.invocation() == InvocationMode::asynchronous) {
        asynchronous.push_back(&trigger);
      }
    }
    if (asynchronous.empty()) {
      continue;
    }
    const Resource& resource = *function.resource;
    std::string sources;
    for (const Trigger* trigger : asynchronous) {
      const std::string name = fmt::format("'{}' ({})", trigger->source->id, invoke::caller_kind(*trigger));
      if (sources.find(name) == std::string::npos) {
        sources += (sources.empty() ? "" : ", ") + name;
      }
    }
    Finding& finding = context.report(resource.at_id(),
                                      fmt::format("Function '{}' is invoked asynchronously by {} but has no {} and no "
                                                  "OnFailure destination, so events that fail every retry are dropped",
                                                  resource.id, sources, function.names.dead_letter),
                                      resource.id + "/FailureDestination");
    for (const Trigger* trigger : asynchronous) {
      finding.related.push_back({trigger->wiring, fmt::format("asynchronous invocation by '{}'", trigger->source->id)});
    }
  }
}

} // namespace

const Rule& async_without_failure_destination()
{
  static const Rule rule{
    .meta = {.id = "LL802",
             .name = "async-without-failure-destination",
             .family = "hygiene",
             .level = Level::note,
             .summary = "An asynchronously invoked function has no dead-letter queue or OnFailure destination",
             .explanation = R"md(## What it does
Reports a function that a service invokes asynchronously (S3 notifications, SNS subscriptions,
EventBridge rules, CloudWatch Logs subscription filters, IoT rules, SES receipt rules, and API Gateway
REST integrations that send `X-Amz-Invocation-Type: 'Event'`) when it has
neither `DeadLetterConfig` nor an `AWS::Lambda::EventInvokeConfig` with an `OnFailure`
destination.

## Why is this bad?
For asynchronous invocations Lambda retries a failing event twice (by default) and keeps
unprocessed events for up to six hours; then it discards them. Without a dead-letter queue or an
OnFailure destination the event is lost without a trace.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
UploadsBucket:
  Type: AWS::S3::Bucket
  Properties:
    NotificationConfiguration:
      LambdaConfigurations:
        - Event: s3:ObjectCreated:*
          Function: !GetAtt Worker.Arn
```
Keep the events that fail:
```yaml
WorkerInvokeConfig:
  Type: AWS::Lambda::EventInvokeConfig
  Properties:
    FunctionName: !Ref Worker
    Qualifier: $LATEST
    DestinationConfig:
      OnFailure:
        Destination: !GetAtt WorkerFailures.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
             .precision = "high",
             .tags = "reliability"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
