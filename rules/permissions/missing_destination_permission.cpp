// LL304 missing-destination-permission: an asynchronous invocation destination
// (AWS::Lambda::EventInvokeConfig DestinationConfig OnSuccess/OnFailure, SAM EventInvokeConfig,
// Terraform aws_lambda_function_event_invoke_config) the function's execution role cannot send to.
// Lambda delivers invocation records with the execution role: sqs:SendMessage, sns:Publish,
// lambda:InvokeFunction, events:PutEvents on the destination
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). SAM grants
// the same on the role it generates when the destination's Type is given (modelled in
// analyzer/sam/expansion.cpp after SAM's _add_event_invoke_managed_policy).
// S3 (on-failure only) destinations are not checked: see rules/common/permission_targets.h.

#include "rules/common/permission_targets.h"

namespace lint::rules::permissions {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const EventInvokeConfig& config : model.event_invoke_configs) {
    if (config.function == nullptr || config.function->execution_role == nullptr) {
      continue;
    }
    for (const auto& [destination, when] : {std::pair{config.on_success, "OnSuccess"}, std::pair{config.on_failure, "OnFailure"}}) {
      iam_rules::check_send_to_target(model, context, *config.function, *config.resource, destination,
                                      std::string_view(when) == "OnSuccess" ? "records of successful invocations"
                                                                            : "records of failed invocations",
                                      fmt::format("{}/{}", config.resource->id, when));
    }
  }
}

} // namespace

const Rule& missing_destination_permission()
{
  static const Rule rule{
    .meta = {.id = "LL304",
             .name = "missing-destination-permission",
             .family = "permissions",
             .level = Level::error,
             .summary = "An asynchronous invocation destination is one the function's execution role cannot send to",
             .explanation = R"md(## What it does
For every asynchronous invocation configuration (AWS::Lambda::EventInvokeConfig, SAM
EventInvokeConfig, Terraform `aws_lambda_function_event_invoke_config`), evaluates the function's
execution role for what Lambda needs to deliver the invocation record to each destination:
sqs:SendMessage on a queue, sns:Publish on a topic, lambda:InvokeFunction on a function,
events:PutEvents on an event bus. A missing action is reported at the destination. Destinations
whose ARN is unknown, that have their own policy in the template (queue/topic policy, Lambda
permission, event bus policy), and permissions that depend on a Condition are not reported. SAM
adds the permission to the role it generates when the destination's Type is given, so those never
fire. S3 destinations are not checked.

## Why is this bad?
Lambda delivers invocation records with the function's execution role. Without the permission
the configuration is rejected ("The destination ARN ... is invalid" / "does not have permissions"),
or records are dropped later with only a DestinationDeliveryFailures metric to show for it.

## Example
```yaml
Config:
  Type: AWS::Lambda::EventInvokeConfig
  Properties:
    FunctionName: !Ref Worker
    Qualifier: $LATEST
    DestinationConfig:
      OnFailure:
        Destination: !GetAtt Failed.Arn
```
Allow the send on that queue in the function's role:
```yaml
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: !GetAtt Failed.Arn
```

## Fix safety
The fix appends a statement allowing exactly the missing action on the destination to the role's
first inline policy (YAML block lists and JSON arrays). It widens permissions: unsafe, review it.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
             .precision = "high",
             .tags = "correctness,iam,async",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
