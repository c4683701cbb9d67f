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
  if (sniff_format(file->text()) == TextFormat::json) {
    ParsedDocument json = parse_json(file, limits);
    // JSON with YAML-only extras (comments, trailing commas) is still valid YAML flow syntax for
    // some templates; fall back to YAML before reporting a parse error.
    if (json.root == nullptr) {
      ParsedDocument yaml = parse_yaml(file, limits);
      if (yaml.root != nullptr) {
        return yaml;
      }
    }
    return json;
  }
  return parse_yaml(std::move(file), limits);
}

} // namespace lint
