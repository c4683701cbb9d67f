// LL011 unused-suppression: a problem with a suppression itself. The suppression step (analyzer/suppressions.cpp)
// reports these findings after the other rules ran, so the rule has no check of its own.

#include "analyzer/rule.h"

namespace lint::rules::health {

const Rule& unused_suppression()
{
  static const Rule rule{
    .meta = {.id = "LL011",
             .name = "unused-suppression",
             .family = "health",
             .level = Level::warning,
             .summary = "A suppression matches no finding or names no rule",
             .explanation = R"md(## What it does
Reports a lambdalint suppression that silences nothing: the rule it names ran and found nothing
where the suppression applies, or the name is not a lambdalint rule (a typo, or another tool's id),
or the suppression is malformed (no rule id, a bad `until` date). Suppressions of rules that did
not run (disabled, or off by default) are not judged.

## Why is this bad?
A stale suppression hides the next real finding of that rule at that place without anyone
deciding to accept it. Removing it keeps the template's suppressions an honest list of accepted
risks.

## Example
```yaml
Resources:
  Worker:
    # lambdalint:ignore LL7O1 batch job (the letter O instead of a zero)
    Type: AWS::Lambda::Function
```
Name the rule correctly, or remove the comment once the finding is fixed:
```yaml
    # lambdalint:ignore LL701 batch job; throttling by the account limit is acceptable
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
