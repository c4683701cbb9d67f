// LL208 open-function-url-cors: a function URL's CORS configuration allows every origin together
// with credentials or with every method, so any web page can drive the function from a visitor's
// browser. https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::invoke {
namespace {

bool has_star(const Value* list, const Value** where = nullptr)
{
  for (const Value* branch : possible_values(list)) {
    for (const Value* item : list_items(branch)) {
      if (is_text(item, "*")) {
        if (where != nullptr) {
          *where = item;
        }
        return true;
      }
    }
  }
  return false;
}

void check(const Model& model, RuleContext& context)
{
  for (const FunctionUrl& url : model.function_urls) {
    const Resource& resource = *url.resource;
    const Value* origin = nullptr;
    if (!has_star(url.allow_origins(), &origin)) {
      continue;
    }
    const bool credentials = as_bool(url.allow_credentials()).value_or(false);
    const bool every_method = has_star(url.allow_methods());
    if (!credentials && !every_method) {
      continue;
    }
    const std::string what = credentials && every_method ? "with credentials and every method"
                             : credentials               ? "with credentials"
                                                         : "with every method";
    Finding& finding = context.report(resource.location(origin),
                                      fmt::format("Function URL '{}' allows CORS requests from every origin ('*') {}", resource.id, what),
                                      resource.id + "/Cors");
    if (url.function != nullptr) {
      finding.related.push_back(related_resource(*url.function->resource, "the function"));
    }
  }
}

} // namespace

const Rule& open_function_url_cors()
{
  static const Rule rule{
    .meta = {.id = "LL208",
             .name = "open-function-url-cors",
             .family = "invoke",
             .level = Level::note,
             .summary = "A function URL's CORS allows every origin with credentials or with every method",
             .explanation = R"md(## What it does
Finds `AWS::Lambda::Url` resources whose `Cors.AllowOrigins` contains `*` while
`Cors.AllowCredentials` is true or `Cors.AllowMethods` contains `*`.

## Why is this bad?
Any web site can then make its visitors' browsers call the function with every HTTP method (and,
with credentials, with the visitors' cookies), which turns a private API into a cross-site one.
List the origins that need access and the methods they use.

## Example
```yaml
WorkerUrl:
  Type: AWS::Lambda::Url
  Properties:
    TargetFunctionArn: !GetAtt Worker.Arn
    AuthType: AWS_IAM
    Cors:
      AllowOrigins: ["*"]
      AllowMethods: ["*"]
```
Name the origins and methods:
```yaml
    Cors:
      AllowOrigins: ["https://app.example.com"]
      AllowMethods: ["GET", "POST"]
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html",
             .security_severity = 3.1,
             .precision = "high",
             .tags = "security,lambda,function-url"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
