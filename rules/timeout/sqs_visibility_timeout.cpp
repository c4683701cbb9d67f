// LL402 sqs-visibility-timeout: the visibility timeout of an SQS queue that feeds a function.
//
// AWS: "Your function's timeout must be less than or equal to the queue's visibility timeout.
// Lambda validates this requirement when you create or update an event source mapping and will
// return an error" (error), and "set the source queue's visibility timeout to at least six times
// the timeout that you configure on your function" plus MaximumBatchingWindowInSeconds (warning).
// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
// Queue default VisibilityTimeout: 30 s.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/integer_branches.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace lint::rules::timeout {
namespace {

constexpr std::int64_t k_recommended_factor = 6;

void check(const Model& model, RuleContext& context)
{
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.queue == nullptr || mapping.function == nullptr) {
      continue;
    }
    const Queue& queue = *mapping.queue;
    const Function& function = *mapping.function;
    const Resource& queue_resource = *queue.resource;
    const Resource& function_resource = *function.resource;
    std::set<std::string> conditions;
    add_conditions(queue.visibility_timeout, conditions);
    add_conditions(function.timeout, conditions);
    add_conditions(mapping.maximum_batching_window, conditions);
    add_conditions(queue_resource, conditions);
    add_conditions(function_resource, conditions);
    add_conditions(*mapping.resource, conditions);
    const auto scenarios = scenarios_of(conditions);
    if (!scenarios) {
      continue;
    }
    // The worst case per queue branch: an error beats a warning.
    struct Worst {
      Level level = Level::note;
      IntegerBranch visibility;
      IntegerBranch timeout;
      std::int64_t window = 0;
      std::string label;
    };
    std::vector<Worst> worst; // in order of first appearance of the queue branch
    for (const Scenario& scenario : *scenarios) {
      if (!exists_in(queue_resource, scenario) || !exists_in(function_resource, scenario) || !exists_in(*mapping.resource, scenario)) {
        continue;
      }
      const IntegerBranch visibility = integer_in(queue.visibility_timeout, scenario, Queue::k_default_visibility_timeout);
      const IntegerBranch timeout = integer_in(function.timeout, scenario, Function::k_default_timeout);
      const IntegerBranch window = integer_in(mapping.maximum_batching_window, scenario, 0);
      if (!visibility.value || !timeout.value) {
        continue;
      }
      Level level = Level::note;
      if (*visibility.value < *timeout.value) {
        level = Level::error;
      } else if (window.value && *visibility.value < k_recommended_factor * *timeout.value + *window.value) {
        level = Level::warning;
      } else {
        continue;
      }
      auto found = std::find_if(worst.begin(), worst.end(), [&](const Worst& w) { return w.visibility.written == visibility.written; });
      if (found == worst.end()) {
        worst.push_back({level, visibility, timeout, window.value.value_or(0), branch_label(queue.visibility_timeout, scenario)});
      } else if (level > found->level ||
                 (level == found->level && k_recommended_factor * *timeout.value + window.value.value_or(0) >
                                             k_recommended_factor * *found->timeout.value + found->window)) {
        *found = {level, visibility, timeout, window.value.value_or(0), found->label};
      }
    }
    for (const Worst& w : worst) {
      const std::int64_t seconds = *w.visibility.value;
      const std::int64_t timeout = *w.timeout.value;
      const Location where = w.visibility.written ? queue_resource.location(w.visibility.written) : queue_resource.at_id();
      const std::string_view visibility_name = queue.names.visibility_timeout;
      const std::string_view timeout_name = function.names.timeout;
      const std::string shown = w.visibility.written ? fmt::format("{} {} s", visibility_name, seconds)
                                                     : fmt::format("the default {} of {} s", visibility_name, seconds);
      const std::string fingerprint =
        fmt::format("{}/VisibilityTimeout/{}{}", queue_resource.id, mapping.resource->id, w.label.empty() ? "" : "/" + w.label);
      Finding& finding =
        w.level == Level::error
          ? context.report(Level::error, where,
                           fmt::format("Queue '{}' has {}, shorter than the {} s {} of function '{}' it feeds through '{}': "
                                       "Lambda rejects the event source mapping",
                                       queue_resource.id, shown, timeout, timeout_name, function_resource.id, mapping.resource->id),
                           fingerprint)
          : context.report(Level::warning, where,
                           fmt::format("Queue '{}' has {}, less than the {} s AWS recommends for function '{}' (6 x its {} s "
                                       "{}{}): a throttled batch becomes visible again and is processed twice",
                                       queue_resource.id, shown, k_recommended_factor * timeout + w.window, function_resource.id,
                                       timeout, timeout_name, w.window > 0 ? fmt::format(" + {} s batching window", w.window) : std::string()),
                           fingerprint);
      add_parameter_note(finding, queue_resource, w.visibility.written);
      finding.related.push_back({mapping.function_name ? mapping.resource->location(mapping.function_name) : mapping.resource->at_id(),
                                 fmt::format("event source mapping '{}'", mapping.resource->id)});
      finding.related.push_back({w.timeout.written ? function_resource.location(w.timeout.written) : function_resource.at_id(),
                                 w.timeout.written ? fmt::format("{} of '{}'", timeout_name, function_resource.id)
                                                   : fmt::format("'{}' uses the default {} of 3 s", function_resource.id, timeout_name)});
      add_parameter_note(finding, function_resource, w.timeout.written);
    }
  }
}

} // namespace

const Rule& sqs_visibility_timeout()
{
  static const Rule rule{
    .meta = {.id = "LL402",
             .name = "sqs-visibility-timeout",
             .family = "timeout",
             .level = Level::error,
             .summary = "An SQS queue's visibility timeout is too short for the function that consumes it",
             .explanation = R"md(## What it does
Compares the VisibilityTimeout of an SQS queue (30 s when not written) with the Timeout of the
function an event source mapping feeds from it. It is an error when the visibility timeout is
shorter than the function timeout, and a warning when it is shorter than six times the function
timeout plus the mapping's MaximumBatchingWindowInSeconds, which is what AWS recommends.

## Why is this bad?
Lambda refuses to create an event source mapping whose function timeout exceeds the queue's
visibility timeout, so the deployment fails. Below the recommended six times, a message whose
batch is throttled and retried becomes visible again while it is still being processed and is
delivered twice.

## Example
```yaml
Jobs:
  Type: AWS::SQS::Queue
  Properties:
    VisibilityTimeout: 60
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Timeout: 120
```
Cover six times the function timeout:
```yaml
    VisibilityTimeout: 720
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
             .precision = "very-high",
             .tags = "reliability,timeout,sqs"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::timeout
