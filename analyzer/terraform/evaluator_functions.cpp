#include "analyzer/terraform/evaluator.h"
#include "analyzer/terraform/evaluator_detail.h"

#include <fmt/format.h>

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
  if (name == "jsonencode" || name == "tolist" || name == "toset" || name == "tomap" || name == "sensitive" || name == "nonsensitive") {
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
  if (name == "try" || name == "coalesce") {
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind == ValueKind::unknown || value->kind == ValueKind::choice) {
        return unknown(context, range, fmt::format("{}() of values not known", name));
      }
      if (value->kind == ValueKind::absent || (name == "coalesce" && value->kind == ValueKind::string && value->text.empty())) {
        continue;
      }
      return value;
    }
    return unknown(context, range, fmt::format("{}() without a usable argument", name));
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

} // namespace lint::terraform
