// LL809 snapstart-misconfigured: SnapStart on a function that cannot have it. Lambda rejects the
// configuration.
//
// https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html ("Supported features and
// limitations": SnapStart supports Java 11 and later, Python 3.12 and later and .NET 8 and later
// managed runtimes; not OS-only runtimes nor container images)

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <charconv>

namespace lint::rules::hygiene {
namespace {

/// The version number after a prefix ("java21" → 21, "python3.12" → 12 with prefix "python3.").
std::optional<int> version_after(std::string_view id, std::string_view prefix)
{
  if (!id.starts_with(prefix)) {
    return std::nullopt;
  }
  const std::string_view rest = id.substr(prefix.size());
  int number = 0;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  if (error != std::errc() || end != rest.data() + rest.size()) {
    return std::nullopt; // java8.al2 and the like
  }
  return number;
}

bool supports_snap_start(std::string_view runtime)
{
  if (const auto java = version_after(runtime, "java")) {
    return *java >= 11;
  }
  if (const auto python = version_after(runtime, "python3.")) {
    return *python >= 12;
  }
  if (const auto dotnet = version_after(runtime, "dotnet")) {
    return *dotnet >= 8;
  }
  return false;
}

bool snap_start_on(const Value* apply_on)
{
  return is_text(apply_on, "PublishedVersions");
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    for (const Value* apply_on : possible_values(function.snap_start)) {
      if (!snap_start_on(apply_on)) {
        continue;
      }
      if (is_text(function.package_type, "Image")) {
        context.report(resource.location(apply_on),
                       fmt::format("Function '{}' turns SnapStart on for a container image, which SnapStart does not support", resource.id),
                       resource.id + "/SnapStart/image");
        break;
      }
      for (const Value* runtime : possible_values(function.runtime)) {
        const auto id = as_string(runtime);
        if (!id || id->empty() || supports_snap_start(*id)) {
          continue;
        }
        Finding& finding = context.report(
          resource.location(apply_on),
          fmt::format("Function '{}' turns SnapStart on with {} {}, which SnapStart does not support (Java 11+, Python 3.12+ and .NET 8+ only)",
                      resource.id, function.names.runtime, *id),
          fmt::format("{}/SnapStart/{}", resource.id, *id));
        finding.related.push_back({resource.location(runtime), "the runtime"});
        add_parameter_note(finding, resource, runtime);
      }
      break;
    }
  }
}

} // namespace

const Rule& snapstart_misconfigured()
{
  static const Rule rule{
    .meta = {.id = "LL809",
             .name = "snapstart-misconfigured",
             .family = "hygiene",
             .level = Level::error,
             .summary = "SnapStart is turned on for a runtime or package type that does not support it",
             .explanation = R"md(## What it does
Reports `SnapStart: {ApplyOn: PublishedVersions}` (Terraform: `snap_start { apply_on =
"PublishedVersions" }`) on a function whose runtime SnapStart does not support (only Java 11 and
later, Python 3.12 and later, and .NET 8 and later do) or that is a container image. Every branch of
an `Fn::If` is checked; a runtime that cannot be known is not.

## Why is this bad?
Lambda rejects the configuration and the deployment fails.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      SnapStart:
        ApplyOn: PublishedVersions
```
Use SnapStart with a runtime that supports it, or remove it:
```yaml
      Runtime: java21
      SnapStart:
        ApplyOn: PublishedVersions
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html",
             .precision = "very-high",
             .tags = "correctness,lambda"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::hygiene
