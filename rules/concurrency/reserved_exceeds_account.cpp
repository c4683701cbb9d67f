// LL704 reserved-exceeds-account: the functions of a template reserve more concurrency than the
// account can give. "You can reserve up to the Unreserved account concurrency value minus 100 for
// functions that don't have reserved concurrency": Lambda rejects the reservation that crosses it.
// The account limit is 1,000 by default (--account-concurrency-limit).
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <set>

namespace lint::rules::concurrency {
namespace {

constexpr std::int64_t k_unreserved_minimum = 100;

struct Reservation {
  const Function* function = nullptr;
  std::int64_t amount = 0;
  const Value* written = nullptr;
};

struct Outcome {
  std::vector<Reservation> reservations; // known reservations, template order
  std::size_t crossing = 0;              // index of the one that crosses the limit
  std::int64_t total = 0;                // the sum of all known reservations
  std::int64_t at_crossing = 0;          // the sum up to the crossing one
};

/// The known reservations of a deployment (a scenario, or the largest branch of each function when
/// there are too many conditions to enumerate) and where they cross `available`.
std::optional<Outcome> evaluate(const Model& model, const Scenario* scenario, std::int64_t available)
{
  Outcome outcome;
  std::optional<std::size_t> crossing;
  for (const Function& function : model.functions) {
    IntegerBranch branch;
    if (scenario != nullptr) {
      if (!exists_in(*function.resource, *scenario)) {
        continue;
      }
      branch = integer_in(function.reserved_concurrency, *scenario, std::nullopt);
    } else {
      const auto largest = largest_branch(integer_branches(function.reserved_concurrency, std::nullopt));
      if (!largest) {
        continue;
      }
      branch = *largest;
    }
    // Unknown reservations only add: the known ones alone may already exceed.
    if (!branch.value || branch.written == nullptr || *branch.value <= 0) {
      continue;
    }
    outcome.total += *branch.value;
    outcome.reservations.push_back({&function, *branch.value, branch.written});
    if (!crossing && outcome.total > available) {
      crossing = outcome.reservations.size() - 1;
      outcome.at_crossing = outcome.total;
    }
  }
  if (!crossing) {
    return std::nullopt;
  }
  outcome.crossing = *crossing;
  return outcome;
}

void check(const Model& model, RuleContext& context)
{
  const std::int64_t limit = context.options().account_concurrency_limit;
  const std::int64_t available = limit - k_unreserved_minimum;
  std::set<std::string> conditions;
  for (const Function& function : model.functions) {
    add_conditions(function.reserved_concurrency, conditions);
    add_conditions(*function.resource, conditions);
  }
  std::optional<Outcome> worst;
  if (const auto scenarios = scenarios_of(conditions)) {
    for (const Scenario& scenario : *scenarios) {
      std::optional<Outcome> outcome = evaluate(model, &scenario, available);
      if (outcome && (!worst || outcome->total > worst->total)) {
        worst = std::move(outcome);
      }
    }
  } else {
    worst = evaluate(model, nullptr, available);
  }
  if (!worst) {
    return;
  }
  const Reservation& crossing = worst->reservations[worst->crossing];
  const Resource& resource = *crossing.function->resource;
  Finding& finding = context.report(
    resource.location(crossing.written),
    fmt::format("Function '{}' brings the reserved concurrency of this {} to {}, more than the {} an account limit of {} "
                "leaves after the {} that must stay unreserved",
                resource.id, model.document_noun(), worst->at_crossing, available, limit, k_unreserved_minimum),
    resource.id + "/ReservedConcurrentExecutions");
  add_parameter_note(finding, resource, crossing.written);
  for (std::size_t index = 0; index < worst->reservations.size(); ++index) {
    if (index == worst->crossing) {
      continue;
    }
    const Reservation& other = worst->reservations[index];
    finding.related.push_back({other.function->resource->location(other.written),
                               fmt::format("'{}' reserves {}", other.function->resource->id, other.amount)});
  }
}

} // namespace

const Rule& reserved_exceeds_account()
{
  static const Rule rule{
    .meta = {.id = "LL704",
             .name = "reserved-exceeds-account",
             .family = "concurrency",
             .level = Level::error,
             .summary = "The functions of the template reserve more concurrency than the account can give",
             .explanation = R"md(## What it does
Adds up `ReservedConcurrentExecutions` of every function in the template and compares the total with
the account's concurrency limit (1,000 unless `--account-concurrency-limit` says otherwise) minus the
100 that Lambda keeps unreserved for functions without a reservation. It reports the function whose
reservation crosses the limit, in template order. With `Fn::If`, every combination of conditions is
a possible deployment; reservations that cannot be known are left out of the sum.

## Why is this bad?
Lambda rejects a reservation that would leave fewer than 100 unreserved concurrent executions in the
account, so the deployment fails. Reservations made by other stacks in the same account and Region
make the real margin smaller still.

## Example
```yaml
Ingest:
  Type: AWS::Lambda::Function
  Properties:
    ReservedConcurrentExecutions: 600
Report:
  Type: AWS::Lambda::Function
  Properties:
    ReservedConcurrentExecutions: 400
```
Reserve less in total (or raise the account limit and pass it with `--account-concurrency-limit`):
```yaml
    ReservedConcurrentExecutions: 200
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
             .precision = "high",
             .tags = "correctness,concurrency"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::concurrency
