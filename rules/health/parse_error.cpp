// LL001 parse-error: the file is not valid YAML/JSON. Everything else depends on reading it.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

namespace lint::rules::health {

const Rule& parse_error()
{
  static const Rule rule{
    .meta = {.id = "LL001",
             .name = "parse-error",
             .family = "health",
             .level = Level::error,
             .summary = "The file cannot be parsed as YAML, JSON or HCL",
             .explanation = R"md(## What it does
Reports a file that lambdalint cannot parse, at the position where the parser stopped, with the
parser's reason. Hostile input (YAML alias bombs, nesting deeper than 512 levels) is reported here too.

## Why is this bad?
CloudFormation rejects the template, and no other rule can check a file that cannot be read.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Timeout: 30
```
Close the flow mapping:
```yaml
    Properties: {Timeout: 30}
```
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html",
             .precision = "very-high",
             .tags = "correctness"},
    .check = report_model_problems,
  };
  return rule;
}

} // namespace lint::rules::health
