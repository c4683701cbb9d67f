// LL002 duplicate-key: a mapping has the same key twice. YAML and JSON parsers keep the last (or
// the first) value silently; CloudFormation rejects the template. The parsers record the problem.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

namespace lint::rules::health {

const Rule& duplicate_key()
{
  static const Rule rule{
    .meta = {.id = "LL002",
             .name = "duplicate-key",
             .family = "health",
             .level = Level::error,
             .summary = "A mapping or object has the same key twice",
             .explanation = R"md(## What it does
Reports a key that appears a second time in the same YAML mapping or JSON object, at the second
occurrence, with the first one as a related location.

## Why is this bad?
CloudFormation rejects templates with duplicate keys. Tools that read the template silently keep
one of the two values (YAML parsers usually the last, some JSON readers the first), so what you
review is not what you meant, and every other rule sees only one of the values.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 30
      MemorySize: 512
      Timeout: 60
```
Keep one of the two:
```yaml
    Properties:
      Timeout: 60
      MemorySize: 512
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
