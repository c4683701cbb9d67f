// LL702 reserved-concurrency-zero: ReservedConcurrentExecutions 0 throttles every invocation (it is
// how AWS "turns a function off").
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::concurrency {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    const std::vector<IntegerBranch> branches = integer_branches(function.reserved_concurrency, std::nullopt);
    const bool is_choice = branches.size() > 1;
    for (std::size_t index = 0; index < branches.size(); ++index) {
      const IntegerBranch& branch = branches[index];
      if (branch.written == nullptr || branch.value != 0) {
        continue;
      }
      Finding& finding = context.report(
        resource.location(branch.written),
        fmt::format("Function '{}' has {} 0{}: every invocation is throttled", resource.id, function.names.reserved_concurrency,
                    is_choice ? " in one branch" : ""),
        is_choice ? fmt::format("{}/ReservedConcurrentExecutions/{}", resource.id, index) : resource.id + "/ReservedConcurrentExecutions");
      add_parameter_note(finding, resource, branch.written);
    }
  }
}

} // namespace

const Rule& reserved_concurrency_zero()
{
  static const Rule rule{
    .meta = {.id = "LL702",
             .name = "reserved-concurrency-zero",
             .family = "concurrency",
             .level = Level::warning,
             .summary = "ReservedConcurrentExecutions is 0: every invocation of the function is throttled",
             .explanation = R"md(## What it does
Reports a function whose `ReservedConcurrentExecutions` is 0 (in any `Fn::If` branch too).

## Why is this bad?
A reservation of 0 lets no instance of the function run: every invocation fails with a throttling
error, events from asynchronous sources and queues are retried and eventually dropped. It is the
emergency brake AWS documents to stop a function, rarely what a template should deploy.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    ReservedConcurrentExecutions: 0
```
Reserve what the function needs, or remove the property:
```yaml
    ReservedConcurrentExecutions: 10
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
             .precision = "very-high",
             .tags = "reliability,concurrency"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::concurrency
