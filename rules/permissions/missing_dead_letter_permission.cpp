// LL303 missing-dead-letter-permission: a function's dead-letter queue (DeadLetterConfig.TargetArn,
// SAM DeadLetterQueue, Terraform dead_letter_config) is an SQS queue or SNS topic its execution role
// cannot send to. "Your function's execution role must have permission to write to the queue or
// topic" (sqs:SendMessage / sns:Publish):
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq
// SAM adds exactly these to the role it generates
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deadletterqueue.html).

#include "rules/common/permission_targets.h"

namespace lint::rules::permissions {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    if (function.execution_role == nullptr || !is_set(function.dead_letter_target)) {
      continue;
    }
    iam_rules::check_send_to_target(model, context, function, *function.resource, function.dead_letter_target, "discarded events",
                                    fmt::format("{}/DeadLetterConfig", function.resource->id));
  }
}

} // namespace

const Rule& missing_dead_letter_permission()
{
  static const Rule rule{
    .meta = {.id = "LL303",
             .name = "missing-dead-letter-permission",
             .family = "permissions",
             .level = Level::error,
             .summary = "A function's dead-letter queue or topic is one its execution role cannot send to",
             .explanation = R"md(## What it does
For a function with a dead-letter queue (DeadLetterConfig TargetArn, SAM DeadLetterQueue,
Terraform `dead_letter_config`) that is an SQS queue or SNS topic, evaluates the execution role's
effective policy for sqs:SendMessage or sns:Publish on it and reports the action when it is
certainly not allowed. Targets whose ARN is unknown (parameters, imports), targets that have a
queue or topic policy in the template, and permissions that depend on a Condition are not reported.
SAM functions without a Role get the permission from SAM and never fire.

## Why is this bad?
Lambda sends events that failed every retry to the dead-letter queue with the function's execution
role. CloudFormation rejects the function ("The provided execution role does not have permissions
to call SendMessage on SQS"), or, when the role changes later, failed events are silently lost.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt Role.Arn
    DeadLetterConfig:
      TargetArn: !GetAtt Failed.Arn
Role:
  Type: AWS::IAM::Role
  Properties:
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
```
Allow the send on that queue:
```yaml
    Policies:
      - PolicyName: dead-letters
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: !GetAtt Failed.Arn
```

## Fix safety
The fix appends a statement allowing exactly the missing action on the target to the role's first
inline policy (YAML block lists and JSON arrays). It widens permissions: unsafe, review it.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq",
             .precision = "high",
             .tags = "correctness,iam,async",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
