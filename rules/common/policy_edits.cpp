#include "rules/common/policy_edits.h"

#include <fmt/format.h>

#include <algorithm>

namespace lint::rules::iam_rules {

bool is_json_text(std::string_view text)
{
  const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && text[first] == '{';
}

std::optional<std::string> yaml_source(const Resource& resource, const Value* value)
{
  if (value == nullptr || value->range.empty()) {
    return std::nullopt;
  }
  const std::string_view file_text = resource.file->text();
  const std::string_view text = file_text.substr(value->range.begin, value->range.end - value->range.begin);
  if (text.empty()) {
    return std::nullopt;
  }
  if (text.find('\n') == std::string_view::npos) {
    return std::string(text);
  }
  if (!is_json_text(file_text)) {
    return std::nullopt;
  }
  std::string joined;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      while (i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t' || text[i + 1] == '\n' || text[i + 1] == '\r')) {
        ++i;
      }
      if (!joined.empty() && joined.back() != ' ' && joined.back() != '[' && joined.back() != '{') {
        joined += ' ';
      }
      continue;
    }
    joined += text[i];
  }
  return joined;
}

std::optional<Fix> least_privilege_fix_json(const Role& role, const std::vector<std::string_view>& actions, const std::string& resource_json)
{
  const std::string_view text = role.resource->file->text();
  for (const Policy* policy : role.policies) {
    if (policy->origin != PolicyOrigin::inline_policy || policy->resource != role.resource || policy->statements.empty() ||
        policy->conditional) {
      continue;
    }
    const Value* list = get_path(policy->document, {"Statement"});
    const Value* last = policy->statements.back().value;
    if (list == nullptr || list->kind != ValueKind::list || list->items.empty() || list->items.back() != last || last == nullptr ||
        last->kind != ValueKind::map || last->range.end == 0 || last->range.end > text.size() ||
        text[last->range.end - 1] != '}') {
      continue;
    }
    const std::size_t newline = text.rfind('\n', last->range.begin == 0 ? 0 : last->range.begin - 1);
    const std::size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
    const std::string_view before = text.substr(line_begin, last->range.begin - line_begin);
    const bool own_line = before.find_first_not_of(" \t") == std::string_view::npos;
    std::vector<std::string> quoted;
    for (std::string_view action : actions) {
      quoted.push_back(fmt::format("\"{}\"", action));
    }
    const std::string statement = fmt::format("{{\"Effect\": \"Allow\", \"Action\": [{}], \"Resource\": {}}}", fmt::join(quoted, ", "), resource_json);
    const std::string insertion = own_line ? fmt::format(",\n{}{}", before, statement) : fmt::format(", {}", statement);
    return Fix{fmt::format("Allow {} in policy '{}'", fmt::join(actions, ", "), policy->name), {TextEdit{{last->range.end, last->range.end}, insertion}},
               Applicability::unsafe};
  }
  return std::nullopt;
}

std::optional<Fix> least_privilege_fix(const Role& role, const std::vector<std::string_view>& actions, const std::string& resource_text)
{
  if (resource_text.empty() || role.resource == nullptr || role.generated) {
    return std::nullopt;
  }
  const SourceFile& file = *role.resource->file;
  const std::string_view text = file.text();
  if (is_json_text(text)) {
    return least_privilege_fix_json(role, actions, resource_text);
  }
  const std::string& resource_yaml = resource_text;
  for (const Policy* policy : role.policies) {
    if (policy->origin != PolicyOrigin::inline_policy || policy->resource != role.resource || policy->statements.empty() ||
        policy->conditional) {
      continue;
    }
    const Value* last = policy->statements.back().value;
    if (last == nullptr || last->range.begin < 2 || text.substr(last->range.begin - 2, 2) != "- ") {
      continue;
    }
    const std::size_t newline = text.rfind('\n', last->range.begin - 1);
    const auto line_begin = static_cast<std::uint32_t>(newline == std::string_view::npos ? 0 : newline + 1);
    const std::uint32_t dash = last->range.begin - 2;
    if (text.substr(line_begin, dash - line_begin).find_first_not_of(' ') != std::string_view::npos) {
      continue;
    }
    const std::string indent(dash - line_begin, ' ');
    // After the line on which the last statement ends.
    const std::size_t end_of_line = text.find('\n', last->range.end == 0 ? 0 : last->range.end - 1);
    if (end_of_line == std::string_view::npos) {
      continue;
    }
    std::string insertion = fmt::format("{}- Effect: Allow\n{}  Action:\n", indent, indent);
    for (std::string_view action : actions) {
      insertion += fmt::format("{}    - {}\n", indent, action);
    }
    insertion += fmt::format("{}  Resource: {}\n", indent, resource_yaml);
    const auto at = static_cast<std::uint32_t>(end_of_line + 1);
    return Fix{fmt::format("Allow {} in policy '{}'", fmt::join(actions, ", "), policy->name), {TextEdit{{at, at}, insertion}},
               Applicability::unsafe};
  }
  return std::nullopt;
}

} // namespace lint::rules::iam_rules
