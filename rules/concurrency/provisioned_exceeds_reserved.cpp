// LL703 provisioned-exceeds-reserved: provisioned concurrency counts towards the function's
// reserved concurrency, so the provisioned concurrency of its versions and aliases together cannot
// exceed ReservedConcurrentExecutions (Lambda rejects the configuration).
// https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <set>

namespace lint::rules::concurrency {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& function_resource = *function.resource;
    if (!is_set(function.reserved_concurrency)) {
      continue;
    }
    std::vector<const ProvisionedConcurrency*> configs;
    std::set<std::string> conditions;
    add_conditions(function.reserved_concurrency, conditions);
    add_conditions(function_resource, conditions);
    for (const ProvisionedConcurrency& provisioned : model.provisioned_concurrency) {
      if (provisioned.function == &function) {
        configs.push_back(&provisioned);
        add_conditions(provisioned.amount, conditions);
        add_conditions(*provisioned.resource, conditions);
      }
    }
    if (configs.empty()) {
      continue;
    }
    const auto scenarios = scenarios_of(conditions);
    if (!scenarios) {
      continue;
    }
    for (const Scenario& scenario : *scenarios) {
      if (!exists_in(function_resource, scenario)) {
        continue;
      }
      const IntegerBranch reservation = integer_in(function.reserved_concurrency, scenario, std::nullopt);
      // Unreserved: no such limit. Reserved 0 is LL702's: the function cannot run at all.
      if (!reservation.value || *reservation.value <= 0) {
        continue;
      }
      const std::int64_t reserved = *reservation.value;
      std::int64_t total = 0;
      std::vector<std::pair<const Resource*, const Value*>> counted;
      bool reported = false;
      for (const ProvisionedConcurrency* provisioned : configs) {
        const Resource& resource = *provisioned->resource;
        if (!exists_in(resource, scenario)) {
          continue;
        }
        const IntegerBranch amount = integer_in(provisioned->amount, scenario, std::nullopt);
        if (!amount.value || amount.written == nullptr) {
          continue; // unknown: it only adds, the known ones may still exceed
        }
        total += *amount.value;
        if (total <= reserved) {
          counted.emplace_back(&resource, amount.written);
          continue;
        }
        const std::string message =
          counted.empty()
            ? fmt::format("'{}' provisions {} concurrent executions of function '{}', more than its {} of {}", resource.id,
                          *amount.value, function_resource.id, function.names.reserved_concurrency, reserved)
            : fmt::format("'{}' brings the provisioned concurrency of function '{}' to {}, more than its {} of {}", resource.id,
                          function_resource.id, total, function.names.reserved_concurrency, reserved);
        Finding& finding = context.report(resource.location(amount.written), message,
                                          fmt::format("{}/ProvisionedConcurrencyConfig/{}", resource.id, function_resource.id));
        add_parameter_note(finding, resource, amount.written);
        finding.related.push_back({function_resource.location(reservation.written),
                                   fmt::format("{} of '{}'", function.names.reserved_concurrency, function_resource.id)});
        add_parameter_note(finding, function_resource, reservation.written);
        for (const auto& [other, value] : counted) {
          finding.related.push_back({other->location(value), fmt::format("provisioned concurrency of '{}'", other->id)});
        }
        reported = true;
        break;
      }
      if (reported) {
        break; // once per function
      }
    }
  }
}

} // namespace

const Rule& provisioned_exceeds_reserved()
{
  static const Rule rule{
    .meta = {.id = "LL703",
             .name = "provisioned-exceeds-reserved",
             .family = "concurrency",
             .level = Level::error,
             .summary = "Provisioned concurrency on a function's versions and aliases exceeds its reserved concurrency",
             .explanation = R"md(## What it does
Adds up the `ProvisionedConcurrencyConfig` of every version and alias of a function and compares
the total with the function's `ReservedConcurrentExecutions`.

## Why is this bad?
Provisioned concurrency is taken from the function's reserved concurrency. Lambda rejects a
provisioned concurrency configuration that does not fit in the reservation, and the stack
deployment fails.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    ReservedConcurrentExecutions: 10
Live:
  Type: AWS::Lambda::Alias
  Properties:
    FunctionName: !Ref Worker
    FunctionVersion: !GetAtt WorkerVersion.Version
    Name: live
    ProvisionedConcurrencyConfig:
      ProvisionedConcurrentExecutions: 20
```
Provision at most what is reserved (or reserve more):
```yaml
      ProvisionedConcurrentExecutions: 10
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html",
             .precision = "high",
             .tags = "correctness,concurrency"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::concurrency
