// LL306 missing-logs-permission: the execution role cannot write the function's logs.
// "Lambda needs logs:CreateLogStream and logs:PutLogEvents to send logs to CloudWatch Logs"
// (the AWSLambdaBasicExecutionRole managed policy grants them, with logs:CreateLogGroup).
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html#monitoring-cloudwatchlogs-prereqs
// Default log group: /aws/lambda/<function name>; LoggingConfig.LogGroup overrides it.
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html

#include "rules/common/iam_rule_helpers.h"
#include "rules/common/template_edits.h"

namespace lint::rules::permissions {
namespace {

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
      fix_resource = default_log_group_arn_source(resource);
    }
    const lint::iam::SymbolicText subject = lint::iam::log_stream_arn(group);
    iam_rules::Requirement requirement;
    requirement.actions = {"logs:CreateLogStream", "logs:PutLogEvents"};
    requirement.resource = subject;
    requirement.resource_label = fmt::format("log group '{}'", lint::iam::to_display(group));
    requirement.fix_resource_yaml = fix_resource;
    const Location where = is_set(function.role) ? resource.location(function.role) : resource.at_id();
    iam_rules::check_requirement(model, context, function, requirement, where, "writes logs to CloudWatch Logs",
                                 fmt::format("{}/Logs", resource.id));
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
The fix appends a statement allowing exactly the missing actions on the function's default log
group to the role's first inline policy (YAML block lists and JSON arrays). Unsafe: it
widens permissions.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
             .tags = "reliability,iam,logging",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
