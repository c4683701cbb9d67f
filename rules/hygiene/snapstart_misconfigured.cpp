// LL809 snapstart-misconfigured: SnapStart on a function that cannot have it (Lambda rejects the
// configuration: error), or on a function of which no version is published (SnapStart only
// applies to published versions: warning).
//
// https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html ("Supported features and
// limitations": SnapStart supports Java 11 and later, Python 3.12 and later and .NET 8 and later
// managed runtimes; not OS-only runtimes nor container images; SnapStart works only with published
// versions and aliases that point to versions)

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <utility>

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

bool is_version_or_alias(const Resource& resource)
{
  return resource.kind() == ResourceKind::function_version || resource.kind() == ResourceKind::function_alias;
}

/// Whether the function may have published versions: a version or alias of it declared in the unit
/// (or one whose function cannot be resolved), a deploy that publishes one (SAM's AutoPublishAlias,
/// Terraform's `publish` unless written false; unknown in an AWS CLI export), provisioned
/// concurrency (only versions and aliases carry it).
bool may_have_published_versions(const Model& model, const Function& function)
{
  if (const Value* publishes = function.publishes_versions;
      is_set(publishes) && as_bool(publishes) != std::optional<bool>(false) && !is_text(publishes, "false")) {
    return true;
  }
  for (const auto& [id, owner] : model.function_aliases) {
    if (owner == &function && model.find_resource(id) != nullptr) {
      return true;
    }
  }
  for (const Resource& other : model.resources) {
    if (is_version_or_alias(other) && !model.function_aliases.contains(other.id)) {
      return true; // its FunctionName is a parameter, an import...: it may be this function's
    }
  }
  return std::any_of(model.provisioned_concurrency.begin(), model.provisioned_concurrency.end(),
                     [&](const ProvisionedConcurrency& provisioned) { return provisioned.function == &function || provisioned.function == nullptr; });
}

void report_without_versions(const Model& model, RuleContext& context, const Function& function, const Value* apply_on)
{
  const Resource& resource = *function.resource;
  const std::string_view remedy = model.template_syntax() ? "publish a version (SAM: AutoPublishAlias) and invoke it or an alias of it"
                                                           : "set publish = true and invoke the version or an alias of it";
  context.report(Level::warning, resource.location(apply_on),
                 fmt::format("Function '{}' turns SnapStart on, but the {} publishes no version of it: SnapStart only applies to "
                             "published versions, and the unqualified function runs without it ({})",
                             resource.id, model.document_noun(), remedy),
                 resource.id + "/SnapStart/no-version");
}

/// The invokers the unit declares for a function when every one of them names the unqualified
/// function: triggers and event source mappings. Empty when nothing declared invokes it (callers
/// outside the unit may use a version), when one names a version or alias or cannot be read, or
/// when a function URL, a state machine task or provisioned concurrency may use a version.
std::vector<Location> unqualified_invokers(const Model& model, const Function& function)
{
  std::vector<Location> invokers;
  for (const Trigger& trigger : model.triggers) {
    if (trigger.function != &function) {
      continue;
    }
    if (model.invocation_qualifier(trigger.target) != InvocationQualifier::unqualified) {
      return {};
    }
    invokers.push_back(trigger.wiring);
  }
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.function != &function) {
      continue;
    }
    if (model.invocation_qualifier(mapping.function_name) != InvocationQualifier::unqualified) {
      return {};
    }
    invokers.push_back(mapping.resource->location(mapping.function_name));
  }
  const auto concerns_function = [&](const auto& facet) { return facet.function == &function || facet.function == nullptr; };
  if (std::any_of(model.function_urls.begin(), model.function_urls.end(), concerns_function) ||
      std::any_of(model.state_machine_tasks.begin(), model.state_machine_tasks.end(), concerns_function) ||
      std::any_of(model.provisioned_concurrency.begin(), model.provisioned_concurrency.end(), concerns_function)) {
    return {};
  }
  return invokers;
}

void report_unqualified_invokers(const Model& model, RuleContext& context, const Function& function, const Value* apply_on,
                                 std::vector<Location> invokers)
{
  const Resource& resource = *function.resource;
  std::sort(invokers.begin(), invokers.end(), [](const Location& a, const Location& b) {
    const std::string_view a_path = a.file ? a.file->path() : std::string_view();
    const std::string_view b_path = b.file ? b.file->path() : std::string_view();
    return a_path != b_path ? a_path < b_path : a.range.begin < b.range.begin;
  });
  Finding& finding = context.report(
    Level::warning, resource.location(apply_on),
    fmt::format("Function '{}' turns SnapStart on, but everything in the {} that invokes it ({}) names the unqualified function, which "
                "runs without SnapStart: SnapStart only applies to published versions (invoke an alias or a version instead)",
                resource.id, model.document_noun(), invokers.size() == 1 ? "1 invoker" : fmt::format("{} invokers", invokers.size())),
    resource.id + "/SnapStart/unqualified");
  for (const Location& invoker : invokers) {
    finding.related.push_back({invoker, "invokes the unqualified function"});
  }
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
      bool unsupported = false;
      for (const Value* runtime : possible_values(function.runtime)) {
        const auto id = as_string(runtime);
        if (!id || id->empty() || supports_snap_start(*id)) {
          continue;
        }
        unsupported = true;
        Finding& finding = context.report(
          resource.location(apply_on),
          fmt::format("Function '{}' turns SnapStart on with {} {}, which SnapStart does not support (Java 11+, Python 3.12+ and .NET 8+ only)",
                      resource.id, function.names.runtime, *id),
          fmt::format("{}/SnapStart/{}", resource.id, *id));
        finding.related.push_back({resource.location(runtime), "the runtime"});
        add_parameter_note(finding, resource, runtime);
      }
      if (!unsupported && !may_have_published_versions(model, function)) {
        report_without_versions(model, context, function, apply_on);
      } else if (!unsupported) {
        if (std::vector<Location> invokers = unqualified_invokers(model, function); !invokers.empty()) {
          report_unqualified_invokers(model, context, function, apply_on, std::move(invokers));
        }
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
             .summary = "SnapStart is turned on for a runtime or package type that does not support it, or without a published version",
             .explanation = R"md(## What it does
Reports `SnapStart: {ApplyOn: PublishedVersions}` (Terraform: `snap_start { apply_on =
"PublishedVersions" }`) on a function whose runtime SnapStart does not support (only Java 11 and
later, Python 3.12 and later, and .NET 8 and later do) or that is a container image. Every branch of
an `Fn::If` is checked; a runtime that cannot be known is not.

At warning level, it also reports SnapStart on a function of which the template or configuration
publishes no version: no `AWS::Lambda::Version` or `AWS::Lambda::Alias` of the function, no SAM
`AutoPublishAlias`, no Terraform `publish = true` nor `aws_lambda_alias`, no provisioned
concurrency. A version or alias whose function cannot be resolved counts as one of its versions.
When versions are published but everything the template or configuration declares that invokes
the function (API integrations, EventBridge targets, S3 and SNS notifications, event source
mappings, ...) names the unqualified function (`!GetAtt Fn.Arn`, `aws_lambda_function.fn.arn`), it
reports that too, with each invoker as a related location. It stays silent when nothing declared
invokes the function (callers elsewhere may use a version), when one invoker names a version or
alias (`!Ref FnAlias`, `${Fn.Arn}:live`, `aws_lambda_alias.live.arn`, `qualified_arn`) or cannot be
read, when SAM events invoke it (SAM points them at the alias of `AutoPublishAlias`), and when the
function has a URL, a state machine task or provisioned concurrency.

## Why is this bad?
Lambda rejects an unsupported runtime and the deployment fails. SnapStart only applies to published
versions (and aliases that point to them): invocations of the unqualified function (`$LATEST`)
start without a snapshot, so a function that publishes no version never benefits from it.

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
