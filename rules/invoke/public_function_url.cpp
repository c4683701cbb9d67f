// LL204 public-function-url: a function URL with AuthType NONE lets anyone on the internet invoke
// the function; IAM authentication (AWS_IAM) is off.
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::invoke {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const FunctionUrl& url : model.function_urls) {
    const Resource& resource = *url.resource;
    for (const Value* auth_type : possible_values(url.auth_type)) {
      if (!is_text(auth_type, "NONE")) {
        continue;
      }
      const std::string target = url.function != nullptr ? fmt::format("function '{}'", url.function->resource->id) : "its function";
      Finding& finding = context.report(
        resource.location(auth_type),
        fmt::format("Function URL '{}' has {} NONE: anyone on the internet can invoke {} without signing the request", resource.id,
                    url.auth_type_name, target),
        resource.id + "/AuthType");
      if (url.function != nullptr) {
        finding.related.push_back(related_resource(*url.function->resource, "the function"));
      }
      add_parameter_note(finding, resource, auth_type);
    }
  }
}

} // namespace

const Rule& public_function_url()
{
  static const Rule rule{
    .meta = {.id = "LL204",
             .name = "public-function-url",
             .family = "invoke",
             .level = Level::warning,
             .summary = "A function URL has AuthType NONE, so anyone can invoke the function",
             .explanation = R"md(## What it does
Finds `AWS::Lambda::Url` resources with `AuthType: NONE`.

## Why is this bad?
A function URL without IAM authentication is a public HTTPS endpoint: anyone who finds it can
invoke the function as often as they like. Unless the function is meant to be a public endpoint
and authenticates requests itself (and has reserved concurrency to bound the cost), use
`AWS_IAM` or put the function behind API Gateway or CloudFront with authentication.

## Example
```yaml
WorkerUrl:
  Type: AWS::Lambda::Url
  Properties:
    TargetFunctionArn: !GetAtt Worker.Arn
    AuthType: NONE
```
Require signed requests:
```yaml
    AuthType: AWS_IAM
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
             .security_severity = 5.3,
             .precision = "very-high",
             .tags = "security,lambda,function-url"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
