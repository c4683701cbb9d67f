// LL202 public-invoke-permission: a permission lets everyone (Principal "*") invoke the function,
// with no SourceArn, SourceAccount or PrincipalOrgID to narrow it. Any AWS account (and, through
// services that call on behalf of anyone, any internet user) can invoke the function.
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
// A public function URL (lambda:InvokeFunctionUrl with FunctionUrlAuthType NONE) is LL204's subject.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::invoke {
namespace {

std::string function_label(const Permission& permission)
{
  if (permission.function != nullptr) {
    return fmt::format("function '{}'", permission.function->resource->id);
  }
  if (const auto name = name_text(permission.function_name)) {
    return fmt::format("function '{}'", *name);
  }
  return "its function";
}

void check(const Model& model, RuleContext& context)
{
  for (const Permission& permission : model.permissions) {
    const Resource& resource = *permission.resource;
    if (is_set(permission.source_arn) || is_set(permission.source_account) || is_set(permission.principal_org_id)) {
      continue;
    }
    if (is_text(permission.function_url_auth_type, "NONE")) {
      continue; // the permission behind a public function URL: LL204 reports the URL
    }
    for (const Value* principal : possible_values(permission.principal)) {
      if (!is_text(principal, "*")) {
        continue;
      }
      Finding& finding = context.report(
        resource.location(principal),
        fmt::format("Permission '{}' lets any principal ('*') invoke {}, with no {}, {} or {} to narrow it", resource.id,
                    function_label(permission), permission.source_arn_name, permission.source_account_name, permission.principal_org_id_name),
        resource.id + "/Principal");
      if (permission.function != nullptr) {
        finding.related.push_back(related_resource(*permission.function->resource, "the function"));
      }
      add_parameter_note(finding, resource, principal);
    }
  }
}

} // namespace

const Rule& public_invoke_permission()
{
  static const Rule rule{
    .meta = {.id = "LL202",
             .name = "public-invoke-permission",
             .family = "invoke",
             .level = Level::error,
             .summary = "A permission lets any principal ('*') invoke a function without SourceArn, SourceAccount or PrincipalOrgID",
             .explanation = R"md(## What it does
Finds `AWS::Lambda::Permission` resources whose `Principal` is `*` and that set none of `SourceArn`,
`SourceAccount` or `PrincipalOrgID`. (The permission behind a public function URL,
`FunctionUrlAuthType: NONE`, is reported by LL204 on the URL instead.)

## Why is this bad?
The function's resource policy then allows every AWS account to call `lambda:InvokeFunction` on
it: anyone who learns the ARN can run your code, read what it returns and run up your bill.

## Example
```yaml
OpenPermission:
  Type: AWS::Lambda::Permission
  Properties:
    FunctionName: !Ref Worker
    Action: lambda:InvokeFunction
    Principal: "*"
```
Name who may invoke (an account, a service with its source, or your organization):
```yaml
    Principal: "*"
    PrincipalOrgID: o-a1b2c3d4e5
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
             .security_severity = 8.6,
             .precision = "very-high",
             .tags = "security,lambda,permissions"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
