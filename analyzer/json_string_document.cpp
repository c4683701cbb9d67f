#include "analyzer/json_string_document.h"

#include "analyzer/node_value.h"
#include "parsers/node.h"

#include <algorithm>

#include <memory>
#include <string>
#include <vector>

namespace lint {
namespace {

constexpr int k_max_depth = 64;

/// Where each byte of a decoded string is written in the file: [begin, end) of its text.
struct Alignment {
  std::vector<std::uint32_t> begins;
  std::vector<std::uint32_t> ends;
  bool empty() const { return begins.empty(); }
};

/// Walks the written literal alongside the decoded text: a byte written as itself maps to itself;
/// the bytes a backslash escape decodes to map to the whole escape; quotes, indentation and
/// folding are skipped. Empty when the literal cannot be aligned with the text (a parameter
/// default, a computed string).
Alignment align(std::string_view written, std::uint32_t base, std::string_view decoded)
{
  Alignment out;
  std::vector<std::uint32_t>& offsets = out.begins;
  std::vector<std::uint32_t>& ends = out.ends;
  offsets.reserve(decoded.size());
  ends.reserve(decoded.size());
  std::size_t w = 0;
  for (std::size_t d = 0; d < decoded.size();) {
    if (w >= written.size()) {
      // Only trailing line breaks may remain (a block scalar's kept final newline).
      if (decoded.substr(d).find_first_not_of("\r\n") != std::string_view::npos) {
        return {};
      }
      offsets.push_back(base + static_cast<std::uint32_t>(written.size()));
      ends.push_back(base + static_cast<std::uint32_t>(written.size()));
      ++d;
      continue;
    }
    if (written[w] == decoded[d]) {
      offsets.push_back(base + static_cast<std::uint32_t>(w));
      ends.push_back(base + static_cast<std::uint32_t>(w + 1));
      ++w;
      ++d;
      continue;
    }
    if (written[w] == '\\' && w + 1 < written.size()) {
      // One escape: \uXXXX (its UTF-8 bytes, up to 4), \UXXXXXXXX, \xXX, or a one-character escape.
      std::size_t length = 2;
      std::size_t produced = 1;
      const char kind = written[w + 1];
      if (kind == 'u' || kind == 'U' || kind == 'x') {
        length = kind == 'u' ? 6 : kind == 'U' ? 10 : 4;
        const unsigned char lead = static_cast<unsigned char>(decoded[d]);
        produced = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      } else if (kind == '\n' || kind == '\r') {
        length = 2; // YAML escaped line break: produces nothing
        produced = 0;
      }
      for (std::size_t i = 0; i < produced && d < decoded.size(); ++i, ++d) {
        offsets.push_back(base + static_cast<std::uint32_t>(w));
        ends.push_back(base + static_cast<std::uint32_t>(std::min(w + length, written.size())));
      }
      w += length;
      continue;
    }
    ++w; // quoting, indentation, a folded line break: not part of the decoded text
  }
  return out;
}

/// The text a scalar is written in. A YAML block scalar (`|`, `>`) runs from its header to the
/// last line indented more than the header's line, whatever range the reader gave it.
std::string_view written_text(std::string_view text, SourceRange range)
{
  if (range.begin >= text.size()) {
    return {};
  }
  if (text[range.begin] != '|' && text[range.begin] != '>') {
    return text.substr(range.begin, std::min<std::size_t>(range.end, text.size()) - range.begin);
  }
  const std::size_t line_begin = text.rfind('\n', range.begin) == std::string_view::npos ? 0 : text.rfind('\n', range.begin) + 1;
  std::size_t header_indent = 0;
  while (line_begin + header_indent < text.size() && text[line_begin + header_indent] == ' ') {
    ++header_indent;
  }
  std::size_t end = text.find('\n', range.begin);
  if (end == std::string_view::npos) {
    return text.substr(range.begin);
  }
  std::size_t content_end = end;
  for (std::size_t pos = end + 1; pos < text.size();) {
    std::size_t eol = text.find('\n', pos);
    eol = eol == std::string_view::npos ? text.size() : eol;
    std::size_t indent = 0;
    while (pos + indent < eol && text[pos + indent] == ' ') {
      ++indent;
    }
    const bool blank = pos + indent >= eol || text[pos + indent] == '\r';
    if (!blank && indent <= header_indent) {
      break;
    }
    if (!blank) {
      content_end = eol;
    }
    pos = eol + 1;
  }
  return text.substr(range.begin, content_end - range.begin);
}

/// A range of the decoded text as a range of the file; the whole literal when unaligned.
SourceRange map_range(const Alignment& alignment, SourceRange whole, SourceRange decoded)
{
  const std::vector<std::uint32_t>& begins = alignment.begins;
  if (alignment.empty() || decoded.begin >= begins.size() || decoded.end > begins.size() || decoded.begin > decoded.end) {
    return whole;
  }
  // The end is that of the range's last byte, so an escaped closing quote counts whole.
  const std::uint32_t begin = begins[decoded.begin];
  const std::uint32_t end = decoded.end > decoded.begin ? alignment.ends[decoded.end - 1] : begin;
  return {begin, std::max(end, begin)};
}

} // namespace

const Value* decode_json_string_document(const Value* value, const SourceFilePtr& file, ValueArena& values)
{
  if (value == nullptr || value->kind != ValueKind::string) {
    return value;
  }
  const std::size_t first = value->text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || value->text[first] != '{') {
    return value;
  }
  auto decoded_file = std::make_shared<const SourceFile>("<policy string>", value->text);
  const ParsedDocument document = parse_json(decoded_file);
  if (document.root == nullptr || !document.root->is_mapping() || !document.problems.empty()) {
    return value; // not JSON (or not only JSON): left as the string it is
  }
  const SourceFilePtr& where = value->file ? value->file : file;
  Alignment offsets;
  // Only a value written at its own range can be aligned (a parameter default is reported at the
  // Ref that uses it: every key then points at that range).
  if (where != nullptr && value->via_parameter.empty() && value->range.end <= where->text().size()) {
    offsets = align(written_text(where->text(), value->range), value->range.begin, value->text);
  }
  NodeValueOptions options;
  options.file = value->file;
  options.max_depth = k_max_depth;
  options.map_range = [&offsets, whole = value->range](SourceRange decoded) { return map_range(offsets, whole, decoded); };
  return node_value(document.root, values, options);
}

} // namespace lint
