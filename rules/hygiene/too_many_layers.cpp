// LL805 too-many-layers: "You can add up to five layers to a Lambda function"; Lambda rejects a
// sixth. https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::hygiene {
namespace {

constexpr std::size_t k_max_layers = 5;

/// Entries that are present in every deployment (an Fn::If that may be AWS::NoValue is not).
std::size_t definite_count(const Value* list)
{
  std::size_t count = 0;
  for (const Value* item : list->items) {
    if (item == nullptr || item->kind == ValueKind::absent) {
      continue;
    }
    if (item->kind == ValueKind::choice) {
      bool always = true;
      for (const Value* branch : item->items) {
        always = always && branch != nullptr && branch->kind != ValueKind::absent;
      }
      if (!always) {
        continue;
      }
    }
    ++count;
  }
  return count;
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    for (const Value* layers : possible_values(function.layers)) {
      if (layers->kind != ValueKind::list) {
        continue;
      }
      const std::size_t count = definite_count(layers);
      if (count <= k_max_layers) {
        continue;
      }
      context.report(resource.location(layers),
                     fmt::format("Function '{}' has {} layers, more than the {} Lambda allows", resource.id, count, k_max_layers),
                     resource.id + "/Layers");
    }
  }
}

} // namespace

const Rule& too_many_layers()
{
  static const Rule rule{
    .meta = {.id = "LL805",
             .name = "too-many-layers",
             .family = "hygiene",
             .level = Level::error,
             .summary = "A function has more than five layers",
             .explanation = R"md(## What it does
Reports a function whose `Layers` list has more than five entries (entries that an `Fn::If` may
drop are not counted).

## Why is this bad?
Lambda accepts at most five layers per function (a fixed quota) and rejects the deployment.

## Example
```yaml
    Layers:
      - !Ref CommonLayer
      - !Ref PandasLayer
      - !Ref NumpyLayer
      - !Ref OtelLayer
      - !Ref InsightsLayer
      - !Ref PowertoolsLayer
```
Merge layers (or move dependencies into the deployment package or a container image) to stay
within five.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html",
             .precision = "very-high",
             .tags = "correctness"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
