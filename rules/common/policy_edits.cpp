#include "rules/common/policy_edits.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace lint::rules::iam_rules {
namespace {

/// Where a new item goes after the last item of a block-style YAML list ("- " on a line of its
/// own), and the indentation of that item's dash.
struct YamlListTail {
  std::uint32_t insert_at = 0; // the start of the line after the last item
  std::string indent;
};

std::optional<YamlListTail> yaml_list_tail(std::string_view text, const Value* last)
{
  if (last == nullptr || last->range.begin < 2 || last->range.end > text.size() || text.substr(last->range.begin - 2, 2) != "- ") {
    return std::nullopt;
  }
  const std::size_t newline = text.rfind('\n', last->range.begin - 1);
  const auto line_begin = static_cast<std::uint32_t>(newline == std::string_view::npos ? 0 : newline + 1);
  const std::uint32_t dash = last->range.begin - 2;
  if (text.substr(line_begin, dash - line_begin).find_first_not_of(' ') != std::string_view::npos) {
    return std::nullopt;
  }
  // After the line on which the last item ends.
  const std::size_t end_of_line = text.find('\n', last->range.end == 0 ? 0 : last->range.end - 1);
  if (end_of_line == std::string_view::npos) {
    return std::nullopt;
  }
  return YamlListTail{static_cast<std::uint32_t>(end_of_line + 1), std::string(dash - line_begin, ' ')};
}

/// A YAML list item at `indent`: "- " before the first line, two spaces before the others.
std::string yaml_item(const std::string& indent, const std::vector<std::string>& lines)
{
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += fmt::format("{}{}{}\n", indent, i == 0 ? "- " : "  ", lines[i]);
  }
  return out;
}

/// `item` (one line of JSON) appended to the JSON array whose last item is the object `last`:
/// `, item` on a line of its own at the last item's indentation when that one is on its own line.
std::optional<TextEdit> json_append(std::string_view text, const Value* last, const std::string& item)
{
  if (last == nullptr || last->kind != ValueKind::map || last->range.end == 0 || last->range.end > text.size() ||
      text[last->range.end - 1] != '}') {
    return std::nullopt;
  }
  const std::size_t newline = text.rfind('\n', last->range.begin == 0 ? 0 : last->range.begin - 1);
  const std::size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
  const std::string_view before = text.substr(line_begin, last->range.begin - line_begin);
  const bool own_line = before.find_first_not_of(" \t") == std::string_view::npos;
  return TextEdit{{last->range.end, last->range.end}, own_line ? fmt::format(",\n{}{}", before, item) : fmt::format(", {}", item)};
}

std::vector<std::string> quoted_actions(const std::vector<std::string_view>& actions)
{
  std::vector<std::string> quoted;
  for (std::string_view action : actions) {
    quoted.push_back(fmt::format("\"{}\"", action));
  }
  return quoted;
}

/// A statement allowing `actions` on a Resource written as JSON.
std::string json_statement(const std::vector<std::string_view>& actions, const std::string& resource_json)
{
  return fmt::format("{{\"Effect\": \"Allow\", \"Action\": [{}], \"Resource\": {}}}", fmt::join(quoted_actions(actions), ", "), resource_json);
}

/// The lines of the same statement in YAML, without indentation.
std::vector<std::string> yaml_statement(const std::vector<std::string_view>& actions, const std::string& resource_yaml)
{
  std::vector<std::string> lines{"Effect: Allow", "Action:"};
  for (std::string_view action : actions) {
    lines.push_back(fmt::format("  - {}", action));
  }
  lines.push_back(fmt::format("Resource: {}", resource_yaml));
  return lines;
}

/// `lines` with "- " before the first one and two spaces before the others (a list item nested
/// in a YAML item's lines).
std::vector<std::string> nested_item(const std::vector<std::string>& lines)
{
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out.push_back((i == 0 ? "- " : "  ") + lines[i]);
  }
  return out;
}

std::vector<std::string> indented(const std::vector<std::string>& lines, std::string_view by)
{
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    out.push_back(fmt::format("{}{}", by, line));
  }
  return out;
}

/// A new property written before the first property of a resource (so that it lands inside
/// Properties whatever follows): `key:` and its value's lines in YAML, `"key": value,` in JSON.
/// nullopt when the first property does not start a line of its own.
std::optional<TextEdit> add_property(const Resource& resource, std::string_view key, const std::vector<std::string>& yaml_value_lines,
                                     const std::string& json_value)
{
  if (resource.file == nullptr || resource.properties == nullptr || resource.properties->kind != ValueKind::map) {
    return std::nullopt;
  }
  const std::string_view text = resource.file->text();
  const ValueEntry* first = nullptr;
  for (const ValueEntry& entry : resource.properties->entries) {
    // Only keys written in this resource (SAM Globals are merged into a function's properties).
    const bool here = (entry.value == nullptr || entry.value->file == nullptr || entry.value->file == resource.file) &&
                      resource.range.contains(entry.key_range.begin);
    if (here && (first == nullptr || entry.key_range.begin < first->key_range.begin)) {
      first = &entry;
    }
  }
  if (first == nullptr || first->key_range.begin > text.size()) {
    return std::nullopt;
  }
  std::uint32_t at = first->key_range.begin;
  const bool json = is_json_text(text);
  if (json && text[at] != '"' && at > 0 && text[at - 1] == '"') {
    --at; // the key's range may leave out its quotes
  }
  const std::size_t newline = text.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t line_begin = newline == std::string_view::npos || at == 0 ? 0 : newline + 1;
  const std::string_view before = text.substr(line_begin, at - line_begin);
  const bool own_line = before.find_first_not_of(json ? " \t" : " ") == std::string_view::npos;
  if (json) {
    const std::string property = fmt::format("\"{}\": {},", key, json_value);
    return TextEdit{{at, at}, own_line ? fmt::format("{}\n{}", property, before) : property + " "};
  }
  if (!own_line) {
    return std::nullopt;
  }
  const auto start = static_cast<std::uint32_t>(line_begin);
  std::string insertion = fmt::format("{}{}:\n", before, key);
  for (const std::string& line : yaml_value_lines) {
    insertion += fmt::format("{}  {}\n", before, line);
  }
  return TextEdit{{start, start}, insertion};
}

/// Edits name their file, which need not be the finding's (LL308 reports in the handler's code).
Fix in_file(Fix fix, const SourceFilePtr& file)
{
  for (TextEdit& edit : fix.edits) {
    edit.file = file;
  }
  return fix;
}

} // namespace

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
    if (list == nullptr || list->kind != ValueKind::list || list->items.empty() || list->items.back() != last) {
      continue;
    }
    if (auto edit = json_append(text, last, json_statement(actions, resource_json))) {
      return in_file(Fix{fmt::format("Allow {} in policy '{}'", fmt::join(actions, ", "), policy->name), {std::move(*edit)}, Applicability::unsafe},
                     role.resource->file);
    }
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
  for (const Policy* policy : role.policies) {
    if (policy->origin != PolicyOrigin::inline_policy || policy->resource != role.resource || policy->statements.empty() ||
        policy->conditional) {
      continue;
    }
    const std::optional<YamlListTail> tail = yaml_list_tail(text, policy->statements.back().value);
    if (!tail) {
      continue;
    }
    const std::string insertion = yaml_item(tail->indent, yaml_statement(actions, resource_text));
    return in_file(Fix{fmt::format("Allow {} in policy '{}'", fmt::join(actions, ", "), policy->name),
                       {TextEdit{{tail->insert_at, tail->insert_at}, insertion}}, Applicability::unsafe},
                   role.resource->file);
  }
  return std::nullopt;
}

std::string yaml_resource(const std::string& resource_json)
{
  const nlohmann::json parsed = nlohmann::json::parse(resource_json, nullptr, false);
  if (parsed.is_object() && parsed.size() == 1) {
    const std::string& function = parsed.begin().key();
    const nlohmann::json& argument = parsed.begin().value();
    if (function == "Ref" && argument.is_string()) {
      return "!Ref " + argument.get<std::string>();
    }
    if (function == "Fn::GetAtt" && argument.is_array() && argument.size() == 2 && argument[0].is_string() && argument[1].is_string()) {
      return fmt::format("!GetAtt {}.{}", argument[0].get<std::string>(), argument[1].get<std::string>());
    }
    if (function == "Fn::Sub" && argument.is_string()) {
      return "!Sub " + argument.dump();
    }
  }
  return resource_json; // a JSON string is a YAML double-quoted scalar, other JSON is flow YAML
}

namespace {

/// A name not yet used by `taken`: `base`, or `base2`, `base3`...
template <typename Taken>
std::string unused_name(const std::string& base, Taken taken)
{
  std::string name = base;
  for (int suffix = 2; taken(name); ++suffix) {
    name = fmt::format("{}{}", base, suffix);
  }
  return name;
}

/// `item` appended to a resource's list property (a block-style YAML list or a JSON array), or
/// the property written with a list of that one item when the resource does not have it. nullopt
/// for any other shape (a single item, a flow-style YAML list, an Fn::If).
std::optional<TextEdit> append_to_list_property(const Resource& resource, std::string_view key, const std::vector<std::string>& yaml_item_lines,
                                                const std::string& json_item)
{
  const std::string_view text = resource.file->text();
  const bool json = is_json_text(text);
  const Value* list = resource.property(key);
  if (list == nullptr) {
    return add_property(resource, key, nested_item(yaml_item_lines), fmt::format("[{}]", json_item));
  }
  if (list->kind != ValueKind::list || list->items.empty() || (list->file != nullptr && list->file != resource.file)) {
    return std::nullopt;
  }
  const Value* last = list->items.back();
  if (json) {
    return json_append(text, last, json_item);
  }
  const std::optional<YamlListTail> tail = yaml_list_tail(text, last);
  if (!tail) {
    return std::nullopt;
  }
  return TextEdit{{tail->insert_at, tail->insert_at}, yaml_item(tail->indent, yaml_item_lines)};
}

/// An HCL expression for a Resource written as JSON: `"${aws_sqs_queue.q.arn}"` is the bare
/// reference, another string a quoted template; nullopt for CloudFormation intrinsics.
std::optional<std::string> hcl_resource(const std::string& resource_json)
{
  const nlohmann::json parsed = nlohmann::json::parse(resource_json, nullptr, false);
  if (!parsed.is_string()) {
    return std::nullopt;
  }
  const auto text = parsed.get<std::string>();
  if (text.starts_with("${") && text.ends_with("}") && text.find_first_of("{}", 2) == text.size() - 1) {
    return text.substr(2, text.size() - 3);
  }
  return parsed.dump();
}

bool is_hcl_identifier(std::string_view name)
{
  return !name.empty() && (std::isalpha(static_cast<unsigned char>(name.front())) != 0 || name.front() == '_') &&
         std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; });
}

/// Terraform: a new aws_iam_role_policy block right after the aws_iam_role block of the module's
/// own files. Not for a role in a child module, a counted role, a .tf.json file, or a role whose
/// inline policies Terraform manages exclusively (`inline_policy` blocks, or an
/// aws_iam_role_policies_exclusive: either would delete the new policy on the next apply,
/// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role#inline_policy).
std::optional<Fix> terraform_grant_fix(const Model& model, const Role& role, const Function& function,
                                       const std::vector<std::string_view>& actions, const std::string& resource_json)
{
  constexpr std::string_view prefix = "aws_iam_role.";
  const Resource& owner = *role.resource;
  const std::string_view role_name = std::string_view(owner.id).substr(std::min(owner.id.size(), prefix.size()));
  if (role.generated || !owner.id.starts_with(prefix) || !is_hcl_identifier(role_name) || !owner.condition.empty() ||
      !owner.file->path().ends_with(".tf") || is_set(owner.property("inline_policy"))) {
    return std::nullopt;
  }
  const bool exclusive = std::any_of(model.resources.begin(), model.resources.end(), [](const Resource& resource) {
    return resource.id.starts_with("aws_iam_role_policies_exclusive.");
  });
  const std::optional<std::string> resource = hcl_resource(resource_json);
  const std::string_view text = owner.file->text();
  if (exclusive || !resource || owner.range.end == 0 || owner.range.end > text.size()) {
    return std::nullopt;
  }
  // Named after the function whose code needs it: aws_lambda_function.orders → orders_code_calls.
  std::string function_name(function.resource->local_name());
  for (char& c : function_name) {
    c = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' ? c : '_';
  }
  const std::string name = unused_name(function_name + "_code_calls", [&](const std::string& candidate) {
    const std::string address = "aws_iam_role_policy." + candidate;
    return std::any_of(model.resources.begin(), model.resources.end(), [&](const Resource& existing) { return existing.id == address; });
  });
  const std::size_t end_of_line = text.find('\n', owner.range.end - 1);
  const auto at = static_cast<std::uint32_t>(end_of_line == std::string_view::npos ? text.size() : end_of_line + 1);
  const std::string block =
    fmt::format("{}\nresource \"aws_iam_role_policy\" \"{}\" {{\n"
                "  role = {}.id\n"
                "  policy = jsonencode({{\n"
                "    Version = \"2012-10-17\"\n"
                "    Statement = [{{\n"
                "      Effect   = \"Allow\"\n"
                "      Action   = [{}]\n"
                "      Resource = {}\n"
                "    }}]\n"
                "  }})\n"
                "}}\n",
                end_of_line == std::string_view::npos ? "\n" : "", name, owner.id, fmt::join(quoted_actions(actions), ", "), *resource);
  return in_file(Fix{fmt::format("Allow {} in a new aws_iam_role_policy '{}'", fmt::join(actions, ", "), name), {TextEdit{{at, at}, block}},
                     Applicability::unsafe},
                 owner.file);
}

} // namespace

std::optional<Fix> grant_fix(const Model& model, const Function& function, const std::vector<std::string_view>& actions,
                             const std::string& resource_json)
{
  const Role* role = function.execution_role;
  if (role == nullptr || role->resource == nullptr || role->resource->file == nullptr || actions.empty() || resource_json.empty()) {
    return std::nullopt;
  }
  const Resource& owner = *role->resource;
  if (model.format == SourceFormat::terraform) {
    return terraform_grant_fix(model, *role, function, actions, resource_json);
  }
  const bool json = is_json_text(owner.file->text());
  const std::string statement_json = json_statement(actions, resource_json);
  const std::vector<std::string> statement_yaml = yaml_statement(actions, yaml_resource(resource_json));
  if (!role->generated) { // a declared role: its resource is the role
    if (auto fix = least_privilege_fix(*role, actions, json ? resource_json : yaml_resource(resource_json))) {
      return fix;
    }
    // No inline policy to extend: a new one in the role's Policies.
    const std::string name = unused_name(function.resource->id + "CodeCalls", [&](const std::string& candidate) {
      return std::any_of(role->policies.begin(), role->policies.end(), [&](const Policy* policy) { return policy->name == candidate; });
    });
    std::vector<std::string> item{fmt::format("PolicyName: {}", name), "PolicyDocument:", "  Version: \"2012-10-17\"", "  Statement:"};
    for (const std::string& line : indented(nested_item(statement_yaml), "    ")) {
      item.push_back(line);
    }
    const std::string item_json =
      fmt::format("{{\"PolicyName\": \"{}\", \"PolicyDocument\": {{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}}}", name, statement_json);
    if (auto edit = append_to_list_property(owner, "Policies", item, item_json)) {
      return in_file(Fix{fmt::format("Allow {} in a new policy '{}' of role '{}'", fmt::join(actions, ", "), name, role->id), {std::move(*edit)},
                         Applicability::unsafe},
                     owner.file);
    }
    return std::nullopt;
  }
  if (&owner == function.resource) { // SAM's generated role: its resource is the function
    // SAM: an inline document in the function's Policies (ResourcePolicies: a map with Statement).
    std::vector<std::string> item{"Statement:"};
    for (const std::string& line : indented(nested_item(statement_yaml), "  ")) {
      item.push_back(line);
    }
    if (auto edit = append_to_list_property(owner, "Policies", item, fmt::format("{{\"Statement\": [{}]}}", statement_json))) {
      return in_file(Fix{fmt::format("Allow {} in the Policies of function '{}'", fmt::join(actions, ", "), owner.id), {std::move(*edit)},
                         Applicability::unsafe},
                     owner.file);
    }
  }
  return std::nullopt;
}

} // namespace lint::rules::iam_rules
