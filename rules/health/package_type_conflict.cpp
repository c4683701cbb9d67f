// LL008 package-type-conflict: the settings a function needs, or must not have, for its package
// type. AWS rejects the create.
//
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html: Handler and Runtime are
// "required if the deployment package is a .zip file archive"; PackageType defaults to Zip.
// https://docs.aws.amazon.com/lambda/latest/dg/images-create.html: a container image holds its own
// runtime and entry point, and "Lambda layers are not supported for container images" (the
// function's Layers must stay empty; CreateFunction rejects Handler, Runtime and Layers with Image).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html:
// "For Node.js and Python functions, you can specify the function code inline in the template"
// (ZipFile; SAM's InlineCode becomes it).

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/runtimes.h"

#include <fmt/format.h>

namespace lint::rules::health {
namespace {

enum class Package : std::uint8_t { unknown, zip, image };

/// The package type in every deployment: Zip when unwritten, else the one value all branches agree on.
Package package_of(const Function& function)
{
  if (!is_set(function.package_type)) {
    return Package::zip;
  }
  Package found = Package::unknown;
  for (const Value* possible : possible_values(function.package_type)) {
    const auto text = as_string(possible);
    const Package package = !text ? Package::unknown : *text == "Image" ? Package::image : *text == "Zip" ? Package::zip : Package::unknown;
    if (package == Package::unknown || (found != Package::unknown && found != package)) {
      return Package::unknown;
    }
    found = package;
  }
  return found;
}

void report_missing(RuleContext& context, const Function& function, const Value* setting, std::string_view name)
{
  if (is_set(setting)) {
    return;
  }
  const Resource& resource = *function.resource;
  context.report(resource.at_id(),
                 fmt::format("Function '{}' is deployed as a .zip archive but sets no {}, which Lambda requires for .zip packages", resource.id, name),
                 fmt::format("{}/missing/{}", resource.id, name));
}

void report_present(RuleContext& context, const Function& function, const Value* setting, std::string_view name)
{
  const Resource& resource = *function.resource;
  for (const Value* possible : possible_values(setting)) {
    if (possible->from_globals) {
      continue; // a Globals default is written for the template's .zip functions, not this one
    }
    if (possible->kind == ValueKind::list && possible->items.empty()) {
      continue; // an empty layer list is no layer
    }
    Finding& finding = context.report(
      resource.location(possible),
      fmt::format("Function '{}' is a container image but sets {}, which Lambda rejects for images (the image holds its runtime and entry point)",
                  resource.id, name),
      fmt::format("{}/image/{}", resource.id, name));
    add_parameter_note(finding, resource, possible);
    return; // one finding per setting
  }
}

/// Inline code (Code.ZipFile, SAM InlineCode) with a runtime of another language than Node.js and
/// Python. Runtimes from parameter defaults, and identifiers that are no runtime (LL005), are left.
void check_inline_code(RuleContext& context, const Function& function)
{
  if (function.code.kind != FunctionCode::Kind::inline_source) {
    return;
  }
  const Resource& resource = *function.resource;
  for (const Value* runtime : possible_values(function.runtime)) {
    if (runtime->kind != ValueKind::string || !runtime->via_parameter.empty()) {
      continue;
    }
    const std::string_view id = runtime->text;
    if (id.starts_with("nodejs") || id.starts_with("python") || (find_runtime(id) == nullptr && !is_possibly_newer_runtime(id))) {
      continue;
    }
    Finding& finding = context.report(
      resource.location(runtime),
      fmt::format("Function '{}' has its code inline with {} {}: CloudFormation supports inline code only for Node.js and Python runtimes",
                  resource.id, function.names.runtime, id),
      fmt::format("{}/inline/{}", resource.id, id));
    finding.related.push_back({resource.location(function.code.inline_source), "the inline code"});
    add_parameter_note(finding, resource, runtime);
    return;
  }
}

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    const FunctionNames& names = function.names;
    switch (package_of(function)) {
    case Package::zip:
      report_missing(context, function, function.handler, names.handler);
      report_missing(context, function, function.runtime, names.runtime);
      check_inline_code(context, function);
      break;
    case Package::image:
      report_present(context, function, function.handler, names.handler);
      report_present(context, function, function.runtime, names.runtime);
      report_present(context, function, function.layers, names.layers);
      break;
    case Package::unknown:
      break;
    }
  }
}

} // namespace

const Rule& package_type_conflict()
{
  static const Rule rule{
    .meta = {.id = "LL008",
             .name = "package-type-conflict",
             .family = "health",
             .level = Level::error,
             .summary = "A function lacks a setting its package type requires, has one it forbids, or has inline code its runtime cannot take",
             .explanation = R"md(## What it does
Checks a function's settings against its package type. A `.zip` function (`PackageType: Zip`, the
default) must set `Handler` and `Runtime`; a container image function (`PackageType: Image`,
`package_type = "Image"`) must set neither, nor `Layers`: the image holds its runtime and entry
point, and layers cannot be added to images. A package type that cannot be known (a parameter
without a default, branches that disagree) is not checked; SAM `Globals` values are not held
against image functions. Inline code (`Code.ZipFile`, SAM `InlineCode`) is only accepted with a
Node.js or Python runtime.

## Why is this bad?
Lambda rejects the function when it is created, and the stack or apply fails.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      PackageType: Image
      Code:
        ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
      Runtime: python3.12
      Handler: app.handler
      Role: !GetAtt Role.Arn
```
Leave the runtime and handler to the image (its `CMD`, or `ImageConfig.Command`):
```yaml
    Properties:
      PackageType: Image
      Code:
        ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
      Role: !GetAtt Role.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
             .precision = "very-high",
             .tags = "correctness,lambda"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::health
