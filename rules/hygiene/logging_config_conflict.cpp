// LL810 logging-config-conflict: log levels with the plain-text log format. Lambda filters logs by
// level only in JSON format and rejects ApplicationLogLevel / SystemLogLevel with LogFormat Text.
// And a custom log group that is not the name of the declared log group it designates: its ARN
// (Lambda rejects it: a log group name has no ':'), or its logical id (Terraform: its label)
// written as a string (the logs go to a new group of that name, not to the declared one).
//
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html ("To
// configure log-level filtering, your function must use JSON format logs")
// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html (LogGroup: the log group's
// name, pattern [\.\-_/#A-Za-z0-9]+; a group that does not exist is created by Lambda)

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

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

/// How the input names the custom log group setting (LoggingConfig.LogGroup, logging_config
/// log_group), from the way it names the log format.
std::string log_group_name(const Function& function)
{
  std::string name(function.names.log_format);
  for (const auto& [format, group] : {std::pair<std::string_view, std::string_view>{"LogFormat", "LogGroup"}, {"log_format", "log_group"}}) {
    if (const std::size_t at = name.rfind(format); at != std::string::npos) {
      return name.replace(at, format.size(), group);
    }
  }
  return name;
}

/// Characters a log group name may hold (API_LoggingConfig LogGroup pattern).
bool is_log_group_name_character(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
}

/// The first character of the written (literal) text that no log group name may hold; references
/// inside a template are not judged.
std::optional<char> invalid_character(const Value* value)
{
  auto first_invalid = [](std::string_view text) -> std::optional<char> {
    const auto found = std::find_if_not(text.begin(), text.end(), is_log_group_name_character);
    return found == text.end() ? std::nullopt : std::optional<char>(*found);
  };
  if (value->kind == ValueKind::string) {
    return first_invalid(value->text);
  }
  if (value->kind == ValueKind::text_template) {
    for (const TemplatePart& part : value->parts) {
      if (!part.is_reference) {
        if (const auto found = first_invalid(part.literal)) {
          return found;
        }
      }
    }
  }
  return std::nullopt;
}

void check_log_group(const Model& model, RuleContext& context, const Function& function)
{
  const Resource& resource = *function.resource;
  const std::string setting = log_group_name(function);
  for (const Value* group : possible_values(function.logging_log_group)) {
    if (!group->via_parameter.empty()) {
      continue; // a parameter's default may be overridden
    }
    // !GetAtt Group.Arn / aws_cloudwatch_log_group.g.arn: an ARN where the name is expected.
    const Resource* target = model.resource_for(group);
    const Reference* reference = single_reference(group);
    if (target != nullptr && target->kind() == ResourceKind::log_group && reference != nullptr &&
        (reference->attribute == "Arn" || reference->attribute == "arn")) {
      Finding& finding = context.report(
        resource.location(group),
        fmt::format("Function '{}' sets {} to the ARN of log group '{}', but Lambda expects the log group's name and rejects an ARN{}", resource.id,
                    setting, target->id,
                    model.template_syntax() ? fmt::format(" (use !Ref {})", target->id) : fmt::format(" (use {}.name)", target->id)),
        fmt::format("{}/LogGroup/arn", resource.id));
      finding.related.push_back(related_resource(*target, "the log group"));
      continue;
    }
    if (const auto character = invalid_character(group)) {
      context.report(resource.location(group),
                     fmt::format("Function '{}' sets {} to a value with '{}', which no log group name holds (letters, digits and . - _ / # only): "
                                 "Lambda rejects it{}",
                                 resource.id, setting, *character, *character == ':' ? "; write the log group's name, not its ARN" : ""),
                     fmt::format("{}/LogGroup/invalid", resource.id));
      continue;
    }
    // "AppLogs" where !Ref AppLogs was meant: the logical id of a declared log group named
    // otherwise; in Terraform "logs" where aws_cloudwatch_log_group.logs.name was meant: the label
    // of a log group declared in the function's own module.
    if (group->kind != ValueKind::string) {
      continue;
    }
    const auto declared = std::find_if(model.log_groups.begin(), model.log_groups.end(), [&](const LogGroup& log_group) {
      return log_group.resource != nullptr && log_group.resource->local_name() == group->text && log_group.resource->module == resource.module;
    });
    if (declared == model.log_groups.end()) {
      continue;
    }
    const Resource* named = declared->resource;
    std::string declared_name;
    if (!is_set(declared->name)) {
      declared_name = fmt::format("a name {} generates", model.deployer());
    } else if (const auto text = as_string(declared->name); text && declared->name->kind == ValueKind::string) {
      if (*text == group->text) {
        continue; // the group is named like its logical id
      }
      declared_name = fmt::format("'{}'", *text);
    } else {
      continue; // a name that cannot be known here
    }
    Finding& finding = context.report(
      Level::warning, resource.location(group),
      fmt::format("Function '{}' sets {} to '{}', the {} of log group '{}', whose name is {}: Lambda creates and logs to a new group "
                  "named '{}' instead (write {})",
                  resource.id, setting, group->text, model.template_syntax() ? "logical id" : "label", named->id, declared_name, group->text,
                  model.template_syntax() ? fmt::format("!Ref {}", named->id) : fmt::format("{}.name", named->id)),
      fmt::format("{}/LogGroup/logical-id", resource.id));
    finding.related.push_back(related_resource(*named, "the declared log group"));
  }
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    check_log_group(model, context, function);
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
             .summary = "A function sets log levels with the plain-text log format, or names its log group by ARN or logical id",
             .explanation = R"md(## What it does
Reports `LoggingConfig.ApplicationLogLevel` or `LoggingConfig.SystemLogLevel` (Terraform:
`logging_config` `application_log_level`, `system_log_level`) on a function whose `LogFormat` is
`Text`. Every branch of an `Fn::If` is checked; a format that cannot be known is not.

It also checks the custom log group (`LoggingConfig.LogGroup`, Terraform `logging_config`
`log_group`), which must be a log group's name:
- the ARN of a declared log group (`!GetAtt Logs.Arn`, `aws_cloudwatch_log_group.logs.arn`), or
  any written text with a character no log group name holds (`:` of an ARN, a space): error;
- the logical id of a log group declared in the template written as a string (`LogGroup: Logs`
  where `!Ref Logs` was meant), or in Terraform the label of an `aws_cloudwatch_log_group` of the
  function's module (`log_group = "logs"` where `aws_cloudwatch_log_group.logs.name` was meant),
  when that group's name is another one: warning.
Values from parameter defaults are not judged (the default may be overridden).

## Why is this bad?
Lambda filters logs by level only when they are written as JSON. It rejects the configuration,
and the deployment fails. A log group name holds only letters, digits and `. - _ / #`: Lambda
rejects an ARN. A name that is not the declared group's makes Lambda create a group of that name:
the declared group, with its retention and subscriptions, receives nothing.

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
