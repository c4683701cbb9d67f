// LL810 logging-config-conflict: log levels with the plain-text log format. Lambda filters logs by
// level only in JSON format and rejects ApplicationLogLevel / SystemLogLevel with LogFormat Text.
//
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html ("To
// configure log-level filtering, your function must use JSON format logs")
// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::hygiene {
namespace {

/// True when every deployment writes LogFormat Text. An unwritten format is Text too, but only a
/// written one is reported: that is the case AWS documents as an error.
bool certainly_text(const Value* format)
{
  if (!is_set(format)) {
    return false;
  }
  if (format->kind == ValueKind::choice) {
    for (const Value* branch : format->items) {
      if (branch == nullptr || branch->kind == ValueKind::absent) {
        return false; // that deployment keeps the default: not written
      }
    }
  }
  const std::vector<const Value*> possible = possible_values(format);
  for (const Value* value : possible) {
    if (!is_text(value, "Text")) {
      return false;
    }
  }
  return !possible.empty();
}

void report_level(RuleContext& context, const Function& function, const Value* level, std::string_view name)
{
  const Resource& resource = *function.resource;
  for (const Value* possible : possible_values(level)) {
    Finding& finding = context.report(
      resource.location(possible),
      fmt::format("Function '{}' sets {} with {} Text, which Lambda rejects: log levels need the JSON log format", resource.id, name,
                  function.names.log_format),
      fmt::format("{}/{}", resource.id, name));
    finding.related.push_back({resource.location(function.log_format), "the log format is Text here"});
    add_parameter_note(finding, resource, possible);
    return;
  }
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    if (!certainly_text(function.log_format)) {
      continue;
    }
    report_level(context, function, function.application_log_level, function.names.application_log_level);
    report_level(context, function, function.system_log_level, function.names.system_log_level);
  }
}

} // namespace

const Rule& logging_config_conflict()
{
  static const Rule rule{
    .meta = {.id = "LL810",
             .name = "logging-config-conflict",
             .family = "hygiene",
             .level = Level::error,
             .summary = "A function sets log levels with the plain-text log format, which Lambda rejects",
             .explanation = R"md(## What it does
Reports `LoggingConfig.ApplicationLogLevel` or `LoggingConfig.SystemLogLevel` (Terraform:
`logging_config` `application_log_level`, `system_log_level`) on a function whose `LogFormat` is
`Text`. Every branch of an `Fn::If` is checked; a format that cannot be known is not.

## Why is this bad?
Lambda filters logs by level only when they are written as JSON. It rejects the configuration,
and the deployment fails.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      LoggingConfig:
        LogFormat: Text
        ApplicationLogLevel: INFO
```
Switch to JSON logs, or drop the level:
```yaml
      LoggingConfig:
        LogFormat: JSON
        ApplicationLogLevel: INFO
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html",
             .precision = "very-high",
             .tags = "correctness,lambda"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
