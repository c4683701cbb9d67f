#include "analyzer/terraform/evaluator.h"
#include "analyzer/terraform/evaluator_detail.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>

namespace lint::terraform {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// Built-in functions

const Value* Evaluator::function_call(const Context& context, hcl::Node node)
{
  const hcl::Document& document = *context.document;
  const std::string name(document.text(node.child("identifier")));
  hcl::Node arguments_node = node.child("function_arguments");
  const std::vector<hcl::Node> argument_nodes = arguments_node.children("expression");
  const SourceRange range = node.range();
  if (arguments_node.child("ellipsis")) {
    return unknown(context, range, fmt::format("{}(...) with expanded arguments", name));
  }
  auto argument = [&](std::size_t i) { return i < argument_nodes.size() ? evaluate(context, argument_nodes[i]) : nullptr; };
  auto boolean = [&](bool result) {
    Value& out = make(context, ValueKind::boolean, range);
    out.boolean = result;
    out.text = result ? "true" : "false";
    return &out;
  };
  if (name == "jsonencode" || name == "tolist" || name == "tomap" || name == "sensitive" || name == "nonsensitive") {
    // jsonencode keeps the structure: policy documents and state machine definitions are read as
    // the maps they encode.
    if (argument_nodes.size() != 1) {
      return unknown(context, range, fmt::format("{}() needs one argument", name));
    }
    return argument(0);
  }
  if (name == "jsondecode") {
    if (argument_nodes.size() == 1) {
      if (const Value* decoded = json_template(context, argument_nodes[0])) {
        return decoded;
      }
    }
    return unknown(context, range, "jsondecode() of a value that is not JSON text here");
  }
  if (name == "tostring" || name == "tonumber") {
    const Value* value = argument(0);
    if (value && value->is_known_scalar()) {
      return value;
    }
    return value ? value : unknown(context, range, "no argument");
  }
  if (name == "merge") {
    Value& out = make(context, ValueKind::map, range);
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind == ValueKind::absent) {
        continue;
      }
      if (value->kind != ValueKind::map) {
        return unknown(context, range, "merge() of a value that is not a known map");
      }
      for (const ValueEntry& entry : value->entries) {
        bool replaced = false;
        for (ValueEntry& existing : out.entries) {
          if (existing.key == entry.key) {
            existing = entry;
            replaced = true;
          }
        }
        if (!replaced) {
          out.entries.push_back(entry);
        }
      }
    }
    return &out;
  }
  if (name == "concat" || name == "flatten") {
    Value& out = make(context, ValueKind::list, range);
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind != ValueKind::list) {
        return unknown(context, range, fmt::format("{}() of a value that is not a known list", name));
      }
      for (const Value* item : value->items) {
        if (name == "flatten" && item->kind == ValueKind::list) {
          out.items.insert(out.items.end(), item->items.begin(), item->items.end());
        } else if (name == "flatten" && item->kind != ValueKind::list && !item->is_known_scalar() && item->kind != ValueKind::map &&
                   item->kind != ValueKind::reference && item->kind != ValueKind::text_template) {
          return unknown(context, range, "flatten() of values not known");
        } else {
          out.items.push_back(item);
        }
      }
    }
    return &out;
  }
  if (name == "lookup") {
    const Value* map = argument(0);
    const Value* key = argument(1);
    const auto text = as_string(key);
    if (map && map->kind == ValueKind::map && text) {
      if (const Value* found = map->get(*text)) {
        return found;
      }
      if (argument_nodes.size() >= 3) {
        return argument(2);
      }
    }
    return unknown(context, range, "lookup() in a map or with a key not known");
  }
  if (name == "length") {
    const Value* value = argument(0);
    if (value && (value->kind == ValueKind::list || value->kind == ValueKind::map || value->kind == ValueKind::string)) {
      Value& out = make(context, ValueKind::number, range);
      out.number = static_cast<double>(value->kind == ValueKind::list ? value->items.size()
                                       : value->kind == ValueKind::map ? value->entries.size()
                                                                        : value->text.size());
      out.text = number_text(out.number);
      out.numeric_text = true;
      return &out;
    }
    return unknown(context, range, "length() of a value not known");
  }
  if (name == "try" || name == "can") {
    // https://developer.hashicorp.com/terraform/language/functions/try: the first argument that
    // evaluates without an error (null included). An argument that is only not known here stops
    // the search: it may well be the one Terraform takes.
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (is_error(value)) {
        if (name == "can") {
          return boolean(false);
        }
        continue;
      }
      if (value->kind == ValueKind::unknown) {
        return unknown(context, range, fmt::format("{}() of values not known", name));
      }
      return name == "can" ? boolean(true) : value;
    }
    return error(context, range, fmt::format("{}() without an argument that evaluates", name));
  }
  if (name == "coalesce") {
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind == ValueKind::unknown || value->kind == ValueKind::choice) {
        return unknown(context, range, "coalesce() of values not known");
      }
      if (value->kind == ValueKind::absent || value->kind == ValueKind::null || (value->kind == ValueKind::string && value->text.empty())) {
        continue;
      }
      return value;
    }
    return error(context, range, "coalesce() without a non-null argument");
  }
  if (name == "coalescelist") {
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind != ValueKind::list) {
        return unknown(context, range, "coalescelist() of values not known");
      }
      if (!value->items.empty()) {
        return value;
      }
    }
    return error(context, range, "coalescelist() without a non-empty list");
  }
  if (const Value* out = collection_function(context, name, argument_nodes, range)) {
    return out;
  }
  if (const Value* out = string_function(context, name, argument_nodes, range)) {
    return out;
  }
  if (name == "file" || name == "templatefile") {
    if (argument_nodes.empty()) {
      return unknown(context, range, fmt::format("{}() needs a path", name));
    }
    return file_function(context, range, argument(0), name == "templatefile" ? argument(1) : nullptr, name == "templatefile");
  }
  if (name == "upper" || name == "lower") {
    const Value* value = argument(0);
    if (value && value->kind == ValueKind::string) {
      Value& out = make(context, ValueKind::string, range);
      out.text = value->text;
      for (char& c : out.text) {
        c = static_cast<char>(name == "upper" ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
      }
      return &out;
    }
    return unknown(context, range, fmt::format("{}() of a value not known", name));
  }
  if (name == "format" || name == "join") {
    // Both become templates: literal pieces and the values between them.
    Value& out = make(context, ValueKind::text_template, range);
    auto append = [&](const Value* value) -> bool {
      if (value->is_known_scalar()) {
        const std::string text(*as_string(value));
        if (!out.parts.empty() && !out.parts.back().is_reference) {
          out.parts.back().literal += text;
        } else {
          out.parts.push_back({text, false, {}});
        }
        return true;
      }
      if (value->kind == ValueKind::reference) {
        out.parts.push_back({{}, true, value->reference});
        return true;
      }
      if (value->kind == ValueKind::text_template) {
        for (const TemplatePart& part : value->parts) {
          if (!part.is_reference && !out.parts.empty() && !out.parts.back().is_reference) {
            out.parts.back().literal += part.literal;
          } else {
            out.parts.push_back(part);
          }
        }
        return true;
      }
      return false;
    };
    auto literal = [&](std::string text) {
      if (!out.parts.empty() && !out.parts.back().is_reference) {
        out.parts.back().literal += text;
      } else {
        out.parts.push_back({std::move(text), false, {}});
      }
    };
    if (name == "join") {
      const Value* separator = argument(0);
      const Value* list = argument(1);
      if (!separator || separator->kind != ValueKind::string || !list || list->kind != ValueKind::list) {
        return unknown(context, range, "join() of values not known");
      }
      for (std::size_t i = 0; i < list->items.size(); ++i) {
        if (i > 0) {
          literal(separator->text);
        }
        if (!append(list->items[i])) {
          return unknown(context, range, "join() of values not known");
        }
      }
    } else {
      const Value* format = argument(0);
      if (!format || format->kind != ValueKind::string) {
        return unknown(context, range, "format() with a format not known");
      }
      std::size_t next = 1;
      const std::string& text = format->text;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
          literal(std::string(1, text[i]));
          continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '%') {
          literal("%");
          ++i;
          continue;
        }
        if (i + 1 < text.size() && (text[i + 1] == 's' || text[i + 1] == 'd' || text[i + 1] == 'v')) {
          const Value* value = next < argument_nodes.size() ? argument(next) : nullptr;
          ++next;
          if (value == nullptr || !append(value)) {
            return unknown(context, range, "format() of values not known");
          }
          ++i;
          continue;
        }
        return unknown(context, range, "format() verb not evaluated");
      }
    }
    bool has_reference = false;
    for (const TemplatePart& part : out.parts) {
      has_reference = has_reference || part.is_reference;
    }
    if (!has_reference) {
      out.kind = ValueKind::string;
      out.text = out.parts.empty() ? std::string() : out.parts.front().literal;
      out.parts.clear();
      out.numeric_text = parse_number(out.text, out.number);
    }
    return &out;
  }
  return unknown(context, range, fmt::format("{}() is not evaluated", name));
}

namespace {

/// The identity of a value for set semantics (toset, distinct, contains): known scalars by kind
/// and text, references by what they name; empty for anything else.
std::string identity(const Value* value)
{
  if (value == nullptr) {
    return {};
  }
  if (value->is_known_scalar()) {
    return fmt::format("{}:{}", static_cast<int>(value->kind), value->text);
  }
  if (value->kind == ValueKind::reference) {
    return fmt::format("ref:{}:{}", value->reference.name, value->reference.attribute);
  }
  return {};
}

} // namespace

const Value* Evaluator::collection_function(const Context& context, std::string_view name, const std::vector<hcl::Node>& argument_nodes,
                                            SourceRange range)
{
  auto argument = [&](std::size_t i) { return i < argument_nodes.size() ? evaluate(context, argument_nodes[i]) : nullptr; };
  auto known_list = [&](const Value* value) { return value != nullptr && value->kind == ValueKind::list; };
  if (name == "toset" || name == "distinct") {
    // https://developer.hashicorp.com/terraform/language/functions/distinct (toset drops
    // duplicates the same way; a set's order is not kept by Terraform, and nothing here reads it).
    const Value* list = argument(0);
    if (!known_list(list)) {
      return list != nullptr && name == "toset" ? list : unknown(context, range, fmt::format("{}() of a list not known", name));
    }
    Value& out = make(context, ValueKind::list, range);
    std::set<std::string> seen;
    for (const Value* item : list->items) {
      const std::string key = identity(item);
      if (key.empty()) {
        if (name == "toset") {
          return list; // duplicates cannot be told apart: the elements as written
        }
        return unknown(context, range, "distinct() of values not known");
      }
      if (seen.insert(key).second) {
        out.items.push_back(item);
      }
    }
    return &out;
  }
  if (name == "compact") {
    // https://developer.hashicorp.com/terraform/language/functions/compact: drops null and "".
    const Value* list = argument(0);
    if (!known_list(list)) {
      return unknown(context, range, "compact() of a list not known");
    }
    Value& out = make(context, ValueKind::list, range);
    for (const Value* item : list->items) {
      if (item->kind == ValueKind::absent || item->kind == ValueKind::null || (item->kind == ValueKind::string && item->text.empty())) {
        continue;
      }
      if (item->kind == ValueKind::unknown || item->kind == ValueKind::choice) {
        return unknown(context, range, "compact() of values not known");
      }
      out.items.push_back(item);
    }
    return &out;
  }
  if (name == "one") {
    // https://developer.hashicorp.com/terraform/language/functions/one: null for an empty list,
    // the element of a one-element list, an error otherwise.
    const Value* list = argument(0);
    if (!known_list(list)) {
      return unknown(context, range, "one() of a list not known");
    }
    if (list->items.empty()) {
      return &make(context, ValueKind::absent, range);
    }
    return list->items.size() == 1 ? list->items.front() : error(context, range, "one() of a list with more than one element");
  }
  if (name == "element") {
    const Value* list = argument(0);
    const auto index = as_integer(argument(1));
    if (!known_list(list) || !index || list->items.empty() || *index < 0) {
      return unknown(context, range, "element() of values not known");
    }
    return list->items[static_cast<std::size_t>(*index) % list->items.size()]; // element() wraps around
  }
  if (name == "keys" || name == "values") {
    const Value* map = argument(0);
    if (map == nullptr || map->kind != ValueKind::map) {
      return unknown(context, range, fmt::format("{}() of a map not known", name));
    }
    // Terraform returns keys in lexical order, and values in the order of their keys.
    std::vector<const ValueEntry*> entries;
    for (const ValueEntry& entry : map->entries) {
      entries.push_back(&entry);
    }
    std::stable_sort(entries.begin(), entries.end(), [](const ValueEntry* a, const ValueEntry* b) { return a->key < b->key; });
    Value& out = make(context, ValueKind::list, range);
    for (const ValueEntry* entry : entries) {
      if (name == "values") {
        out.items.push_back(entry->value);
        continue;
      }
      Value& key = make(context, ValueKind::string, entry->key_range);
      key.text = entry->key;
      out.items.push_back(&key);
    }
    return &out;
  }
  if (name == "contains") {
    const Value* list = argument(0);
    const std::string wanted = identity(argument(1));
    if (!known_list(list) || wanted.empty()) {
      return unknown(context, range, "contains() of values not known");
    }
    bool found = false;
    for (const Value* item : list->items) {
      const std::string key = identity(item);
      if (key.empty()) {
        return unknown(context, range, "contains() of values not known");
      }
      found = found || key == wanted;
    }
    Value& out = make(context, ValueKind::boolean, range);
    out.boolean = found;
    out.text = found ? "true" : "false";
    return &out;
  }
  if (name == "zipmap") {
    const Value* keys = argument(0);
    const Value* values = argument(1);
    if (!known_list(keys) || !known_list(values) || keys->items.size() != values->items.size()) {
      return unknown(context, range, "zipmap() of lists not known");
    }
    Value& out = make(context, ValueKind::map, range);
    for (std::size_t i = 0; i < keys->items.size(); ++i) {
      const auto key = as_string(keys->items[i]);
      if (!key) {
        return unknown(context, range, "zipmap() with keys not known");
      }
      out.entries.push_back({std::string(*key), keys->items[i]->range, values->items[i]});
    }
    return &out;
  }
  return nullptr;
}

const Value* Evaluator::string_function(const Context& context, std::string_view name, const std::vector<hcl::Node>& argument_nodes,
                                        SourceRange range)
{
  auto argument = [&](std::size_t i) { return i < argument_nodes.size() ? evaluate(context, argument_nodes[i]) : nullptr; };
  auto text_of = [](const Value* value) -> std::optional<std::string> {
    if (value == nullptr || !value->is_known_scalar()) {
      return std::nullopt;
    }
    return std::string(*as_string(value));
  };
  auto string = [&](std::string text) {
    Value& out = make(context, ValueKind::string, range);
    out.text = std::move(text);
    out.numeric_text = parse_number(out.text, out.number);
    return &out;
  };
  auto boolean = [&](bool result) {
    Value& out = make(context, ValueKind::boolean, range);
    out.boolean = result;
    out.text = result ? "true" : "false";
    return &out;
  };
  static constexpr std::string_view k_names[] = {"split",      "replace",  "trimprefix", "trimsuffix", "trimspace", "chomp",
                                                 "startswith", "endswith", "strcontains", "substr",    "regexall",  "regex"};
  if (std::find(std::begin(k_names), std::end(k_names), name) == std::end(k_names)) {
    return nullptr;
  }
  std::vector<std::optional<std::string>> texts;
  for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
    texts.push_back(text_of(argument(i)));
    if (!texts.back()) {
      return unknown(context, range, fmt::format("{}() of values not known", name));
    }
  }
  auto text = [&](std::size_t i) -> const std::string& {
    static const std::string empty;
    return i < texts.size() ? *texts[i] : empty;
  };
  if (name == "split") {
    if (texts.size() != 2 || text(0).empty()) {
      return unknown(context, range, "split() of values not known");
    }
    Value& out = make(context, ValueKind::list, range);
    const std::string& separator = text(0);
    std::string_view rest = text(1);
    while (true) {
      const std::size_t at = rest.find(separator);
      out.items.push_back(string(std::string(rest.substr(0, at))));
      if (at == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(at + separator.size());
    }
    return &out;
  }
  if (name == "replace") {
    // A substring written "/.../" is a regular expression; only plain substrings are replaced here.
    if (texts.size() != 3 || text(1).empty() || (text(1).size() > 1 && text(1).front() == '/' && text(1).back() == '/')) {
      return unknown(context, range, "replace() with a pattern not evaluated");
    }
    std::string out;
    std::string_view rest = text(0);
    for (std::size_t at = rest.find(text(1)); at != std::string_view::npos; at = rest.find(text(1))) {
      out.append(rest.substr(0, at)).append(text(2));
      rest.remove_prefix(at + text(1).size());
    }
    out.append(rest);
    return string(std::move(out));
  }
  if (name == "trimprefix" || name == "trimsuffix") {
    std::string_view out = text(0);
    if (name == "trimprefix" && out.starts_with(text(1))) {
      out.remove_prefix(text(1).size());
    } else if (name == "trimsuffix" && out.ends_with(text(1))) {
      out.remove_suffix(text(1).size());
    }
    return string(std::string(out));
  }
  if (name == "trimspace" || name == "chomp") {
    std::string_view out = text(0);
    const char* spaces = name == "chomp" ? "\r\n" : " \t\r\n\v\f";
    while (!out.empty() && std::strchr(spaces, out.back()) != nullptr) {
      out.remove_suffix(1);
    }
    while (name == "trimspace" && !out.empty() && std::strchr(spaces, out.front()) != nullptr) {
      out.remove_prefix(1);
    }
    return string(std::string(out));
  }
  if (name == "startswith" || name == "endswith" || name == "strcontains") {
    const std::string_view subject = text(0);
    return boolean(name == "startswith" ? subject.starts_with(text(1))
                   : name == "endswith" ? subject.ends_with(text(1))
                                        : subject.find(text(1)) != std::string_view::npos);
  }
  if (name == "substr") {
    // Offsets and lengths count characters; only ASCII text is cut here.
    const std::string& subject = text(0);
    double offset_number = 0;
    double length_number = 0;
    if (texts.size() != 3 || !parse_number(text(1), offset_number) || !parse_number(text(2), length_number) ||
        std::any_of(subject.begin(), subject.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      return unknown(context, range, "substr() of values not known");
    }
    auto offset = static_cast<std::int64_t>(offset_number);
    auto length = static_cast<std::int64_t>(length_number);
    const auto size = static_cast<std::int64_t>(subject.size());
    if (offset < 0) {
      offset += size;
    }
    if (offset < 0 || offset > size) {
      return error(context, range, "substr() offset outside the string");
    }
    if (length < 0 || offset + length > size) {
      length = size - offset;
    }
    return string(subject.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length)));
  }
  // regex / regexall: Terraform's patterns are RE2's syntax.
  // https://developer.hashicorp.com/terraform/language/functions/regex
  if (texts.size() != 2) {
    return unknown(context, range, fmt::format("{}() needs a pattern and a string", name));
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(std::int64_t{8} << 20);
  const RE2 pattern(text(0), options);
  if (!pattern.ok()) {
    return error(context, range, fmt::format("{}() with an invalid pattern", name));
  }
  const int groups = pattern.NumberOfCapturingGroups();
  if (groups > 32) {
    return unknown(context, range, fmt::format("{}() with too many groups", name));
  }
  const std::map<std::string, int>& named = pattern.NamedCapturingGroups();
  std::vector<re2::StringPiece> captures(static_cast<std::size_t>(groups) + 1);
  const std::string& subject = text(1);
  std::size_t position = 0;
  Value& matches = make(context, ValueKind::list, range);
  while (position <= subject.size() && matches.items.size() < k_max_instances) {
    if (!pattern.Match(subject, position, subject.size(), RE2::UNANCHORED, captures.data(), groups + 1)) {
      break;
    }
    const Value* match = nullptr;
    if (groups == 0) {
      match = string(std::string(captures[0]));
    } else if (!named.empty()) {
      Value& map = make(context, ValueKind::map, range);
      for (const auto& [group, index] : named) {
        map.entries.push_back({group, range, string(std::string(captures[static_cast<std::size_t>(index)]))});
      }
      match = &map;
    } else {
      Value& list = make(context, ValueKind::list, range);
      for (int i = 1; i <= groups; ++i) {
        list.items.push_back(string(std::string(captures[static_cast<std::size_t>(i)])));
      }
      match = &list;
    }
    matches.items.push_back(match);
    const std::size_t end = static_cast<std::size_t>(captures[0].data() - subject.data()) + captures[0].size();
    position = end > position ? end : position + 1;
    if (name == "regex") {
      break;
    }
  }
  if (name == "regex") {
    return matches.items.empty() ? error(context, range, "regex() without a match") : matches.items.front();
  }
  return &matches;
}

} // namespace lint::terraform
