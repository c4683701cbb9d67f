#include "lsp/hover.h"

#include "analyzer/frontends.h"

#include "data/cfn_spec.h"
#include "lsp/convert.h"
#include "parsers/node.h"
#include "rules/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace lint::lsp {
namespace {

std::string lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string_view> split_type(std::string_view type)
{
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = type.find("::", start);
    parts.push_back(type.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 2;
  }
}

/// CloudFormation's page-naming scheme (the Template Reference Guide, which replaced the User
/// Guide's resource pages), e.g. https://docs.aws.amazon.com/AWSCloudFormation/latest/
/// TemplateReference/aws-resource-lambda-function.html with anchors "#cfn-lambda-function-timeout",
/// and aws-properties-lambda-function-tag.html for property types.
constexpr std::string_view k_cfn_docs = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/";
constexpr std::string_view k_sam_docs = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/";

std::string property_doc_url(std::string_view type, std::string_view owner, std::string_view property)
{
  const auto parts = split_type(type);
  if (parts.size() != 3) {
    return {};
  }
  if (parts[1] == "Serverless") {
    return resource_doc_url(type);
  }
  const std::string stem = fmt::format("{}-{}", lower(parts[1]), lower(parts[2]));
  // owner is "AWS::Lambda::Function" for a top-level property, "AWS::Lambda::Function.VpcConfig"
  // for a property of a property type.
  const auto dot = owner.find('.');
  if (dot == std::string_view::npos) {
    return fmt::format("{}aws-resource-{}.html#cfn-{}-{}", k_cfn_docs, stem, stem, lower(property));
  }
  const std::string structure = lower(owner.substr(dot + 1));
  return fmt::format("{}aws-properties-{}-{}.html#cfn-{}-{}-{}", k_cfn_docs, stem, structure, stem, structure, lower(property));
}

std::string describe_type(const data::PropertySpec& property)
{
  std::string element;
  if (!property.primitive.empty()) {
    element = std::string(property.primitive);
  }
  if (property.type_definition >= 0) {
    const auto definitions = data::type_definitions();
    const std::string_view name = definitions[static_cast<std::size_t>(property.type_definition)].name;
    const auto dot = name.find('.');
    const std::string structure(dot == std::string_view::npos ? name : name.substr(dot + 1));
    element = element.empty() || element == "any" ? structure : fmt::format("{} or {}", element, structure);
  }
  if (element.empty()) {
    element = "any";
  }
  if (property.is_list) {
    return fmt::format("list of {}", element);
  }
  if (property.is_map) {
    return fmt::format("map of string to {}", element);
  }
  return element;
}

std::string property_markdown(std::string_view resource_type, std::string_view owner, const data::PropertySpec& property)
{
  std::string text = fmt::format("**{}** — property of `{}`\n\n", property.name, owner);
  if (!property.documentation.empty()) {
    text += fmt::format("{}\n\n", property.documentation);
  }
  text += fmt::format("*Type:* {} · *Required:* {}\n", describe_type(property), property.required ? "yes" : "no");
  const std::string url = property_doc_url(resource_type, owner, property.name);
  if (!url.empty()) {
    text += fmt::format("\n[AWS documentation]({})\n", url);
  }
  return text;
}

struct SpecHover {
  std::string markdown;
  SourceRange range;
};

/// Descends into a property value to find the key under `offset`, following the specification's
/// property types (mappings, and lists of mappings).
std::optional<SpecHover> hover_in_properties(const Node* properties, std::span<const data::PropertySpec> specs,
                                            std::string_view resource_type, std::string_view owner, std::uint32_t offset, int depth)
{
  if (properties == nullptr || depth > 32) {
    return std::nullopt;
  }
  if (properties->is_sequence()) {
    for (const Node* item : properties->items) {
      if (item->range.begin <= offset && offset <= item->range.end) {
        return hover_in_properties(item, specs, resource_type, owner, offset, depth + 1);
      }
    }
    return std::nullopt;
  }
  if (!properties->is_mapping()) {
    return std::nullopt;
  }
  for (const MappingEntry& entry : properties->entries) {
    const data::PropertySpec* spec = data::find_property(specs, entry.key);
    if (entry.key_range.begin <= offset && offset <= entry.key_range.end) {
      if (spec == nullptr) {
        return std::nullopt;
      }
      return SpecHover{property_markdown(resource_type, owner, *spec), entry.key_range};
    }
    if (spec != nullptr && spec->type_definition >= 0 && entry.value != nullptr && entry.value->range.begin <= offset &&
        offset <= entry.value->range.end) {
      const auto& definition = data::type_definitions()[static_cast<std::size_t>(spec->type_definition)];
      return hover_in_properties(entry.value, definition.properties, resource_type, definition.name, offset, depth + 1);
    }
  }
  return std::nullopt;
}

std::optional<SpecHover> spec_hover(const std::string& path, std::string_view text, std::uint32_t offset)
{
  // Resource type documentation exists for CloudFormation/SAM templates: asked of the front end
  // list (analyzer/frontends.h) like every other "what is this file" question.
  const Frontend* cloudformation = find_frontend("cloudformation");
  const FrontendInput input(std::make_shared<const SourceFile>(path, std::string(text)), false);
  if (cloudformation == nullptr || cloudformation->detect(input) != Claim::yes) {
    return std::nullopt;
  }
  const ParsedDocument& document = input.document();
  if (document.root == nullptr || !document.root->is_mapping()) {
    return std::nullopt;
  }
  const Node* resources = document.root->get("Resources");
  if (resources == nullptr || !resources->is_mapping()) {
    return std::nullopt;
  }
  for (const MappingEntry& resource : resources->entries) {
    const Node* body = resource.value;
    if (body == nullptr || !body->is_mapping() || offset < body->range.begin || offset > body->range.end) {
      continue;
    }
    const Node* type = body->get("Type");
    if (type == nullptr || !type->is_scalar()) {
      return std::nullopt;
    }
    const data::ResourceTypeSpec* spec = data::find_resource_type(type->scalar);
    if (spec == nullptr) {
      return std::nullopt;
    }
    if (type->range.begin <= offset && offset <= type->range.end) {
      std::string markdown = fmt::format("**{}**\n\n", spec->type);
      if (!spec->documentation.empty()) {
        markdown += fmt::format("{}\n\n", spec->documentation);
      }
      std::vector<std::string_view> required;
      for (const data::PropertySpec& property : spec->properties) {
        if (property.required) {
          required.push_back(property.name);
        }
      }
      if (!required.empty()) {
        markdown += fmt::format("*Required properties:* {}\n\n", fmt::join(required, ", "));
      }
      if (!spec->attributes.empty()) {
        markdown += fmt::format("*Fn::GetAtt attributes:* {}\n\n", fmt::join(spec->attributes, ", "));
      }
      markdown += fmt::format("[AWS documentation]({})\n", resource_doc_url(spec->type));
      return SpecHover{std::move(markdown), type->range};
    }
    return hover_in_properties(body->get("Properties"), spec->properties, spec->type, spec->type, offset, 0);
  }
  return std::nullopt;
}

/// "LL401" under the cursor in a "# lambdalint:ignore LL401 ..." comment.
std::optional<HoverText> suppression_hover(std::string_view text, std::uint32_t offset)
{
  std::size_t line_begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_begin = line_begin == std::string_view::npos || offset == 0 ? 0 : line_begin + 1;
  const std::size_t line_end = std::min(text.find('\n', offset), text.size());
  const std::string_view line = text.substr(line_begin, line_end - line_begin);
  const auto marker = line.find("lambdalint:ignore");
  if (marker == std::string_view::npos || line.substr(0, marker).find('#') == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t begin = offset - line_begin;
  std::size_t end = begin;
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; };
  while (begin > 0 && word_char(line[begin - 1])) {
    --begin;
  }
  while (end < line.size() && word_char(line[end])) {
    ++end;
  }
  if (begin <= marker || begin == end) {
    return std::nullopt;
  }
  const std::string_view word = line.substr(begin, end - begin);
  if (rules::find(word) == nullptr) {
    return std::nullopt;
  }
  return HoverText{rule_markdown(rules::find(word)->meta.id),
                   {static_cast<std::uint32_t>(line_begin + begin), static_cast<std::uint32_t>(line_begin + end)}};
}

} // namespace

std::string resource_doc_url(std::string_view type)
{
  const auto parts = split_type(type);
  if (parts.size() != 3) {
    return std::string(k_cfn_docs);
  }
  if (parts[1] == "Serverless") {
    // e.g. https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    return fmt::format("{}sam-resource-{}.html", k_sam_docs, lower(parts[2]));
  }
  return fmt::format("{}aws-resource-{}-{}.html", k_cfn_docs, lower(parts[1]), lower(parts[2]));
}

std::string rule_markdown(std::string_view rule_id)
{
  const Rule* rule = rules::find(rule_id);
  if (rule == nullptr) {
    return {};
  }
  const RuleMeta& meta = rule->meta;
  std::string text = fmt::format("**{}** `{}` ({})\n\n{}\n\n{}\n\n[Rule documentation]({})", meta.id, meta.name, to_string(meta.level),
                                 meta.summary, meta.explanation, rule_doc_url(meta.id));
  if (!meta.help_uri.empty()) {
    text += fmt::format(" · [AWS documentation]({})", meta.help_uri);
  }
  text += "\n";
  return text;
}

std::optional<HoverText> hover_at(const std::string& path, std::string_view text, std::uint32_t offset, std::span<const Finding> findings)
{
  if (auto comment = suppression_hover(text, offset)) {
    return comment;
  }
  std::string markdown;
  std::optional<SourceRange> range;
  std::vector<std::string_view> shown;
  for (const Finding& finding : findings) {
    const SourceRange at = finding.primary.range;
    if (offset < at.begin || offset > at.end || std::find(shown.begin(), shown.end(), finding.rule_id) != shown.end()) {
      continue;
    }
    shown.push_back(finding.rule_id);
    if (!markdown.empty()) {
      markdown += "\n---\n\n";
    }
    markdown += rule_markdown(finding.rule_id);
    range = range ? SourceRange{std::min(range->begin, at.begin), std::max(range->end, at.end)} : at;
  }
  if (auto spec = spec_hover(path, text, offset)) {
    if (!markdown.empty()) {
      markdown += "\n---\n\n";
    }
    markdown += spec->markdown;
    range = range ? *range : spec->range;
  }
  if (markdown.empty()) {
    return std::nullopt;
  }
  return HoverText{std::move(markdown), *range};
}

} // namespace lint::lsp
