// LL003 unresolved-reference: Ref, Fn::GetAtt, Fn::Sub `${X}`, DependsOn or a condition name that
// names nothing the template declares. The CloudFormation evaluator records these while building
// the model (analyzer/cfn/evaluator.cpp), with a "did you mean" hint for likely typos.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

namespace lint::rules::health {

const Rule& unresolved_reference()
{
  static const Rule rule{
    .meta = {.id = "LL003",
             .name = "unresolved-reference",
             .family = "health",
             .level = Level::error,
             .summary = "A reference names no parameter, resource or condition declared in the template",
             .explanation = R"md(## What it does
Reports `Ref`, `Fn::GetAtt`, `Fn::Sub` variables (`${Name}`, `${Resource.Attribute}`), `DependsOn`
entries and condition names (`Condition:`, `Fn::If`) that name nothing the template declares.
Pseudo parameters (`AWS::Region`, `AWS::NoValue`, ...), `${!Literal}` escapes, names defined by an
`Fn::Sub` variable map and the resources SAM generates (`<Function>Role`, `ServerlessRestApi`, ...)
are declared names. When a declared name is close to the one written, the message suggests it.

## Why is this bad?
CloudFormation rejects the template ("Unresolved resource dependencies ... in the Resources block
of the template"), and every rule that follows the reference (permissions, triggers, timeouts)
cannot see what it was meant to point at.

## Example
```yaml
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Queu.Arn
      FunctionName: !Ref Worker
```
Name the declared resource:
```yaml
      EventSourceArn: !GetAtt Queue.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html",
             .precision = "very-high",
             .tags = "correctness"},
    .check = report_model_problems,
  };
  return rule;
}

} // namespace lint::rules::health
