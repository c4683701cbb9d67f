// LL207 broad-permission-action: a permission grants an action other than invoking the function
// (lambda:*, lambda:UpdateFunctionCode, ...) to a service or account. A resource policy that lets
// others change or read the function is rarely intended.
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-permission.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace lint::rules::invoke {
namespace {

bool is_invoke_action(std::string_view action)
{
  std::string lower(action);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // lambda:InvokeAsync is the deprecated asynchronous form of InvokeFunction: not broader.
  return lower == "lambda:invokefunction" || lower == "lambda:invokefunctionurl" || lower == "lambda:invokeasync";
}

void check(const Model& model, RuleContext& context)
{
  for (const Permission& permission : model.permissions) {
    const Resource& resource = *permission.resource;
    for (const Value* action : possible_values(permission.action)) {
      const auto text = as_string(action);
      if (!text || is_invoke_action(*text)) {
        continue;
      }
      Finding& finding = context.report(
        resource.location(action),
        fmt::format("Permission '{}' grants '{}' to {}; a permission for invoking needs only lambda:InvokeFunction", resource.id, *text,
                    name_text(permission.principal).value_or("its principal")),
        resource.id + "/Action");
      if (permission.function != nullptr) {
        finding.related.push_back(related_resource(*permission.function->resource, "the function"));
      }
      add_parameter_note(finding, resource, action);
    }
  }
}

} // namespace

const Rule& broad_permission_action()
{
  static const Rule rule{
    .meta = {.id = "LL207",
             .name = "broad-permission-action",
             .family = "invoke",
             .level = Level::warning,
             .summary = "A permission grants an action other than lambda:InvokeFunction / InvokeFunctionUrl",
             .explanation = R"md(## What it does
Finds `AWS::Lambda::Permission` resources whose `Action` is neither `lambda:InvokeFunction` nor
`lambda:InvokeFunctionUrl` (nor the deprecated `lambda:InvokeAsync`): `lambda:*`,
`lambda:UpdateFunctionCode`, `lambda:GetFunction` and the like.

## Why is this bad?
A service or another account that only needs to call the function gets the right to read its code
and configuration, change it, or delete it. `lambda:*` in a resource policy hands the function over.

## Example
```yaml
TopicPermission:
  Type: AWS::Lambda::Permission
  Properties:
    FunctionName: !Ref Worker
    Action: "lambda:*"
    Principal: sns.amazonaws.com
    SourceArn: !Ref Topic
```
Grant only invocation:
```yaml
    Action: lambda:InvokeFunction
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
             .security_severity = 6.5,
             .precision = "very-high",
             .tags = "security,lambda,permissions"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
