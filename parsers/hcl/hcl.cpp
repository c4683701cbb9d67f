#include "parsers/hcl/hcl.h"

#include <fmt/format.h>

extern "C" const TSLanguage* tree_sitter_hcl(void);

namespace lint::hcl {

SourceRange Node::range() const
{
  if (is_null()) {
    return {};
  }
  return {ts_node_start_byte(m_node), ts_node_end_byte(m_node)};
}

namespace {

/// Calls visit(node) for each named child in order until it returns false. A tree cursor steps
/// from one sibling to the next in constant time; ts_node_named_child(i) walks from the first
/// child each time, which made child() and children() quadratic on wide nodes (tens of thousands
/// of children after error recovery).
template <typename Visit>
void for_each_named_child(TSNode parent, Visit&& visit)
{
  TSTreeCursor cursor = ts_tree_cursor_new(parent);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode node = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(node) && !visit(Node(node))) {
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

} // namespace

std::vector<Node> Node::children() const
{
  std::vector<Node> out;
  if (is_null()) {
    return out;
  }
  out.reserve(ts_node_named_child_count(m_node));
  for_each_named_child(m_node, [&](Node child) {
    out.push_back(child);
    return true;
  });
  return out;
}

Node Node::child(std::string_view kind) const
{
  Node found;
  if (is_null()) {
    return found;
  }
  for_each_named_child(m_node, [&](Node candidate) {
    if (candidate.type() == kind) {
      found = candidate;
      return false;
    }
    return true;
  });
  return found;
}

std::vector<Node> Node::children(std::string_view kind) const
{
  std::vector<Node> out;
  if (is_null()) {
    return out;
  }
  for_each_named_child(m_node, [&](Node candidate) {
    if (candidate.type() == kind) {
      out.push_back(candidate);
    }
    return true;
  });
  return out;
}

Node Node::field(const char* name) const
{
  if (is_null()) {
    return {};
  }
  return Node(ts_node_child_by_field_name(m_node, name, static_cast<std::uint32_t>(std::char_traits<char>::length(name))));
}

std::string_view Document::text(Node node) const
{
  if (node.is_null() || !file) {
    return {};
  }
  const SourceRange range = node.range();
  const std::string_view all = file->text();
  if (range.begin > all.size() || range.end > all.size() || range.end < range.begin) {
    return {};
  }
  return all.substr(range.begin, range.end - range.begin);
}

namespace {

/// The first ERROR or MISSING node in text order (depth-first, children in order).
std::optional<SyntaxError> first_error(const Document& document, TSNode root)
{
  if (!ts_node_has_error(root)) {
    return std::nullopt;
  }
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::optional<SyntaxError> found;
  for (;;) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_missing(node)) {
      const std::uint32_t at = ts_node_start_byte(node);
      found = SyntaxError{{at, at}, fmt::format("syntax error: missing '{}'", ts_node_type(node))};
      break;
    }
    if (ts_node_is_error(node)) {
      const std::uint32_t begin = ts_node_start_byte(node);
      std::uint32_t end = ts_node_end_byte(node);
      // Point at the first offending token (the start of the ERROR node), not the whole region.
      const std::string_view text = document.file->text();
      std::uint32_t stop = begin;
      while (stop < end && stop < text.size() && text[stop] != '\n') {
        ++stop;
      }
      end = stop > begin ? stop : end;
      std::string excerpt(text.substr(begin, std::min<std::uint32_t>(end - begin, 40)));
      found = SyntaxError{{begin, end}, excerpt.empty() ? std::string("syntax error") : fmt::format("syntax error: unexpected '{}'", excerpt)};
      break;
    }
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    // Next sibling, or up until one exists.
    bool moved = false;
    while (!moved) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        moved = true;
      } else if (!ts_tree_cursor_goto_parent(&cursor)) {
        break;
      }
    }
    if (!moved) {
      break;
    }
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

std::string unquote(std::string_view text)
{
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      ++i;
      switch (text[i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      default: out += text[i]; break;
      }
    } else {
      out += text[i];
    }
  }
  return out;
}

} // namespace

Document parse(SourceFilePtr file)
{
  const std::string_view text = file->text();
  return parse_as(std::move(file), text, {0, static_cast<std::uint32_t>(text.size())});
}

Document parse_as(SourceFilePtr file, std::string_view text, SourceRange included)
{
  Document document;
  document.file = std::move(file);
  TSParser* parser = ts_parser_new();
  if (parser == nullptr || !ts_parser_set_language(parser, tree_sitter_hcl())) {
    if (parser) {
      ts_parser_delete(parser);
    }
    document.error = SyntaxError{{0, 0}, "internal: the HCL grammar could not be loaded"};
    return document;
  }
  if (included.begin > 0 || included.end < text.size()) {
    // Only this part of the text is parsed; offsets stay the text's. The points are not used.
    TSRange range{{0, included.begin}, {0, included.end}, included.begin, std::min<std::uint32_t>(included.end, static_cast<std::uint32_t>(text.size()))};
    ts_parser_set_included_ranges(parser, &range, 1);
  }
  auto parse_text = [&](std::string_view input) {
    return std::unique_ptr<TSTree, TreeDeleter>(ts_parser_parse_string(parser, nullptr, input.data(), static_cast<std::uint32_t>(input.size())));
  };
  document.tree = parse_text(text);
  if (!document.tree) {
    ts_parser_delete(parser);
    document.error = SyntaxError{{0, 0}, "syntax error: the file could not be parsed as HCL"};
    return document;
  }
  document.error = first_error(document, ts_tree_root_node(document.tree.get()));
  // Recovery: tree-sitter may let one bad line swallow the rest of the file (`x = = 1` opens a
  // heredoc that never ends). The reported error stays the first one; for analysis, the lines of
  // each error are blanked (spaces, so every offset stays the file's) and the text parsed again,
  // a few times at most, so the blocks after the mistake are still analysed.
  std::string repaired(text);
  for (int attempt = 0; attempt < 8; ++attempt) {
    const auto error = first_error(document, ts_tree_root_node(document.tree.get()));
    if (!error) {
      break;
    }
    std::uint32_t begin = std::min<std::uint32_t>(error->range.begin, static_cast<std::uint32_t>(repaired.size()));
    std::uint32_t end = std::max(begin, std::min<std::uint32_t>(error->range.end, static_cast<std::uint32_t>(repaired.size())));
    while (begin > 0 && repaired[begin - 1] != '\n') {
      --begin;
    }
    while (end < repaired.size() && repaired[end] != '\n') {
      ++end;
    }
    bool changed = false;
    for (std::uint32_t i = begin; i < end; ++i) {
      if (repaired[i] != ' ' && repaired[i] != '\n') {
        repaired[i] = ' ';
        changed = true;
      }
    }
    if (!changed) {
      break;
    }
    auto retry = parse_text(repaired);
    if (!retry) {
      break;
    }
    document.tree = std::move(retry);
  }
  ts_parser_delete(parser);
  return document;
}

std::string_view block_type(const Document& document, Node block)
{
  return document.text(block.child("identifier"));
}

std::vector<std::pair<std::string, SourceRange>> block_labels(const Document& document, Node block)
{
  std::vector<std::pair<std::string, SourceRange>> labels;
  bool first_identifier = true;
  for (Node child : block.children()) {
    if (child.is("identifier")) {
      if (first_identifier) {
        first_identifier = false;
        continue;
      }
      labels.emplace_back(std::string(document.text(child)), child.range());
    } else if (child.is("string_lit")) {
      labels.emplace_back(unquote(document.text(child)), child.range());
    } else if (child.is("block_start") || child.is("body")) {
      break;
    }
  }
  return labels;
}

std::string_view attribute_name(const Document& document, Node attribute)
{
  return document.text(attribute.child("identifier"));
}

Node attribute_value(Node attribute)
{
  return attribute.child("expression");
}

} // namespace lint::hcl
