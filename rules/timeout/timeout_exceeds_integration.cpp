// LL401 timeout-exceeds-integration: a function's timeout is longer than its synchronous caller
// waits for it. The caller answers 504 to the client while the function keeps running (and billing).
//
// AWS limits:
// - API Gateway REST integration: TimeoutInMillis 50-29,000 ms, default 29 s; Regional and private
//   REST APIs may raise it above 29 s (June 2024), so a written TimeoutInMillis is the limit.
//   https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
//   https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
// - HTTP API integration: 30 s maximum (TimeoutInMillis 50-30,000 ms, default 30 s); WebSocket API
//   integrations: 29 s. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
// - AppSync: 30 s request execution time. https://docs.aws.amazon.com/general/latest/gr/appsync.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace lint::rules::timeout {
namespace {

// The REST default (29 s) comes from RuleOptions::api_gateway_timeout_seconds: accounts whose
// quota was raised set `options.api-gateway-timeout` / --api-gateway-timeout.
constexpr std::int64_t k_http_default_millis = 30'000;
constexpr std::int64_t k_websocket_default_millis = 29'000;
constexpr std::int64_t k_appsync_millis = 30'000;

struct Caller {
  std::int64_t default_millis = 0;
  std::string what; // "API Gateway waits for its integration 'GetMethod'"
};

/// The synchronous caller a trigger is, or nullopt when it does not wait for the function (a REST
/// integration that invokes asynchronously, X-Amz-Invocation-Type: 'Event', does not wait).
std::optional<Caller> caller_of(const Trigger& trigger, std::int64_t rest_default_millis)
{
  if (trigger.invocation() != InvocationMode::synchronous) {
    return std::nullopt;
  }
  switch (trigger.kind) {
  case TriggerKind::api_rest:
    return Caller{rest_default_millis, fmt::format("API Gateway waits for its integration '{}'", trigger.source->id)};
  case TriggerKind::api_http:
    if (trigger.protocol() == ApiProtocol::websocket) {
      return Caller{k_websocket_default_millis, fmt::format("API Gateway waits for its WebSocket integration '{}'", trigger.source->id)};
    }
    return Caller{k_http_default_millis, fmt::format("API Gateway waits for its HTTP API integration '{}'", trigger.source->id)};
  case TriggerKind::appsync:
    return Caller{k_appsync_millis, fmt::format("AppSync waits for its data source '{}'", trigger.source->id)};
  default:
    return std::nullopt;
  }
}

std::string duration_text(std::int64_t millis)
{
  return millis % 1000 == 0 ? fmt::format("{} s", millis / 1000) : fmt::format("{} ms", millis);
}

struct Violation {
  const Value* timeout = nullptr; // the written Timeout (branch) at fault
  std::int64_t seconds = 0;
  std::string label;              // the Fn::If branch, for the fingerprint
  const Trigger* trigger = nullptr;
  std::int64_t limit_millis = 0;
  std::string what;
};

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    // The default of 3 s fits every caller's default; only a written timeout can exceed.
    if (!is_set(function.timeout)) {
      continue;
    }
    const Resource& resource = *function.resource;
    std::vector<Violation> violations;
    for (const Trigger& trigger : model.triggers) {
      if (trigger.function != &function) {
        continue;
      }
      const std::optional<Caller> caller = caller_of(trigger, context.options().api_gateway_timeout_seconds * 1000);
      if (!caller) {
        continue;
      }
      // AppSync's limit is fixed; API Gateway's is the integration's TimeoutInMillis when written.
      const Value* millis = trigger.kind == TriggerKind::appsync ? nullptr : trigger.timeout_millis;
      std::set<std::string> conditions;
      add_conditions(function.timeout, conditions);
      add_conditions(millis, conditions);
      add_conditions(resource, conditions);
      add_conditions(*trigger.source, conditions);
      const auto scenarios = scenarios_of(conditions);
      if (!scenarios) {
        continue;
      }
      for (const Scenario& scenario : *scenarios) {
        if (!exists_in(resource, scenario) || !exists_in(*trigger.source, scenario)) {
          continue;
        }
        const IntegerBranch timeout = integer_in(function.timeout, scenario, Function::k_default_timeout);
        const IntegerBranch limit = integer_in(millis, scenario, caller->default_millis);
        if (!timeout.value || timeout.written == nullptr || !limit.value || *limit.value <= 0) {
          continue;
        }
        if (*timeout.value * 1000 <= *limit.value) {
          continue;
        }
        const bool seen = std::any_of(violations.begin(), violations.end(), [&](const Violation& v) {
          return v.timeout == timeout.written && v.trigger == &trigger;
        });
        if (!seen) {
          violations.push_back({timeout.written, *timeout.value, branch_label(function.timeout, scenario), &trigger, *limit.value,
                                caller->what});
        }
      }
    }
    // One finding per written timeout (branch), naming the strictest caller.
    std::set<const Value*> reported;
    for (const Violation& first : violations) {
      if (!reported.insert(first.timeout).second) {
        continue;
      }
      std::vector<const Violation*> same;
      for (const Violation& other : violations) {
        if (other.timeout == first.timeout) {
          same.push_back(&other);
        }
      }
      std::stable_sort(same.begin(), same.end(), [](const Violation* a, const Violation* b) { return a->limit_millis < b->limit_millis; });
      const Violation& strictest = *same.front();
      std::string message = fmt::format("Function '{}' has {} {} s, longer than the {} {}", resource.id, function.names.timeout, strictest.seconds,
                                        duration_text(strictest.limit_millis), strictest.what);
      if (same.size() > 1) {
        message += fmt::format(" (and {} more caller{})", same.size() - 1, same.size() > 2 ? "s" : "");
      }
      Finding& finding = context.report(resource.location(first.timeout), std::move(message),
                                        strictest.label.empty() ? resource.id + "/Timeout"
                                                                : fmt::format("{}/Timeout/{}", resource.id, strictest.label));
      for (const Violation* violation : same) {
        finding.related.push_back({violation->trigger->wiring, fmt::format("'{}' waits {}", violation->trigger->source->id,
                                                                           duration_text(violation->limit_millis))});
      }
      add_parameter_note(finding, resource, first.timeout);
      const std::int64_t limit_seconds = strictest.limit_millis / 1000;
      // A parameter's default (or a SAM Globals value) is shared with other uses: only a value
      // written here is rewritten.
      if (limit_seconds >= 1 && first.timeout->via_parameter.empty() && !first.timeout->from_globals) {
        Fix fix;
        fix.title = fmt::format("Set {} to {}", function.names.timeout, limit_seconds);
        fix.edits.push_back({first.timeout->range, fmt::format("{}", limit_seconds)});
        fix.applicability = Applicability::unsafe;
        finding.fix = std::move(fix);
      }
    }
  }
}

} // namespace

const Rule& timeout_exceeds_integration()
{
  static const Rule rule{
    .meta = {.id = "LL401",
             .name = "timeout-exceeds-integration",
             .family = "timeout",
             .level = Level::warning,
             .summary = "A function's timeout is longer than its synchronous caller (API Gateway, AppSync) waits for it",
             .explanation = R"md(## What it does
Compares the Timeout of a function with how long its synchronous caller waits for the answer:
29 s for an API Gateway REST integration (or the integration's `TimeoutInMillis` when written:
Regional and private REST APIs may raise it above 29 s), 30 s for an HTTP API integration (29 s for
a WebSocket API), 30 s for an AppSync data source.

## Why is this bad?
When the function runs longer than its caller waits, the client receives a 504 (or a GraphQL error)
while the function keeps running and is billed to the end. Retrying clients multiply the work.
The function's timeout should not exceed what the caller can use.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Timeout: 60
GetMethod:
  Type: AWS::ApiGateway::Method
  Properties:
    Integration:
      Type: AWS_PROXY
      Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Worker.Arn}/invocations
```
Use a timeout the caller can wait for (or make the call asynchronous):
```yaml
    Timeout: 29
```

## Fix safety
The fix lowers Timeout to the caller's limit. It is unsafe: invocations that needed more time
(including asynchronous or test invocations of the same function) now time out.
)md",
             .help_uri = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
             .precision = "high",
             .tags = "reliability,timeout",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::timeout
