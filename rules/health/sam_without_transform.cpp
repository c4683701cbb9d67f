// LL007 sam-without-transform: AWS::Serverless::* resources or a Globals section in a template that
// does not declare `Transform: AWS::Serverless-2016-10-31`. CloudFormation only knows the SAM types
// through that transform ("Template format error: Unrecognized resource types"), see
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy.html
// The CloudFormation frontend records the problem (analyzer/cfn/sam_without_transform.cpp) and
// still models the resources as SAM, so the template's other findings are reported as well.

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/template_edits.h"

#include <fmt/format.h>

#include <optional>
#include <string_view>

namespace lint::rules::health {
namespace {

constexpr std::string_view k_transform = "AWS::Serverless-2016-10-31";

/// The line that starts the top-level key `key` in block-style YAML, or npos.
std::size_t top_level_yaml_line(std::string_view text, std::string_view key)
{
  for (std::size_t line = 0; line < text.size();) {
    std::size_t eol = text.find('\n', line);
    eol = eol == std::string_view::npos ? text.size() : eol;
    std::string_view content = text.substr(line, eol - line);
    if (content.starts_with(key)) {
      content.remove_prefix(key.size());
      const std::size_t colon = content.find_first_not_of(" \t");
      if (colon != std::string_view::npos && content[colon] == ':') {
        return line;
      }
    }
    line = eol + 1;
  }
  return std::string_view::npos;
}

/// Declares the transform: in YAML a line before the top-level Resources (or Globals) key, in JSON a
/// member right after the opening brace. Nothing when the template already has a Transform (it
/// names other transforms: adding SAM's is a change to a list the user should make) or its layout
/// is not one we can edit.
std::optional<Fix> transform_fix(const SourceFile& file)
{
  const std::string_view text = file.text();
  const std::string title = fmt::format("Add 'Transform: {}'", k_transform);
  if (is_json_file(file)) {
    if (text.find("\"Transform\"") != std::string_view::npos) {
      return std::nullopt;
    }
    const std::size_t brace = text.find('{');
    const std::size_t next = text.find_first_not_of(" \t\r\n", brace + 1);
    if (next == std::string_view::npos || text[next] != '"') {
      return std::nullopt;
    }
    const std::size_t line_begin = text.rfind('\n', next);
    if (line_begin == std::string_view::npos || line_begin < brace) {
      // `{"Resources": ...` on the brace's line.
      return Fix{title, {TextEdit{{static_cast<std::uint32_t>(brace + 1), static_cast<std::uint32_t>(brace + 1)},
                                  fmt::format("\"Transform\": \"{}\", ", k_transform)}},
                 Applicability::safe};
    }
    const std::string indent(text.substr(line_begin + 1, next - line_begin - 1));
    const auto at = static_cast<std::uint32_t>(line_begin + 1);
    return Fix{title, {TextEdit{{at, at}, fmt::format("{}\"Transform\": \"{}\",\n", indent, k_transform)}}, Applicability::safe};
  }
  if (top_level_yaml_line(text, "Transform") != std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t line = top_level_yaml_line(text, "Globals");
  if (line == std::string_view::npos) {
    line = top_level_yaml_line(text, "Resources");
  }
  if (line == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view newline = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  const auto at = static_cast<std::uint32_t>(line);
  return Fix{title, {TextEdit{{at, at}, fmt::format("Transform: {}{}", k_transform, newline)}}, Applicability::safe};
}

void check(const Model& model, RuleContext& context)
{
  for (const ModelProblem& problem : model.problems) {
    if (problem.rule_id != context.rule().meta.id) {
      continue;
    }
    Finding& finding = context.report(problem.location, problem.message, problem.fingerprint);
    finding.related = problem.related;
    if (problem.location.file) {
      finding.fix = transform_fix(*problem.location.file);
    }
  }
}

} // namespace

const Rule& sam_without_transform()
{
  static const Rule rule{
    .meta = {.id = "LL007",
             .name = "sam-without-transform",
             .family = "health",
             .level = Level::error,
             .summary = "AWS SAM resources or Globals in a template without `Transform: AWS::Serverless-2016-10-31`",
             .explanation = R"md(## What it does
Reports a template that uses AWS SAM syntax, `AWS::Serverless::*` resources or a `Globals` section,
but does not declare the SAM transform `AWS::Serverless-2016-10-31`. The finding is at the first SAM
resource's `Type` (or at `Globals`). lambdalint still reads the resources as SAM, so the template's
other findings are reported as well. The fix inserts `Transform: AWS::Serverless-2016-10-31` before
the top-level `Globals` or `Resources` key (in JSON, as the first member); when the template already
has a `Transform` naming other transforms, add SAM's to that list yourself.

## Why is this bad?
CloudFormation only knows the `AWS::Serverless::*` types through the SAM transform: without it the
deployment fails with "Template format error: Unrecognized resource types", and `Globals` is not a
CloudFormation section at all.

## Example
```yaml
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
```
Declare the transform:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
```

## Fix safety
Safe: the inserted line declares what the template's SAM resources already require, changes no
other part of the template, and CloudFormation cannot deploy the template without it.
)md",
             .help_uri = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy.html",
             .precision = "very-high",
             .tags = "correctness,sam",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::health
