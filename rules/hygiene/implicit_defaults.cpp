// LL807 implicit-defaults: a function that does not write Timeout or MemorySize gets the service
// defaults, 3 seconds and 128 MB, which are rarely what the author meant.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::hygiene {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    if (function.timeout == nullptr) {
      context.report(resource.at_id(),
                     fmt::format("Function '{}' does not set {}, so it runs with the default of {} s", resource.id, function.names.timeout,
                                 Function::k_default_timeout),
                     resource.id + "/Timeout");
    }
    if (function.memory_size == nullptr) {
      context.report(resource.at_id(),
                     fmt::format("Function '{}' does not set {}, so it runs with the default of {} MB", resource.id, function.names.memory_size,
                                 Function::k_default_memory),
                     resource.id + "/MemorySize");
    }
  }
}

} // namespace

const Rule& implicit_defaults()
{
  static const Rule rule{
    .meta = {.id = "LL807",
             .name = "implicit-defaults",
             .family = "hygiene",
             .level = Level::note,
             .summary = "Timeout or MemorySize is left at the service default",
             .explanation = R"md(## What it does
Reports a function that does not write `Timeout` (default 3 seconds) or `MemorySize` (default
128 MB), one finding per missing property. Off by default; enable it with `--enable LL807`.

## Why is this bad?
The defaults suit almost no real workload: 3 seconds is shorter than many SDK retries and cold
starts, and 128 MB also gives the function the smallest CPU share. Writing both values makes the
choice deliberate and visible in review.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
```
State what the function needs:
```yaml
    Timeout: 30
    MemorySize: 512
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
             .precision = "very-high",
             .tags = "maintainability",
             .enabled_by_default = false, .group = "hardening"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
