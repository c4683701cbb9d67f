// LL201 missing-invoke-permission: a service is wired to invoke a function, but the function's
// resource policy has no permission for that service principal (with a SourceArn that can match).
// S3 then rejects the notification at deployment; the other services are denied at each call.
//
// Services that invoke through the function's resource policy, and the principal each needs:
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html (see
// analyzer/invoke.cpp for the per-service sources). SAM events create their own permission
// (Trigger.permission_auto_created) and never fire. When the permissions that allow a trigger depend
// on conditions, each value of each such condition is checked as a deployment of its own
// (analyzer/invoke.h Assumption).

#include "analyzer/invoke.h"
#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/template_edits.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace lint::rules::invoke {
namespace {

using lint::invoke::Authorization;

std::string_view pascal_kind(TriggerKind kind)
{
  switch (kind) {
  case TriggerKind::s3: return "S3";
  case TriggerKind::sns: return "Sns";
  case TriggerKind::api_rest:
  case TriggerKind::api_http: return "Api";
  case TriggerKind::events: return "Events";
  case TriggerKind::logs: return "Logs";
  case TriggerKind::cognito: return "Cognito";
  case TriggerKind::iot: return "IoT";
  case TriggerKind::alb: return "Alb";
  case TriggerKind::ses: return "Ses";
  default: return "Invoke";
  }
}

std::optional<Fix> fix_for(const Model& model, const Trigger& trigger)
{
  const Function& function = *trigger.function;
  const std::optional<NewResource> permission =
    invoke_permission_resource(model, trigger, unused_logical_id(model, fmt::format("{}{}Permission", function.resource->id, pascal_kind(trigger.kind))));
  if (!permission) {
    return std::nullopt;
  }
  std::optional<TextEdit> insertion = insert_resource_after(*function.resource, *permission);
  if (!insertion) {
    return std::nullopt;
  }
  Fix fix;
  fix.title = fmt::format("Add {} allowing {} to invoke '{}'", permission->id, trigger.principal, function.resource->id);
  fix.applicability = Applicability::unsafe;
  std::vector<TextEdit> edits{std::move(*insertion)};
  // S3 validates the destination when the bucket is created: the bucket waits for the permission.
  if (trigger.kind == TriggerKind::s3 && trigger.source_resource != nullptr &&
      trigger.source_resource->file == function.resource->file) {
    if (std::optional<TextEdit> depends = add_depends_on(*trigger.source_resource, permission->id)) {
      edits.push_back(std::move(*depends));
    }
  }
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) { return a.range.begin < b.range.begin; });
  fix.edits = std::move(edits);
  return fix;
}

/// A deployment in which the trigger exists and no permission allows it, when the permissions
/// that allow it depend on conditions (`Condition: C`, `SourceArn: !If [C, ...]`): each condition
/// they depend on is tried with each value, the other conditions left open.
std::optional<lint::invoke::Assumption> deployment_without_permission(const Model& model, const Trigger& trigger,
                                                                      const Authorization& authorization)
{
  std::set<std::string> conditions;
  for (const Permission* permission : authorization.granting) {
    for (std::string& condition : lint::invoke::deciding_conditions(model, *permission)) {
      conditions.insert(std::move(condition));
    }
  }
  constexpr std::size_t k_most_conditions = 16; // bounds the work on generated templates
  if (conditions.empty() || conditions.size() > k_most_conditions) {
    return std::nullopt;
  }
  for (const std::string& condition : conditions) {
    for (const bool value : {true, false}) {
      const lint::invoke::Assumption assumption{condition, value};
      if (lint::invoke::trigger_exists_under(trigger, assumption) && lint::invoke::granting_under(model, trigger, assumption).empty()) {
        return assumption;
      }
    }
  }
  return std::nullopt;
}

std::string describe(const Model& model, const lint::invoke::Assumption& assumption)
{
  return model.template_syntax() ? fmt::format("when condition '{}' is {}", assumption.condition, assumption.value)
                                 : fmt::format("when `{}` is {}", assumption.condition, assumption.value);
}

void check(const Model& model, RuleContext& context)
{
  // One finding per (source, function, service): a bucket with three notifications to the same
  // function needs one permission.
  std::set<std::tuple<const Resource*, const Function*, TriggerKind>> reported;
  for (const Trigger& trigger : model.triggers) {
    if (trigger.principal.empty() || trigger.permission_auto_created || trigger.function == nullptr ||
        lint::invoke::covered_by_generated_permission(model, trigger)) {
      continue;
    }
    const Resource& source = lint::invoke::source_identity(trigger);
    if (reported.contains({&source, trigger.function, trigger.kind})) {
      continue;
    }
    const Authorization authorization = lint::invoke::authorize(model, trigger);
    std::optional<lint::invoke::Assumption> uncovered;
    if (!authorization.granting.empty()) {
      // Allowed in some deployments: is there one (a condition's value) with no permission?
      uncovered = deployment_without_permission(model, trigger, authorization);
      if (!uncovered) {
        continue;
      }
    } else if (!authorization.near_misses.empty()) {
      continue; // LL205 explains why the existing permission fails
    }
    reported.insert({&source, trigger.function, trigger.kind});
    const Resource& function = *trigger.function->resource;
    Finding& finding = context.report(
      trigger.wiring,
      fmt::format("{} '{}' invokes function '{}', but {}no {} allows {} to invoke it{}", to_string(trigger.kind), trigger.source->id,
                  function.id, uncovered ? describe(model, *uncovered) + " " : std::string(), model.permission_type(), trigger.principal,
                  trigger.kind == TriggerKind::s3 ? fmt::format(" ({} fails to create the notification)", model.deployer()) : std::string()),
      fmt::format("{}/{}/{}{}", function.id, source.id, lint::invoke::kind_slug(trigger.kind),
                  uncovered ? fmt::format("/{}={}", uncovered->condition, uncovered->value) : std::string()));
    finding.related.push_back(related_resource(function, "the function"));
    if (uncovered) {
      for (const Permission* permission : authorization.granting) {
        finding.related.push_back(related_resource(*permission->resource, "allows it only in other deployments"));
      }
    }
    if (&source != trigger.source) {
      finding.related.push_back(related_resource(source, "the source"));
    }
    finding.fix = fix_for(model, trigger);
  }
}

} // namespace

const Rule& missing_invoke_permission()
{
  static const Rule rule{
    .meta = {.id = "LL201",
             .name = "missing-invoke-permission",
             .family = "invoke",
             .level = Level::error,
             .summary = "A service is wired to invoke a function but no permission allows that service to invoke it",
             .explanation = R"md(## What it does
Finds services wired to invoke a function (S3 bucket notifications, SNS subscriptions, API Gateway
REST and HTTP API integrations, EventBridge rule targets, CloudWatch Logs subscription filters,
Cognito user pool triggers, IoT topic rules, ALB target groups, SES receipt rules) for which the
function's resource policy has no `AWS::Lambda::Permission` granting `lambda:InvokeFunction` to the
service principal (`s3.amazonaws.com`, `apigateway.amazonaws.com`, ...) with a `SourceArn` that can
match the source. Permissions are matched to functions through names, ARNs, aliases and versions.
A permission whose function name or source ARN cannot be evaluated (a parameter, an import) counts
as a match. SAM event sources create their own permission and are never reported.

Conditions count: when the only permissions that allow the service depend on a condition (the
permission's own `Condition`, an `Fn::If` in its `FunctionName`, `Action`, `Principal` or
`SourceArn`; in Terraform a conditional expression), each value of that condition is a deployment
of its own, and a deployment in which the source still invokes the function but no permission
allows it is reported, naming the condition and its value. A source that only exists under that
same condition is not reported for the other value; a source or permission that depends on any
other condition is never assumed to exist or not.

## Why is this bad?
Without the permission the service is denied: S3 refuses the notification configuration (the stack
fails with "Unable to validate the following destination configurations"), API Gateway answers 500,
and SNS, EventBridge, Logs and the others drop or retry the events.

## Example
```yaml
Uploads:
  Type: AWS::S3::Bucket
  Properties:
    NotificationConfiguration:
      LambdaConfigurations:
        - Event: s3:ObjectCreated:*
          Function: !GetAtt Processor.Arn
```
Add a permission scoped to the source (and make the bucket wait for it):
```yaml
ProcessorS3Permission:
  Type: AWS::Lambda::Permission
  Properties:
    FunctionName: !GetAtt Processor.Arn
    Action: lambda:InvokeFunction
    Principal: s3.amazonaws.com
    SourceArn: !Sub "arn:${AWS::Partition}:s3:::${UploadsBucketName}"
    SourceAccount: !Ref AWS::AccountId
```

## Fix safety
The fix inserts an `AWS::Lambda::Permission` after the function (block-style YAML or JSON), scoped
with `SourceArn` (and `SourceAccount` for S3, whose bucket ARNs carry no account), and for S3 adds
`DependsOn` on the bucket. It is unsafe because it grants access: review the scope. For S3 buckets
without a written `BucketName` the permission is scoped by `SourceAccount` only (referencing the
bucket would create a dependency cycle); for ALB target groups no fix is offered.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
             .precision = "high",
             .tags = "correctness,lambda,permissions",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
