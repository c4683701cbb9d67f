#include "analyzer/terraform/evaluator.h"
#include "analyzer/terraform/evaluator_detail.h"

#include "parsers/node.h"

#include <functional>

#include <fmt/format.h>

namespace lint::terraform {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// JSON written in HCL (heredocs, jsondecode)

const Value* Evaluator::json_template(const Context& context, hcl::Node expression)
{
  // Down to the template: expression → template_expr → heredoc_template.
  hcl::Node node = expression;
  while (node.is("expression")) {
    const std::vector<hcl::Node> nodes = operands(node);
    if (nodes.size() != 1) {
      return nullptr;
    }
    node = nodes[0];
  }
  if (!node.is("template_expr")) {
    return nullptr;
  }
  node = node.children().empty() ? hcl::Node() : node.children().front();
  if (!node.is("heredoc_template")) {
    return nullptr;
  }
  const std::string_view text = context.document->file->text();
  // The body of the heredoc, with each interpolation replaced by a same-length placeholder so
  // that the JSON reader's ranges are the file's offsets: inside a JSON string the placeholder is
  // a run of DEL characters; outside one, `null` padded with spaces.
  std::string synthetic(text.size(), ' ');
  std::vector<std::pair<SourceRange, const Value*>> interpolations;
  bool in_string = false;
  bool escaped = false;
  std::uint32_t body_begin = 0;
  bool any = false;
  for (hcl::Node child : node.children()) {
    const SourceRange range = child.range();
    if (child.is("template_literal")) {
      if (!any) {
        body_begin = range.begin;
        any = true;
      }
      for (std::uint32_t i = range.begin; i < range.end; ++i) {
        const char c = text[i];
        synthetic[i] = c;
        if (escaped) {
          escaped = false;
        } else if (in_string && c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = !in_string;
        }
      }
    } else if (child.is("template_interpolation")) {
      if (!any) {
        body_begin = range.begin;
        any = true;
      }
      const std::uint32_t length = range.end - range.begin;
      if (in_string) {
        std::fill(synthetic.begin() + range.begin, synthetic.begin() + range.end, '\x7f');
      } else if (length >= 4) {
        synthetic.replace(range.begin, 4, "null");
      } else {
        return nullptr;
      }
      interpolations.emplace_back(range, evaluate(context, child.child("expression")));
    } else if (child.is("template_directive")) {
      return nullptr;
    }
  }
  if (!any) {
    return nullptr;
  }
  // Everything before the body is blank, so the reader starts at the JSON.
  (void)body_begin;
  auto scratch = std::make_shared<const SourceFile>(context.document->file->path(), std::move(synthetic));
  const ParsedDocument parsed = parse_json(scratch);
  if (parsed.root == nullptr || !parsed.problems.empty()) {
    return nullptr;
  }
  const std::function<const Value*(const Node*, int)> convert = [&](const Node* json, int depth) -> const Value* {
    if (json == nullptr || depth > 64) {
      return unknown(context, {}, "JSON nested too deeply");
    }
    switch (json->kind) {
    case NodeKind::null: {
      for (const auto& [range, value] : interpolations) {
        if (range.begin == json->range.begin) {
          return value;
        }
      }
      return &make(context, ValueKind::null, json->range);
    }
    case NodeKind::sequence: {
      Value& list = make(context, ValueKind::list, json->range);
      for (const Node* item : json->items) {
        list.items.push_back(convert(item, depth + 1));
      }
      return &list;
    }
    case NodeKind::mapping: {
      Value& map = make(context, ValueKind::map, json->range);
      for (const MappingEntry& entry : json->entries) {
        map.entries.push_back({entry.key, entry.key_range, convert(entry.value, depth + 1)});
      }
      return &map;
    }
    case NodeKind::scalar: break;
    }
    if (!json->quoted) {
      if (json->scalar == "true" || json->scalar == "false") {
        Value& value = make(context, ValueKind::boolean, json->range);
        value.boolean = json->scalar == "true";
        value.text = json->scalar;
        return &value;
      }
      Value& value = make(context, ValueKind::number, json->range);
      value.text = json->scalar;
      value.numeric_text = parse_number(value.text, value.number);
      return &value;
    }
    std::vector<const Value*> inside;
    for (const auto& [range, value] : interpolations) {
      if (range.begin >= json->range.begin && range.end <= json->range.end) {
        inside.push_back(value);
      }
    }
    if (inside.empty()) {
      Value& value = make(context, ValueKind::string, json->range);
      value.text = json->scalar;
      value.numeric_text = parse_number(value.text, value.number);
      return &value;
    }
    // Split the string at the placeholder runs: one run per interpolation, in order.
    Value& out = make(context, ValueKind::text_template, json->range);
    std::size_t next = 0;
    std::string literal;
    const std::string& scalar = json->scalar;
    for (std::size_t i = 0; i < scalar.size();) {
      if (scalar[i] != '\x7f') {
        literal += scalar[i++];
        continue;
      }
      while (i < scalar.size() && scalar[i] == '\x7f') {
        ++i;
      }
      if (!literal.empty()) {
        out.parts.push_back({std::move(literal), false, {}});
        literal.clear();
      }
      const Value* value = next < inside.size() ? inside[next] : nullptr;
      ++next;
      if (value && value->is_known_scalar()) {
        out.parts.push_back({std::string(*as_string(value)), false, {}});
      } else if (value && value->kind == ValueKind::reference) {
        out.parts.push_back({{}, true, value->reference});
      } else if (value && value->kind == ValueKind::text_template) {
        out.parts.insert(out.parts.end(), value->parts.begin(), value->parts.end());
      } else {
        Reference reference;
        reference.target = Reference::Target::unresolved;
        reference.name = value && value->kind == ValueKind::unknown ? value->text : "interpolated value not known";
        out.parts.push_back({{}, true, std::move(reference)});
      }
    }
    if (!literal.empty()) {
      out.parts.push_back({std::move(literal), false, {}});
    }
    if (out.parts.size() == 1 && out.parts[0].is_reference && inside.size() == 1 && inside[0]->kind == ValueKind::reference) {
      Value& reference = make(context, ValueKind::reference, json->range);
      reference.reference = inside[0]->reference;
      return &reference;
    }
    bool has_reference = false;
    std::string joined;
    for (const TemplatePart& part : out.parts) {
      has_reference = has_reference || part.is_reference;
      joined += part.literal;
    }
    if (!has_reference) {
      out.kind = ValueKind::string;
      out.parts.clear();
      out.text = std::move(joined);
    }
    return &out;
  };
  return convert(parsed.root, 0);
}

} // namespace lint::terraform
