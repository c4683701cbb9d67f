// LL403 timeout-exceeds-state-machine-task: a Step Functions task gives up on a function before the
// function's own timeout. The task fails with States.Timeout (and may retry) while the invocation
// keeps running: work is done twice or its result is lost.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html (TimeoutSeconds)
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::timeout {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const StateMachineTask& task : model.state_machine_tasks) {
    if (task.function == nullptr || !task.timeout_seconds || task.state_machine == nullptr) {
      continue;
    }
    const Function& function = *task.function;
    const Resource& function_resource = *function.resource;
    // The longest possible function timeout (one finding per task).
    const std::optional<IntegerBranch> longest = largest_branch(integer_branches(function.timeout, Function::k_default_timeout));
    if (!longest || *task.timeout_seconds >= *longest->value) {
      continue;
    }
    Finding& finding = context.report(
      task.location,
      fmt::format("Task '{}' of state machine '{}' has TimeoutSeconds {}, shorter than the {} s {} of function '{}' it invokes",
                  task.state_name, task.state_machine->id, *task.timeout_seconds, *longest->value, function.names.timeout, function_resource.id),
      fmt::format("{}/{}/{}", task.state_machine->id, task.state_name, function_resource.id));
    finding.related.push_back({longest->written ? function_resource.location(longest->written) : function_resource.at_id(),
                               longest->written ? fmt::format("{} of '{}'", function.names.timeout, function_resource.id)
                                                : fmt::format("'{}' uses the default {} of 3 s", function_resource.id, function.names.timeout)});
    add_parameter_note(finding, function_resource, longest->written);
  }
}

} // namespace

const Rule& timeout_exceeds_state_machine_task()
{
  static const Rule rule{
    .meta = {.id = "LL403",
             .name = "timeout-exceeds-state-machine-task",
             .family = "timeout",
             .level = Level::warning,
             .summary = "A Step Functions task's TimeoutSeconds is shorter than the timeout of the function it invokes",
             .explanation = R"md(## What it does
Finds Step Functions Task states that invoke a function of the template (directly by ARN or through
the `arn:aws:states:::lambda:invoke` integration, in `Definition`, `DefinitionString` or an
`Fn::Sub` of it, inside Parallel and Map states too) and whose `TimeoutSeconds` is shorter than
the function's Timeout.

## Why is this bad?
The task fails with `States.Timeout` while the function is still running. The execution either fails
or retries the task, and the first invocation finishes anyway: the work is done twice, or its result
is lost.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Timeout: 300
Flow:
  Type: AWS::StepFunctions::StateMachine
  Properties:
    Definition:
      StartAt: Work
      States:
        Work:
          Type: Task
          Resource: !GetAtt Worker.Arn
          TimeoutSeconds: 60
          End: true
```
Let the task wait at least as long as the function may run:
```yaml
          TimeoutSeconds: 300
```
)md",
             .help_uri = "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html",
             .precision = "high",
             .tags = "reliability,timeout,stepfunctions"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::timeout
