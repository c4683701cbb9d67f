// LL801 deprecated-runtime: the function's managed runtime is past its deprecation date (warning)
// or past the date AWS blocks updates to functions that use it (error). Dates come from the AWS
// Lambda runtimes table (rules/common/runtimes.cpp) and are compared with --as-of (default today).
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/runtimes.h"

#include <fmt/format.h>

namespace lint::rules::hygiene {
namespace {

std::string format_day(std::chrono::sys_days day)
{
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

bool is_image(const Function& function)
{
  const auto package_type = as_string(function.package_type);
  return package_type && *package_type == "Image";
}

void check(const Model& model, RuleContext& context)
{
  const std::chrono::sys_days today = context.options().as_of;
  if (today == std::chrono::sys_days{}) {
    return;
  }
  for (const Function& function : model.functions) {
    // Container images bring their own runtime: Runtime does not apply.
    if (is_image(function)) {
      continue;
    }
    const Resource& resource = *function.resource;
    for (const Value* value : possible_values(function.runtime)) {
      const auto id = as_string(value);
      const RuntimeInfo* runtime = id ? find_runtime(*id) : nullptr;
      if (runtime == nullptr || !is_dated(runtime->deprecated) || today < runtime->deprecated) {
        continue;
      }
      const bool blocked = is_dated(runtime->block_update) && today >= runtime->block_update;
      std::string message = fmt::format("Function '{}' uses runtime {} ({}), deprecated by AWS Lambda on {}", resource.id, runtime->id,
                                        runtime->name, format_day(runtime->deprecated));
      if (blocked) {
        message += fmt::format(": since {} AWS rejects updates to functions that use it", format_day(runtime->block_update));
      } else if (is_dated(runtime->block_update)) {
        message += fmt::format(" (no security patches; updates are blocked from {})", format_day(runtime->block_update));
      } else {
        message += " (no security patches)";
      }
      if (!runtime->successor.empty()) {
        message += fmt::format("; upgrade to {}", runtime->successor);
      }
      Finding& finding = context.report(blocked ? Level::error : Level::warning, resource.location(value), std::move(message),
                                        resource.id + "/Runtime");
      add_parameter_note(finding, resource, value);
    }
  }
}

} // namespace

const Rule& deprecated_runtime()
{
  static const Rule rule{
    .meta = {.id = "LL801",
             .name = "deprecated-runtime",
             .family = "hygiene",
             .level = Level::warning,
             .summary = "The function uses a Lambda runtime that AWS has deprecated or no longer lets you update",
             .explanation = R"md(## What it does
Compares the function's `Runtime` with the AWS Lambda runtime table. It warns once the runtime's
deprecation date has passed, and reports an error once AWS blocks updates to functions that use it.
The date compared with is today, or the date given with `--as-of`. Functions packaged as container
images (`PackageType: Image`) have no managed runtime and are not checked. The message names the
recommended successor runtime.

## Why is this bad?
A deprecated runtime no longer receives security patches, and functions that use it are no longer
eligible for technical support. Once AWS blocks function updates, every deployment that touches
the function (code, configuration, even an environment variable) fails, usually when a fix is urgent.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.8
      Handler: app.handler
```
Upgrade the runtime (and test the code on it):
```yaml
      Runtime: python3.13
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
             .precision = "very-high",
             .tags = "maintainability,security,lambda"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
