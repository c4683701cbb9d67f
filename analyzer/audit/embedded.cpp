#include "analyzer/audit/embedded.h"

#include "support/percent.h"
#include "support/text.h"

#include <unordered_set>
#include <vector>

namespace lint::audit {
namespace {

/// Decoded text plus, for each decoded byte (and one past the end), the outer offset it came from.
struct Decoded {
  std::string text;
  std::vector<std::uint32_t> origin;
};

/// A JSON string literal (with its quotes) at `base` in the outer file.
std::optional<Decoded> decode_json_string(std::string_view raw, std::uint32_t base)
{
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') {
    return std::nullopt;
  }
  Decoded out;
  out.text.reserve(raw.size());
  out.origin.reserve(raw.size());
  std::size_t i = 1;
  const std::size_t end = raw.size() - 1;
  auto emit = [&](char c, std::size_t from) {
    out.text.push_back(c);
    out.origin.push_back(base + static_cast<std::uint32_t>(from));
  };
  while (i < end) {
    const std::size_t start = i;
    if (raw[i] != '\\') {
      emit(raw[i], start);
      ++i;
      continue;
    }
    if (i + 1 >= end) {
      return std::nullopt;
    }
    const char escape = raw[i + 1];
    i += 2;
    switch (escape) {
    case 'n': emit('\n', start); break;
    case 't': emit('\t', start); break;
    case 'r': emit('\r', start); break;
    case 'b': emit('\b', start); break;
    case 'f': emit('\f', start); break;
    case '/': emit('/', start); break;
    case '\\': emit('\\', start); break;
    case '"': emit('"', start); break;
    case 'u': {
      auto read_unit = [&](std::size_t at) -> std::optional<std::uint32_t> {
        if (at + 4 > end) {
          return std::nullopt;
        }
        std::uint32_t unit = 0;
        for (std::size_t k = 0; k < 4; ++k) {
          const int digit = hex_digit_value(raw[at + k]);
          if (digit < 0) {
            return std::nullopt;
          }
          unit = unit * 16 + static_cast<std::uint32_t>(digit);
        }
        return unit;
      };
      std::optional<std::uint32_t> unit = read_unit(i);
      if (!unit) {
        return std::nullopt;
      }
      i += 4;
      std::uint32_t code_point = *unit;
      if (code_point >= 0xD800 && code_point <= 0xDBFF && i + 6 <= end && raw[i] == '\\' && raw[i + 1] == 'u') {
        if (const auto low = read_unit(i + 2); low && *low >= 0xDC00 && *low <= 0xDFFF) {
          code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
          i += 6;
        }
      }
      std::string bytes;
      append_utf8(bytes, code_point);
      for (const char byte : bytes) {
        emit(byte, start);
      }
      break;
    }
    default:
      return std::nullopt;
    }
  }
  out.origin.push_back(base + static_cast<std::uint32_t>(end));
  return out;
}

/// A YAML literal block scalar (`|`, `|-`, `|2`...): each content line loses its indentation.
std::optional<Decoded> decode_yaml_literal_block(std::string_view raw, std::uint32_t base)
{
  if (raw.empty() || raw.front() != '|') {
    return std::nullopt;
  }
  std::size_t line_start = raw.find('\n');
  if (line_start == std::string_view::npos) {
    return std::nullopt;
  }
  ++line_start;
  std::size_t indent = std::string_view::npos;
  Decoded out;
  while (line_start < raw.size()) {
    std::size_t line_end = raw.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = raw.size();
    }
    const std::string_view line = raw.substr(line_start, line_end - line_start);
    const std::size_t spaces = line.find_first_not_of(' ');
    if (indent == std::string_view::npos && spaces != std::string_view::npos) {
      indent = spaces;
    }
    const std::size_t skip = std::min(line.size(), indent == std::string_view::npos ? line.size() : indent);
    for (std::size_t k = skip; k < line.size(); ++k) {
      out.text.push_back(line[k]);
      out.origin.push_back(base + static_cast<std::uint32_t>(line_start + k));
    }
    if (line_end < raw.size()) {
      out.text.push_back('\n');
      out.origin.push_back(base + static_cast<std::uint32_t>(line_end));
    }
    line_start = line_end + 1;
  }
  out.origin.push_back(base + static_cast<std::uint32_t>(raw.size()));
  return out;
}

/// RFC 3986 percent-decoding ('+' stays '+'), composing the origin map.
Decoded url_decode(const Decoded& in)
{
  Decoded out;
  out.text.reserve(in.text.size());
  out.origin.reserve(in.origin.size());
  for (std::size_t i = 0; i < in.text.size(); ++i) {
    if (in.text[i] == '%' && i + 2 < in.text.size() + 0 && hex_digit_value(in.text[i + 1]) >= 0 && hex_digit_value(in.text[i + 2]) >= 0) {
      out.text.push_back(static_cast<char>(hex_digit_value(in.text[i + 1]) * 16 + hex_digit_value(in.text[i + 2])));
      out.origin.push_back(in.origin[i]);
      i += 2;
    } else {
      out.text.push_back(in.text[i]);
      out.origin.push_back(in.origin[i]);
    }
  }
  out.origin.push_back(in.origin.back());
  return out;
}

SourceRange remap(SourceRange range, const std::vector<std::uint32_t>& origin)
{
  const auto at = [&](std::uint32_t offset) { return origin[std::min<std::size_t>(offset, origin.size() - 1)]; };
  SourceRange mapped{at(range.begin), at(range.end)};
  if (mapped.end < mapped.begin) {
    mapped.end = mapped.begin;
  }
  return mapped;
}

/// The parser's text and ours agree (YAML block scalars may differ in trailing line breaks).
bool same_text(std::string_view ours, std::string_view parsers)
{
  while (ours.ends_with('\n') && parsers.ends_with('\n')) {
    ours.remove_suffix(1);
    parsers.remove_suffix(1);
  }
  while (ours.ends_with('\n')) {
    ours.remove_suffix(1);
  }
  while (parsers.ends_with('\n')) {
    parsers.remove_suffix(1);
  }
  return ours == parsers;
}

} // namespace

bool looks_url_encoded(std::string_view text)
{
  return text.starts_with("%7B") || text.starts_with("%7b");
}

std::optional<ParsedDocument> parse_embedded(const SourceFilePtr& outer, const Node& string_node, StringEncoding encoding)
{
  const std::string_view whole = outer->text();
  if (string_node.range.end > whole.size() || string_node.range.begin >= string_node.range.end) {
    return std::nullopt;
  }
  const std::string_view raw = whole.substr(string_node.range.begin, string_node.range.end - string_node.range.begin);
  std::optional<Decoded> decoded = decode_json_string(raw, string_node.range.begin);
  if (!decoded) {
    decoded = decode_yaml_literal_block(raw, string_node.range.begin);
  }
  if (!decoded || !same_text(decoded->text, string_node.scalar)) {
    // A form whose characters we cannot follow (a folded or quoted YAML scalar): every position
    // falls back to the start of the string. The text itself is the parser's, so it is exact.
    decoded = Decoded{string_node.scalar, std::vector<std::uint32_t>(string_node.scalar.size() + 1, string_node.range.begin)};
  }
  if (encoding == StringEncoding::url_encoded) {
    decoded = url_decode(*decoded);
  }
  auto inner_file = std::make_shared<const SourceFile>(outer->path(), decoded->text);
  ParsedDocument document = parse_document(inner_file);
  const std::vector<std::uint32_t>& origin = decoded->origin;
  std::unordered_set<const Node*> seen;
  std::vector<const Node*> pending;
  if (document.root != nullptr) {
    pending.push_back(document.root);
  }
  while (!pending.empty()) {
    Node* node = const_cast<Node*>(pending.back()); // we own the arena
    pending.pop_back();
    if (!seen.insert(node).second) {
      continue;
    }
    node->range = remap(node->range, origin);
    for (MappingEntry& entry : node->entries) {
      entry.key_range = remap(entry.key_range, origin);
      pending.push_back(entry.value);
    }
    for (const Node* item : node->items) {
      pending.push_back(item);
    }
  }
  for (SyntaxProblem& problem : document.problems) {
    problem.range = remap(problem.range, origin);
    problem.related = remap(problem.related, origin);
  }
  document.file = outer;
  return document;
}

} // namespace lint::audit
