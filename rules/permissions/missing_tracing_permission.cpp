// LL305 missing-tracing-permission: TracingConfig Mode Active, but the execution role cannot upload
// traces. "Your function needs permission to upload trace data to X-Ray" (the
// AWSXRayDaemonWriteAccess managed policy; the actions are xray:PutTraceSegments and
// xray:PutTelemetryRecords, which support no resource-level permissions, so only `*` grants them):
// https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
// SAM adds AWSXrayWriteOnlyAccess to the role it generates when Tracing is set (analyzer/sam/expansion.cpp).

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::permissions {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    if (function.execution_role == nullptr || !is_text(function.tracing_mode, "Active")) {
      continue; // PassThrough sends no segments of its own; Fn::If modes are not evaluated
    }
    iam_rules::Requirement requirement;
    requirement.actions = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"};
    requirement.resource = {lint::iam::Piece{lint::iam::Piece::Kind::unknown, "${trace}", false}};
    requirement.resource_label = "'*'";
    requirement.fix_resource_yaml = "\"*\"";
    const Resource& resource = *function.resource;
    iam_rules::check_requirement(model, context, function, requirement, resource.location(function.tracing_mode),
                                 "traces actively with X-Ray", fmt::format("{}/TracingConfig", resource.id));
  }
}

} // namespace

const Rule& missing_tracing_permission()
{
  static const Rule rule{
    .meta = {.id = "LL305",
             .name = "missing-tracing-permission",
             .family = "permissions",
             .level = Level::warning,
             .summary = "A function with active X-Ray tracing has an execution role that cannot upload traces",
             .explanation = R"md(## What it does
For a function whose TracingConfig Mode is `Active` (SAM `Tracing: Active`, Terraform
`tracing_config { mode = "Active" }`), evaluates the execution role's effective policy for
xray:PutTraceSegments and xray:PutTelemetryRecords and reports the ones certainly not allowed.
SAM functions without a Role get AWSXrayWriteOnlyAccess from SAM and never fire.

## Why is this bad?
The function runs, but Lambda cannot send its trace segments: the service map and traces stay
empty although tracing looks enabled.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt Role.Arn
    TracingConfig:
      Mode: Active
```
Attach the managed policy made for it (or allow the two actions on `*`):
```yaml
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess
```

## Fix safety
The fix appends a statement allowing exactly the missing actions on `*` to the role's first inline
policy (YAML block lists and JSON arrays). It widens permissions: unsafe.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html",
             .precision = "high",
             .tags = "reliability,iam,tracing",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
