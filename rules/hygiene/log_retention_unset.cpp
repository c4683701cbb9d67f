// LL804 log-retention-unset: Lambda writes to the log group /aws/lambda/<function name> (or the
// group named by LoggingConfig.LogGroup) and creates it on first use with "Never expire"
// retention, unless the template declares the group with RetentionInDays.
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <set>

namespace lint::rules::hygiene {
namespace {

constexpr std::string_view k_prefix = "/aws/lambda/";

/// Comparable spellings of a name: literal text with references as ${Name} / ${Name.Attr}. A
/// parameter default is spelled both ways (its text and ${Parameter}), since Fn::Sub keeps the
/// parameter while Ref and Fn::Join use the default. Returns false when a branch is unknown.
bool name_keys(const Value* value, std::set<std::string>& out)
{
  bool known = true;
  for (const Value* branch : possible_values(value)) {
    if (branch->kind == ValueKind::string) {
      out.insert(branch->text);
      if (!branch->via_parameter.empty()) {
        out.insert("${" + branch->via_parameter + "}");
      }
    } else if (branch->kind == ValueKind::reference) {
      const Reference& reference = branch->reference;
      out.insert("${" + reference.name + (reference.attribute.empty() ? "" : "." + reference.attribute) + "}");
    } else if (branch->kind == ValueKind::text_template) {
      std::string key;
      for (const TemplatePart& part : branch->parts) {
        key += part.is_reference
                 ? "${" + part.reference.name + (part.reference.attribute.empty() ? "" : "." + part.reference.attribute) + "}"
                 : part.literal;
      }
      out.insert(std::move(key));
    } else {
      known = false;
    }
  }
  return known;
}

bool intersects(const std::set<std::string>& a, const std::set<std::string>& b)
{
  for (const std::string& key : a) {
    if (b.contains(key)) {
      return true;
    }
  }
  return false;
}

struct GroupInfo {
  const LogGroup* group = nullptr;
  std::set<std::string> keys;
  bool known = true;
};

/// A group name that may be /aws/lambda/... once its references are resolved.
bool may_be_lambda_group(const std::string& key)
{
  const std::size_t open = key.find("${");
  const std::string_view literal = std::string_view(key).substr(0, open);
  if (open == std::string::npos) {
    return literal.starts_with(k_prefix);
  }
  return literal.starts_with(k_prefix) || k_prefix.starts_with(literal);
}

void check(const Model& model, RuleContext& context)
{
  std::vector<GroupInfo> groups;
  for (const LogGroup& group : model.log_groups) {
    GroupInfo& info = groups.emplace_back();
    info.group = &group;
    if (is_set(group.name)) {
      info.known = name_keys(group.name, info.keys);
    }
  }
  // Which groups each function's default group name matches.
  std::vector<std::set<std::string>> function_keys;
  for (const Function& function : model.functions) {
    std::set<std::string> keys;
    if (is_set(function.function_name)) {
      std::set<std::string> names;
      name_keys(function.function_name, names);
      for (const std::string& name : names) {
        keys.insert(std::string(k_prefix) + name);
      }
    } else {
      keys.insert(std::string(k_prefix) + "${" + function.resource->id + "}");
    }
    function_keys.push_back(std::move(keys));
  }
  auto matches = [&](const GroupInfo& info, std::size_t function_index) {
    return info.group->function == &model.functions[function_index] || intersects(info.keys, function_keys[function_index]);
  };
  // A named group that matches no function but may be a Lambda group once resolved: it could be
  // any function's, so stay silent about functions whose group we cannot find.
  bool ambiguous = false;
  bool literal_unmatched = false; // "/aws/lambda/x" matching no function (x may be a computed name)
  for (const GroupInfo& info : groups) {
    if (!is_set(info.group->name)) {
      continue;
    }
    bool matched = false;
    for (std::size_t i = 0; i < model.functions.size() && !matched; ++i) {
      matched = matches(info, i);
    }
    if (matched) {
      continue;
    }
    if (!info.known) {
      ambiguous = true;
    }
    for (const std::string& key : info.keys) {
      if (may_be_lambda_group(key)) {
        (key.find("${") == std::string::npos ? literal_unmatched : ambiguous) = true;
      }
    }
  }

  for (std::size_t i = 0; i < model.functions.size(); ++i) {
    const Function& function = model.functions[i];
    const Resource& resource = *function.resource;
    std::vector<const GroupInfo*> found;
    const Value* custom = function.logging_log_group;
    if (is_set(custom)) {
      // LoggingConfig.LogGroup: a group of the template by reference or by name; a group declared
      // elsewhere (shared, created by another stack) has a retention we cannot see.
      std::set<std::string> custom_keys;
      if (!name_keys(custom, custom_keys)) {
        continue;
      }
      for (const GroupInfo& info : groups) {
        bool referenced = false;
        for (const Value* branch : possible_values(custom)) {
          const Reference* reference = single_reference(branch);
          referenced = referenced || (reference && reference->target == Reference::Target::resource &&
                                      reference->name == info.group->resource->id);
        }
        if (referenced || intersects(info.keys, custom_keys)) {
          found.push_back(&info);
        }
      }
      if (found.empty()) {
        continue;
      }
    } else {
      for (const GroupInfo& info : groups) {
        if (matches(info, i)) {
          found.push_back(&info);
        }
      }
    }
    bool retained = false;
    for (const GroupInfo* info : found) {
      retained = retained || is_set(info->group->retention_days);
    }
    if (retained) {
      continue;
    }
    if (!found.empty()) {
      const Resource& group = *found.front()->group->resource;
      Finding& finding =
        context.report(group.at_id(),
                       fmt::format("Log group '{}' of function '{}' has no {}, so its logs are kept forever", group.id,
                                   resource.id, found.front()->group->retention_days_name),
                       resource.id + "/LogRetention");
      finding.related.push_back(related_resource(resource, "the function"));
      continue;
    }
    bool literal_name = true;
    for (const std::string& key : function_keys[i]) {
      literal_name = literal_name && key.find("${") == std::string::npos;
    }
    const bool computed_name = is_set(function.function_name) && !literal_name;
    if (ambiguous || (computed_name && literal_unmatched)) {
      continue;
    }
    // No log group to take the written name from: the retention setting of the group the user
    // would declare (AWS::Logs::LogGroup RetentionInDays, aws_cloudwatch_log_group retention_in_days).
    const std::string_view retention_name = model.template_syntax() ? "RetentionInDays" : "retention_in_days";
    context.report(resource.at_id(),
                   fmt::format("Function '{}' has no log group with {} in the {}, so Lambda creates one that keeps "
                               "logs forever",
                               resource.id, retention_name, model.document_noun()),
                   resource.id + "/LogRetention");
  }
}

} // namespace

const Rule& log_retention_unset()
{
  static const Rule rule{
    .meta = {.id = "LL804",
             .name = "log-retention-unset",
             .family = "hygiene",
             .level = Level::note,
             .summary = "A function's log group has no retention period",
             .explanation = R"md(## What it does
Finds the log group each function writes to, `/aws/lambda/<function name>` (written with
`Fn::Sub`, `Fn::Join` or a literal name) or the group named by `LoggingConfig.LogGroup`, among the
template's `AWS::Logs::LogGroup` and CDK `Custom::LogRetention` resources, and reports:
- a matching group without `RetentionInDays`, at the group;
- a function with no matching group at all, at the function.

To stay precise, nothing is reported for a function whose group cannot be identified: when
another log group's name cannot be resolved (it might be this function's), or when
`LoggingConfig.LogGroup` names a group declared outside the template.

## Why is this bad?
When the group does not exist, Lambda creates it on first invocation with retention "Never
expire": logs (which may contain personal data) accumulate forever and so does their storage
cost.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
```
Declare the group with a retention period:
```yaml
WorkerLogs:
  Type: AWS::Logs::LogGroup
  Properties:
    LogGroupName: !Sub /aws/lambda/${Worker}
    RetentionInDays: 30
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
             .precision = "high",
             .tags = "cost,compliance", .enabled_by_default = false, .group = "hardening"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
