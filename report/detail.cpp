#include "report/detail.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace lint::report::detail {

std::vector<const Rule*> sorted_rules(std::span<const Rule* const> rules)
{
  std::vector<const Rule*> sorted;
  sorted.reserve(rules.size());
  for (const Rule* rule : rules) {
    if (rule != nullptr) {
      sorted.push_back(rule);
    }
  }
  std::sort(sorted.begin(), sorted.end(), [](const Rule* a, const Rule* b) { return a->meta.id < b->meta.id; });
  return sorted;
}

std::ptrdiff_t rule_index(const std::vector<const Rule*>& sorted, std::string_view id)
{
  auto it = std::lower_bound(sorted.begin(), sorted.end(), id,
                             [](const Rule* rule, std::string_view key) { return rule->meta.id < key; });
  if (it == sorted.end() || (*it)->meta.id != id) {
    return -1;
  }
  return it - sorted.begin();
}

std::array<std::size_t, 3> count_levels(std::span<const Finding> findings)
{
  std::array<std::size_t, 3> counts{};
  for (const Finding& finding : findings) {
    ++counts[static_cast<std::size_t>(finding.level)];
  }
  return counts;
}

SourceRange clamped(const SourceFile& file, SourceRange range)
{
  const auto size = static_cast<std::uint32_t>(file.text().size());
  const std::uint32_t begin = std::min(range.begin, size);
  const std::uint32_t end = std::clamp(range.end, begin, size);
  return {begin, end};
}

char32_t decode_utf8(std::string_view text, std::size_t i, std::uint32_t& length)
{
  const auto lead = static_cast<unsigned char>(text[i]);
  length = utf8_sequence_length(lead);
  if (length == 1) {
    return lead < 0x80 ? lead : 0xFFFD;
  }
  if (i + length > text.size()) {
    length = 1;
    return 0xFFFD;
  }
  char32_t cp = lead & (0x7F >> length);
  for (std::uint32_t k = 1; k < length; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) {
      length = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  return cp;
}

namespace {

/// The code point at text[i] when it is a valid, shortest-form UTF-8 sequence, else nullopt.
std::optional<char32_t> strict_code_point(std::string_view text, std::size_t i, std::uint32_t& length)
{
  const char32_t cp = decode_utf8(text, i, length);
  if (cp == 0xFFFD && !(length == 3 && text.substr(i, 3) == "\xEF\xBF\xBD")) {
    length = 1;
    return std::nullopt;
  }
  const char32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : length == 4 ? 0x10000 : 0;
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    length = 1;
    return std::nullopt;
  }
  return cp;
}

} // namespace

std::string valid_utf8(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t length = 1;
    if (strict_code_point(text, i, length)) {
      out.append(text.substr(i, length));
    } else {
      out += "\xEF\xBF\xBD";
    }
    i += length;
  }
  return out;
}

std::string printable(std::string_view text, bool keep_newlines)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t length = 1;
    const std::optional<char32_t> cp = strict_code_point(text, i, length);
    if (!cp) {
      out += "\xEF\xBF\xBD";
    } else if (*cp == U'\t' || (*cp == U'\n' && keep_newlines)) {
      out += static_cast<char>(*cp);
    } else if (*cp == U'\n') {
      out += "\\n";
    } else if (*cp == U'\r') {
      out += "\\r";
    } else if (*cp < 0x20 || *cp == 0x7F || (*cp >= 0x80 && *cp <= 0x9F)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(*cp));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

namespace {

bool is_heading(std::string_view line) { return !line.empty() && line.front() == '#'; }

bool is_fence(std::string_view line)
{
  const auto first = line.find_first_not_of(' ');
  return first != std::string_view::npos && line.substr(first).starts_with("```");
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view strip_heading(std::string_view line)
{
  line.remove_prefix(std::min(line.find_first_not_of('#'), line.size()));
  line.remove_prefix(std::min(line.find_first_not_of(' '), line.size()));
  return line;
}

// Inline markup: `code`, **bold**, __bold__, [text](url) -> "text (url)". Single * and _ stay:
// they are too common in identifiers and globs to strip safely.
std::string strip_inline(std::string_view line)
{
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '`') {
      continue;
    }
    if ((c == '*' || c == '_') && i + 1 < line.size() && line[i + 1] == c) {
      ++i;
      continue;
    }
    if (c == '[') {
      const auto close = line.find("](", i);
      const auto paren = close == std::string_view::npos ? close : line.find(')', close);
      if (paren != std::string_view::npos) {
        out += strip_inline(line.substr(i + 1, close - i - 1));
        out += " (";
        out += line.substr(close + 2, paren - close - 2);
        out += ')';
        i = paren;
        continue;
      }
    }
    out += c;
  }
  return out;
}

template <typename F> void for_each_line(std::string_view text, F&& f)
{
  while (!text.empty()) {
    const auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    f(line);
    if (newline == std::string_view::npos) {
      break;
    }
    text.remove_prefix(newline + 1);
  }
}

} // namespace

std::string markdown_to_plain(std::string_view markdown)
{
  std::string out;
  bool in_fence = false;
  for_each_line(markdown, [&](std::string_view line) {
    if (is_fence(line)) {
      in_fence = !in_fence;
      return;
    }
    if (in_fence) {
      out += "    "; // code keeps its text and layout, indented like a markdown code block
      out += line;
    } else if (is_heading(line)) {
      out += strip_heading(line);
    } else {
      out += strip_inline(line);
    }
    out += '\n';
  });
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

std::string first_paragraph(std::string_view markdown)
{
  std::string out;
  bool started = false;
  bool done = false;
  bool in_fence = false;
  for_each_line(markdown, [&](std::string_view line) {
    if (done) {
      return;
    }
    if (is_fence(line)) {
      in_fence = !in_fence;
      done = started;
      return;
    }
    if (in_fence) {
      return;
    }
    if (is_blank(line) || is_heading(line)) {
      done = started;
      return;
    }
    const auto first = line.find_first_not_of(" \t");
    if (started) {
      out += ' ';
    }
    out += strip_inline(line.substr(first));
    started = true;
  });
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string truncate_utf8(std::string text, std::size_t max_bytes)
{
  if (text.size() <= max_bytes) {
    return text;
  }
  std::size_t cut = max_bytes >= 3 ? max_bytes - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut; // never split a multi-byte sequence
  }
  text.resize(cut);
  text += "...";
  return text;
}

} // namespace lint::report::detail
