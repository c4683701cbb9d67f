// LL306 missing-logs-permission: the execution role cannot write the function's logs.
// "Lambda needs logs:CreateLogStream and logs:PutLogEvents to send logs to CloudWatch Logs"
// (the AWSLambdaBasicExecutionRole managed policy grants them, with logs:CreateLogGroup).
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html#monitoring-cloudwatchlogs-prereqs
// Default log group: /aws/lambda/<function name>; LoggingConfig.LogGroup overrides it.
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html

#include "rules/common/iam_rule_helpers.h"
#include "rules/common/template_edits.h"

#include <algorithm>

namespace lint::rules::permissions {
namespace {

/// The unit declares the function's default log group (an AWS::Logs::LogGroup / aws_cloudwatch_log_group named after it).
bool declares_group_of(const Model& model, const Function& function)
{
  return std::any_of(model.log_groups.begin(), model.log_groups.end(), [&](const LogGroup& group) { return group.function == &function; });
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    if (function.execution_role == nullptr) {
      continue;
    }
    const Resource& resource = *function.resource;
    lint::iam::SymbolicText group;
    std::string fix_resource;
    if (is_set(function.logging_log_group)) {
      if (function.logging_log_group->kind == ValueKind::choice) {
        continue;
      }
      group = lint::iam::symbolic_text(model, function.logging_log_group);
    } else {
      group = lint::iam::default_log_group_name(model, resource);
      fix_resource = default_log_group_arn_source(resource, name_text(function.function_name));
    }
    const lint::iam::SymbolicText subject = lint::iam::log_stream_arn(group);
    iam_rules::Requirement requirement;
    requirement.actions = {"logs:CreateLogStream", "logs:PutLogEvents"};
    requirement.resource = subject;
    requirement.resource_label = fmt::format("log group '{}'", lint::iam::to_display(group));
    requirement.fix_resource_yaml = fix_resource;
    const Location where = is_set(function.role) ? resource.location(function.role) : resource.at_id();
    Finding* finding = iam_rules::check_requirement(model, context, function, requirement, where, "writes logs to CloudWatch Logs",
                                                    fmt::format("{}/Logs", resource.id));
    // Lambda creates the default group on first write when it is not declared, with the role's
    // logs:CreateLogGroup: without it the function still cannot log after the fix.
    if (finding != nullptr && finding->fix && !fix_resource.empty() && !declares_group_of(model, function)) {
      if (auto fix = iam_rules::least_privilege_fix(*function.execution_role, {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
                                                    fix_resource)) {
        finding->fix = std::move(fix);
      }
    }
  }
}

} // namespace

const Rule& missing_logs_permission()
{
  static const Rule rule{
    .meta = {.id = "LL306",
             .name = "missing-logs-permission",
             .family = "permissions",
             .level = Level::warning,
             .summary = "A function's execution role cannot write its CloudWatch logs",
             .explanation = R"md(## What it does
Evaluates each function's execution role for logs:CreateLogStream and logs:PutLogEvents on the
function's log group (`/aws/lambda/<name>`, or LoggingConfig.LogGroup) and reports the ones
certainly not allowed. The finding points at the function's Role.

## Why is this bad?
The function runs, but everything it prints is lost: errors, stack traces and the REPORT lines
that show duration and memory. Failures become impossible to diagnose.

## Example
```yaml
Role:
  Type: AWS::IAM::Role
  Properties:
    Policies:
      - PolicyName: data
        PolicyDocument:
          Statement:
            - {Effect: Allow, Action: dynamodb:GetItem, Resource: !GetAtt Table.Arn}
```
Attach the basic execution policy (or grant the two actions on the log group):
```yaml
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
```

## Fix safety
The fix appends a statement to the role's first inline policy (YAML block lists and JSON arrays)
allowing logs:CreateLogStream and logs:PutLogEvents on the function's default log group, and
logs:CreateLogGroup too when the template does not declare that group (Lambda creates it on first
write). The group is named by the function's written name; a function without one gets
`/aws/lambda/*`, because naming the function (`${Fn}`) in its own role's policy would make a
circular dependency CloudFormation rejects. Unsafe: it widens permissions.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
             .tags = "reliability,iam,logging",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
