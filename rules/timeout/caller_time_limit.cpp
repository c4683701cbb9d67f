// LL404 caller-time-limit: a function's timeout is longer than a synchronous caller with a hard
// limit of its own lets it run. The caller gives up (and fails the user's request) while the
// function keeps running.
//
// - Cognito user pool triggers: "Amazon Cognito invokes Lambda functions synchronously. When
//   called, your Lambda function must respond within 5 seconds. If it doesn't and if the call can be
//   retried, Amazon Cognito retries the call."
//   https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
// API Gateway and AppSync, whose limits can be configured, are LL401's.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <set>

namespace lint::rules::timeout {
namespace {

struct Limit {
  std::int64_t seconds = 0;
  std::string_view caller;
};

std::optional<Limit> limit_of(const Trigger& trigger)
{
  switch (trigger.kind) {
  case TriggerKind::cognito:
    return Limit{5, "Cognito user pool"};
  default:
    return std::nullopt;
  }
}

void check(const Model& model, RuleContext& context)
{
  std::set<std::pair<const Value*, const Resource*>> reported; // one finding per timeout and caller
  for (const Trigger& trigger : model.triggers) {
    const std::optional<Limit> limit = limit_of(trigger);
    if (!limit || trigger.function == nullptr || trigger.source == nullptr) {
      continue;
    }
    const Function& function = *trigger.function;
    const Resource& resource = *function.resource;
    for (const IntegerBranch& branch : integer_branches(function.timeout, Function::k_default_timeout)) {
      if (branch.written == nullptr || !branch.value || *branch.value <= limit->seconds) {
        continue; // the default of 3 s fits
      }
      if (!reported.emplace(branch.written, trigger.source).second) {
        continue;
      }
      Finding& finding = context.report(
        resource.location(branch.written),
        fmt::format("Function '{}' has {} {} s, but the {} '{}' waits at most {} s for it and then fails the request", resource.id,
                    function.names.timeout, *branch.value, limit->caller, trigger.source->id, limit->seconds),
        fmt::format("{}/Timeout/{}", resource.id, trigger.source->id));
      finding.related.push_back({trigger.wiring, fmt::format("'{}' invokes the function here", trigger.source->id)});
      add_parameter_note(finding, resource, branch.written);
    }
  }
}

} // namespace

const Rule& caller_time_limit()
{
  static const Rule rule{
    .meta = {.id = "LL404",
             .name = "caller-time-limit",
             .family = "timeout",
             .level = Level::warning,
             .summary = "A function's timeout is longer than a caller with a fixed time limit (Cognito: 5 s) waits for it",
             .explanation = R"md(## What it does
Compares the `Timeout` of a function with the fixed time limit of the service that calls it
synchronously: a Cognito user pool waits 5 seconds for its triggers (pre sign-up, pre token
generation, custom auth challenges, ...). Limits that can be configured (API Gateway, AppSync) are
LL401's. Every branch of an `Fn::If` is checked; a timeout that cannot be known is not.

## Why is this bad?
After 5 seconds Cognito gives up on the function, retries it (up to three times in all) and then
fails the sign-up or sign-in, while each attempt keeps running and is billed. A timeout longer than
the caller's limit hides how slow the function may be.

## Example
```yaml
Resources:
  PreSignUp:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 30
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      LambdaConfig:
        PreSignUp: !GetAtt PreSignUp.Arn
```
Keep the function within what Cognito waits for:
```yaml
      Timeout: 5
```
)md",
             .help_uri = "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html",
             .precision = "high",
             .tags = "reliability,lambda"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::timeout
