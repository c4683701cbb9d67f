// LL012 expired-suppression: a problem with a suppression itself. The suppression step (analyzer/suppressions.cpp)
// reports these findings after the other rules ran, so the rule has no check of its own.

#include "analyzer/rule.h"

namespace lint::rules::health {

const Rule& expired_suppression()
{
  static const Rule rule{
    .meta = {.id = "LL012",
             .name = "expired-suppression",
             .family = "health",
             .level = Level::warning,
             .summary = "A suppression's until date has passed",
             .explanation = R"md(## What it does
Reports a lambdalint suppression whose `until=YYYY-MM-DD` (comment) or `until:` (Metadata) date is
before today (or `--as-of`). The suppression no longer applies, so the findings it silenced are
reported again, and this finding points at the suppression to update or remove.

## Why is this bad?
A dated suppression records a temporary exception ("until the migration in March"). Once the date
passes, the exception needs a decision: fix the finding, or extend the date with a new reason.

## Example
```yaml
Resources:
  Worker:
    # lambdalint:ignore LL801 until=2025-01-31 migrating to python3.12 this sprint
    Type: AWS::Lambda::Function
```
Fix the finding and remove the comment, or set a new date with a reason:
```yaml
    # lambdalint:ignore LL801 until=2026-09-30 blocked on the vendor SDK (TICKET-123)
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
