// LL701 no-reserved-concurrency: a function without ReservedConcurrentExecutions draws from the
// account's shared pool without bound: one runaway function can throttle every other function.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::concurrency {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    // Written (even as an Fn::If with an AWS::NoValue branch, a deliberate choice): nothing to say.
    if (function.reserved_concurrency != nullptr) {
      continue;
    }
    const Resource& resource = *function.resource;
    context.report(resource.at_id(),
                   fmt::format("Function '{}' has no {}: it can use all of the account's unreserved "
                               "concurrency and throttle other functions",
                               resource.id, function.names.reserved_concurrency),
                   resource.id + "/ReservedConcurrentExecutions");
  }
}

} // namespace

const Rule& no_reserved_concurrency()
{
  static const Rule rule{
    .meta = {.id = "LL701",
             .name = "no-reserved-concurrency",
             .family = "concurrency",
             .level = Level::note,
             .summary = "A function has no reserved concurrency",
             .explanation = R"md(## What it does
Reports a function that does not set `ReservedConcurrentExecutions`.

## Why is this bad?
Without a reservation a function shares the account's concurrency pool (1,000 by default) with
every other function in the Region. A traffic spike, a retry storm or a recursive loop in one
function can take the whole pool and throttle unrelated functions. A reservation both guarantees
and caps a function's concurrency.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.12
```
Reserve (and cap) what the function needs:
```yaml
    ReservedConcurrentExecutions: 50
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
             .precision = "high",
             .tags = "reliability,concurrency", .enabled_by_default = false, .group = "hardening"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::concurrency
