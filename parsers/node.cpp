#include "parsers/node.h"

namespace lint {

const MappingEntry* Node::find_entry(std::string_view key) const
{
  for (const MappingEntry& entry : entries) {
    if (entry.key == key) {
      return &entry;
    }
  }
  return nullptr;
}

const Node* Node::get(std::string_view key) const
{
  const MappingEntry* entry = find_entry(key);
  return entry ? entry->value : nullptr;
}

const MappingEntry* Node::intrinsic() const
{
  if (kind != NodeKind::mapping || entries.size() != 1) {
    return nullptr;
  }
  const std::string& key = entries.front().key;
  if (key == "Ref" || key == "Condition" || key.starts_with("Fn::")) {
    return &entries.front();
  }
  return nullptr;
}

TextFormat sniff_format(std::string_view text)
{
  std::size_t i = 0;
  if (text.starts_with("\xEF\xBB\xBF")) {
    i = 3;
  }
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      continue;
    }
    return c == '{' || c == '[' ? TextFormat::json : TextFormat::yaml;
  }
  return TextFormat::yaml;
}

ParsedDocument parse_document(SourceFilePtr file, const ParseLimits& limits)
{
  // A template that starts with '{' or '[' is JSON, and its errors are JSON errors: falling back
  // to YAML would accept broken JSON ({"a": } is a valid YAML flow mapping) and hide the fault.
  if (sniff_format(file->text()) == TextFormat::json) {
    return parse_json(std::move(file), limits);
  }
  return parse_yaml(std::move(file), limits);
}

} // namespace lint
