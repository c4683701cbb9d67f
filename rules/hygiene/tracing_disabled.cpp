// LL803 tracing-disabled: without TracingConfig Mode Active, Lambda does not sample requests into
// AWS X-Ray (the default mode is PassThrough).
// https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-tracingconfig.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::hygiene {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    const Value* config = function.tracing_config;
    auto check_mode = [&](const Value* mode, std::string_view property) {
      for (const Value* value : possible_values(mode)) {
        const auto text = as_string(value);
        if (value->kind != ValueKind::string || !text || *text == "Active") {
          continue;
        }
        Finding& finding = context.report(resource.location(value),
                                          fmt::format("Function '{}' has {} {}, so X-Ray tracing is not active", resource.id, property, *text),
                                          resource.id + "/TracingConfig/Mode");
        add_parameter_note(finding, resource, value);
      }
    };
    // SAM writes `Tracing: Active`: a mode with no TracingConfig map around it.
    if (!is_set(config) && is_set(function.tracing_mode)) {
      check_mode(function.tracing_mode, function.names.tracing_mode);
      continue;
    }
    if (!is_set(config)) {
      context.report(resource.at_id(), fmt::format("Function '{}' has no {}, so X-Ray tracing is not active", resource.id, function.names.tracing),
                     resource.id + "/TracingConfig");
      continue;
    }
    for (const Value* branch : possible_values(config)) {
      if (branch->kind != ValueKind::map) {
        continue;
      }
      const Value* mode = Function::tracing_mode_of(branch);
      if (!is_set(mode)) {
        context.report(resource.location(branch),
                       fmt::format("Function '{}' has no {}, so X-Ray tracing is not active", resource.id, function.names.tracing_mode),
                       resource.id + "/TracingConfig/Mode");
        continue;
      }
      check_mode(mode, function.names.tracing_mode);
    }
  }
}

} // namespace

const Rule& tracing_disabled()
{
  static const Rule rule{
    .meta = {.id = "LL803",
             .name = "tracing-disabled",
             .family = "hygiene",
             .level = Level::note,
             .summary = "X-Ray active tracing is not enabled",
             .explanation = R"md(## What it does
Reports a function whose `TracingConfig.Mode` is not `Active`: not written (the default is
`PassThrough`) or written as `PassThrough`. Each `Fn::If` branch is checked.

## Why is this bad?
Without active tracing Lambda records no X-Ray segments for the function unless an upstream
service sampled the request, so latency, cold starts and failing downstream calls are invisible
in the service map.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
```
Enable active tracing (the role also needs `xray:PutTraceSegments` and
`xray:PutTelemetryRecords`, see LL305):
```yaml
    TracingConfig:
      Mode: Active
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html",
             .precision = "very-high",
             .tags = "observability", .enabled_by_default = false, .group = "hardening"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
