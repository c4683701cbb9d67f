// LL010 suppression-without-reason: a problem with a suppression itself. The suppression step (analyzer/suppressions.cpp)
// reports these findings after the other rules ran, so the rule has no check of its own.

#include "analyzer/rule.h"

namespace lint::rules::health {

const Rule& suppression_without_reason()
{
  static const Rule rule{
    .meta = {.id = "LL010",
             .name = "suppression-without-reason",
             .family = "health",
             .level = Level::warning,
             .summary = "A suppression gives no reason",
             .explanation = R"md(## What it does
Reports a lambdalint suppression (a `# lambdalint:ignore` comment or a `Metadata` `lambdalint`
ignore entry) that says which rules it silences but not why. The suppression still applies; this
finding asks for the reason.

## Why is this bad?
A suppression without a reason cannot be reviewed: nobody can tell later whether the accepted risk
still holds, and suppressions turn into a way to silence the linter. Every suppression states why
the finding is acceptable (docs/suppressions.md).

## Example
```yaml
Resources:
  Worker:
    # lambdalint:ignore LL701
    Type: AWS::Lambda::Function
```
Say why:
```yaml
  Worker:
    # lambdalint:ignore LL701 batch job; throttling by the account limit is acceptable
    Type: AWS::Lambda::Function
```
)md",
             .help_uri = "https://github.com/lambdalint/lambdalint/blob/main/docs/suppressions.md",
             .precision = "very-high",
             .tags = "maintainability"},
    .check = nullptr, // reported by apply_policies (analyzer/suppressions.h)
  };
  return rule;
}

} // namespace lint::rules::health
