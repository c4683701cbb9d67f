// LL203 unscoped-service-permission: a permission for a service principal has neither SourceArn
// nor SourceAccount, so the service may invoke the function on behalf of any account's resources
// (the confused deputy problem). For s3.amazonaws.com SourceAccount is needed even with a
// SourceArn: bucket ARNs carry no account, and a deleted bucket's name can be taken by anyone.
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
// https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html (SourceAccount for S3)

#include "analyzer/invoke.h"
#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::invoke {
namespace {

/// "s3.amazonaws.com", "logs.${AWS::Region}.amazonaws.com", "s3.${AWS::URLSuffix}": a service
/// principal; returns the service's first label ("s3"), or empty when not a service principal.
std::string service_of(const Value* principal)
{
  const std::vector<lint::invoke::Piece> pieces = lint::invoke::pieces_of(principal);
  if (pieces.empty() || pieces.front().any) {
    return {};
  }
  const std::string& head = pieces.front().literal;
  const std::size_t dot = head.find('.');
  if (dot == std::string::npos || dot == 0) {
    return {};
  }
  const lint::invoke::Piece& tail = pieces.back();
  const bool known_suffix = !tail.any && (tail.literal.ends_with(".amazonaws.com") || tail.literal.ends_with(".amazonaws.com.cn"));
  const bool url_suffix = tail.any && pieces.size() >= 2; // "s3.${AWS::URLSuffix}"
  return known_suffix || url_suffix ? head.substr(0, dot) : std::string();
}

/// Set in every deployment: written, and no Fn::If branch leaves it out (AWS::NoValue).
bool always_set(const Value* value, int depth = 0)
{
  if (!is_set(value)) {
    return false;
  }
  if (value->kind != ValueKind::choice || depth > 32) {
    return true;
  }
  for (const Value* branch : value->items) {
    if (!always_set(branch, depth + 1)) {
      return false;
    }
  }
  return true;
}

void check(const Model& model, RuleContext& context)
{
  for (const Permission& permission : model.permissions) {
    const Resource& resource = *permission.resource;
    if (always_set(permission.principal_org_id)) {
      continue;
    }
    // A condition that only some Fn::If branches write leaves the others unscoped.
    const bool has_arn = always_set(permission.source_arn);
    const bool has_account = always_set(permission.source_account);
    const bool in_some_deployments = is_set(permission.source_arn) || is_set(permission.source_account) || is_set(permission.principal_org_id);
    if (has_arn && has_account) {
      continue;
    }
    for (const Value* principal : possible_values(permission.principal)) {
      const std::string service = service_of(principal);
      if (service.empty()) {
        continue;
      }
      const std::string written = name_text(principal).value_or(service);
      std::string message;
      if (!has_arn && !has_account) {
        message = fmt::format("Permission '{}' lets {} invoke the function for any account's resources: set {} or {}",
                              resource.id, written, permission.source_arn_name, permission.source_account_name);
      } else if (service == "s3" && !has_account) {
        message = fmt::format("Permission '{}' lets {} invoke the function without {}; bucket ARNs carry no account, so a "
                              "bucket of that name in another account also matches",
                              resource.id, written, permission.source_account_name);
      } else {
        continue;
      }
      if (in_some_deployments && !has_arn && !has_account) {
        message += " (an Fn::If branch leaves the source condition out)";
      }
      Finding& finding = context.report(resource.location(principal), std::move(message), resource.id + "/Principal");
      if (permission.function != nullptr) {
        finding.related.push_back(related_resource(*permission.function->resource, "the function"));
      }
    }
  }
}

} // namespace

const Rule& unscoped_service_permission()
{
  static const Rule rule{
    .meta = {.id = "LL203",
             .name = "unscoped-service-permission",
             .family = "invoke",
             .level = Level::warning,
             .summary = "A permission for a service principal has no SourceArn or SourceAccount (for S3: no SourceAccount)",
             .explanation = R"md(## What it does
Finds `AWS::Lambda::Permission` resources whose `Principal` is a service (`sns.amazonaws.com`,
`apigateway.amazonaws.com`, ...) and that set neither `SourceArn` nor `SourceAccount`. For
`s3.amazonaws.com` it also reports a missing `SourceAccount` when `SourceArn` is set. Both
branches of an `Fn::If` count: a condition that one branch leaves out (`AWS::NoValue`) leaves that
deployment unscoped.

## Why is this bad?
Without a source condition the service may invoke the function on behalf of any resource in any
account: another account's topic, API or rule that names your function's ARN can invoke it (the
"confused deputy" problem). S3 bucket ARNs contain no account id, so a `SourceArn` alone still
matches a bucket of the same name created in another account after yours is deleted.

## Example
```yaml
TopicPermission:
  Type: AWS::Lambda::Permission
  Properties:
    FunctionName: !Ref Worker
    Action: lambda:InvokeFunction
    Principal: sns.amazonaws.com
```
Scope it to the source:
```yaml
    Principal: sns.amazonaws.com
    SourceArn: !Ref Topic
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
             .security_severity = 5.3,
             .precision = "very-high",
             .tags = "security,lambda,permissions"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
