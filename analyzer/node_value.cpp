#include "analyzer/node_value.h"

#include <charconv>

namespace lint {

bool parse_number(std::string_view text, double& out)
{
  if (text.empty() || text.size() > 40) {
    return false;
  }
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (*begin == '+') {
    ++begin;
  }
  const auto [ptr, error] = std::from_chars(begin, end, out);
  return error == std::errc() && ptr == end;
}

namespace {

class Converter {
public:
  Converter(ValueArena& values, const NodeValueOptions& options) : m_values(values), m_options(options) {}

  const Value* convert(const Node& node, int depth)
  {
    const SourceRange range = m_options.map_range ? m_options.map_range(node.range) : node.range;
    if (depth > m_options.max_depth) {
      Value& unknown = make(ValueKind::unknown, range);
      unknown.text = "nested too deeply";
      return &unknown;
    }
    switch (node.kind) {
    case NodeKind::null:
      return &make(ValueKind::null, range);
    case NodeKind::sequence: {
      Value& list = make(ValueKind::list, range);
      list.items.reserve(node.items.size());
      for (const Node* item : node.items) {
        list.items.push_back(item ? convert(*item, depth + 1) : &make(ValueKind::null, range));
      }
      return &list;
    }
    case NodeKind::mapping: {
      Value& map = make(ValueKind::map, range);
      map.entries.reserve(node.entries.size());
      for (const MappingEntry& entry : node.entries) {
        const SourceRange key_range = m_options.map_range ? m_options.map_range(entry.key_range) : entry.key_range;
        map.entries.push_back({entry.key, key_range, entry.value ? convert(*entry.value, depth + 1) : &make(ValueKind::null, key_range)});
      }
      return &map;
    }
    case NodeKind::scalar:
      break;
    }
    if (!m_options.typed_scalars) {
      Value& text = make(ValueKind::string, range);
      text.text = node.scalar;
      return &text;
    }
    if (!node.quoted && (node.scalar == "true" || node.scalar == "false")) {
      Value& boolean = make(ValueKind::boolean, range);
      boolean.boolean = node.scalar == "true";
      boolean.text = node.scalar;
      return &boolean;
    }
    // As the CloudFormation evaluator does: a quoted "30" stays a string that reads as a number.
    double number = 0;
    const bool numeric = parse_number(node.scalar, number);
    Value& value = make(numeric && !node.quoted ? ValueKind::number : ValueKind::string, range);
    value.text = node.scalar;
    value.number = number;
    value.numeric_text = numeric;
    return &value;
  }

private:
  Value& make(ValueKind kind, SourceRange range)
  {
    Value& value = m_values.make(kind, range);
    value.file = m_options.file;
    return value;
  }

  ValueArena& m_values;
  const NodeValueOptions& m_options;
};

} // namespace

const Value* node_value(const Node* node, ValueArena& values, const NodeValueOptions& options)
{
  if (node == nullptr) {
    return nullptr;
  }
  Converter converter(values, options);
  return converter.convert(*node, 0);
}

} // namespace lint
