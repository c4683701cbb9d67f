// JSON → located value tree. A small recursive-descent reader of our own: nlohmann/json keeps
// no positions and silently merges duplicate keys, both of which we need.

#include "parsers/node.h"
#include "support/text.h"

#include <fmt/format.h>

#include <unordered_map>

namespace lint {
namespace {

struct JsonError {
  std::uint32_t at;
  std::string message;
};

class JsonReader {
public:
  JsonReader(ParsedDocument& doc, const ParseLimits& limits) : m_doc(doc), m_limits(limits), m_text(doc.file->text()) {}

  const Node* read()
  {
    if (m_text.starts_with("\xEF\xBB\xBF")) {
      m_pos = 3;
    }
    skip_space();
    const Node* root = &value(0);
    skip_space();
    if (m_pos < m_text.size()) {
      fail("unexpected text after the JSON value");
    }
    return root;
  }

private:
  [[noreturn]] void fail(std::string message) const { throw JsonError{static_cast<std::uint32_t>(m_pos), std::move(message)}; }

  void skip_space()
  {
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++m_pos;
      } else {
        break;
      }
    }
  }

  char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }

  Node& value(std::uint32_t depth)
  {
    if (depth >= m_limits.max_depth) {
      fail(fmt::format("nesting deeper than {} levels", m_limits.max_depth));
    }
    if (m_pos >= m_text.size()) {
      fail("unexpected end of input, expected a value");
    }
    switch (m_text[m_pos]) {
    case '{':
      return object(depth);
    case '[':
      return array(depth);
    case '"': {
      Node& node = m_doc.arena.make();
      node.kind = NodeKind::scalar;
      node.quoted = true;
      const auto begin = static_cast<std::uint32_t>(m_pos);
      node.scalar = string();
      node.range = {begin, static_cast<std::uint32_t>(m_pos)};
      return node;
    }
    default:
      return literal();
    }
  }

  Node& literal()
  {
    const std::size_t begin = m_pos;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' || c == 'E') {
        ++m_pos;
      } else {
        break;
      }
    }
    const std::string_view word = m_text.substr(begin, m_pos - begin);
    if (word.empty()) {
      fail(fmt::format("unexpected character '{}'", printable(m_text[begin])));
    }
    Node& node = m_doc.arena.make();
    node.range = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(m_pos)};
    if (word == "null") {
      node.kind = NodeKind::null;
      return node;
    }
    const bool is_number = word.find_first_not_of("0123456789-+.eE") == std::string_view::npos && word != "-";
    if (word != "true" && word != "false" && !is_number) {
      m_pos = begin;
      fail(fmt::format("invalid literal '{}'", word));
    }
    node.kind = NodeKind::scalar;
    node.scalar = std::string(word);
    return node;
  }

  static std::string printable(char c)
  {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    }
    return std::string(1, c);
  }

  std::string string()
  {
    ++m_pos; // opening quote
    std::string out;
    while (true) {
      if (m_pos >= m_text.size()) {
        fail("unterminated string");
      }
      const char c = m_text[m_pos];
      if (c == '"') {
        ++m_pos;
        return out;
      }
      if (c == '\n') {
        fail("unterminated string (newline inside a string)");
      }
      if (c != '\\') {
        out.push_back(c);
        ++m_pos;
        continue;
      }
      ++m_pos;
      const char escape = peek();
      ++m_pos;
      switch (escape) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': append_utf8(out, unicode_escape()); break;
      default:
        --m_pos;
        fail(fmt::format("invalid escape '\\{}'", printable(escape)));
      }
    }
  }

  std::uint32_t hex4()
  {
    if (m_pos + 4 > m_text.size()) {
      fail("truncated \\u escape");
    }
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = m_text[m_pos++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        fail("invalid hex digit in \\u escape");
      }
    }
    return value;
  }

  std::uint32_t unicode_escape()
  {
    std::uint32_t cp = hex4();
    if (cp >= 0xD800 && cp <= 0xDBFF && m_text.substr(m_pos, 2) == "\\u") {
      m_pos += 2;
      const std::uint32_t low = hex4();
      if (low >= 0xDC00 && low <= 0xDFFF) {
        return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      }
      return 0xFFFD;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      return 0xFFFD; // lone surrogate
    }
    return cp;
  }

  Node& array(std::uint32_t depth)
  {
    Node& node = m_doc.arena.make();
    node.kind = NodeKind::sequence;
    const auto begin = static_cast<std::uint32_t>(m_pos);
    ++m_pos;
    skip_space();
    if (peek() == ']') {
      ++m_pos;
    } else {
      while (true) {
        skip_space();
        node.items.push_back(&value(depth + 1));
        skip_space();
        if (peek() == ',') {
          ++m_pos;
          continue;
        }
        if (peek() == ']') {
          ++m_pos;
          break;
        }
        fail("expected ',' or ']' in array");
      }
    }
    node.range = {begin, static_cast<std::uint32_t>(m_pos)};
    return node;
  }

  Node& object(std::uint32_t depth)
  {
    Node& node = m_doc.arena.make();
    node.kind = NodeKind::mapping;
    const auto begin = static_cast<std::uint32_t>(m_pos);
    ++m_pos;
    skip_space();
    std::unordered_map<std::string, std::size_t> seen; // key → entry index
    if (peek() == '}') {
      ++m_pos;
    } else {
      while (true) {
        skip_space();
        if (peek() != '"') {
          fail("expected a string key in object");
        }
        const auto key_begin = static_cast<std::uint32_t>(m_pos);
        std::string key = string();
        const SourceRange key_range{key_begin, static_cast<std::uint32_t>(m_pos)};
        skip_space();
        if (peek() != ':') {
          fail("expected ':' after object key");
        }
        ++m_pos;
        skip_space();
        const Node& child = value(depth + 1);
        if (const auto [first, inserted] = seen.emplace(key, node.entries.size()); !inserted) {
          m_doc.problems.push_back({SyntaxProblem::Kind::duplicate_key, key_range,
                                    fmt::format("duplicate key '{}' (CloudFormation rejects templates with duplicate keys)", key),
                                    node.entries[first->second].key_range});
          // CloudFormation keeps the later value (LL002 reports the duplicate): so does the tree.
          node.entries[first->second] = {std::move(key), key_range, &child};
        } else {
          node.entries.push_back({std::move(key), key_range, &child});
        }
        skip_space();
        if (peek() == ',') {
          ++m_pos;
          continue;
        }
        if (peek() == '}') {
          ++m_pos;
          break;
        }
        fail("expected ',' or '}' in object");
      }
    }
    node.range = {begin, static_cast<std::uint32_t>(m_pos)};
    return node;
  }

  ParsedDocument& m_doc;
  const ParseLimits& m_limits;
  std::string_view m_text;
  std::size_t m_pos = 0;
};

} // namespace

ParsedDocument parse_json(SourceFilePtr file, const ParseLimits& limits)
{
  ParsedDocument doc;
  doc.file = file;
  try {
    JsonReader reader(doc, limits);
    doc.root = reader.read();
  } catch (const JsonError& error) {
    doc.root = nullptr;
    doc.problems.push_back({SyntaxProblem::Kind::parse_error, {error.at, error.at}, error.message, {}});
  }
  return doc;
}

} // namespace lint
