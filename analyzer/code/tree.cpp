#include "analyzer/code/tree.h"

#include <algorithm>

namespace lint::code {

Tree::Tree(SourceFilePtr file, const TSLanguage* language) : m_file(std::move(file))
{
  m_parser = ts_parser_new();
  if (m_parser == nullptr || !ts_parser_set_language(m_parser, language)) {
    return;
  }
  // Input is bounded (k_max_file_bytes, calls.h) and tree-sitter's parsing is linear in it.
  const std::string_view text = m_file->text();
  m_tree = ts_parser_parse_string(m_parser, nullptr, text.data(), static_cast<std::uint32_t>(text.size()));
}

Tree::~Tree()
{
  if (m_tree != nullptr) {
    ts_tree_delete(m_tree);
  }
  if (m_parser != nullptr) {
    ts_parser_delete(m_parser);
  }
}

TSNode Tree::root() const { return ts_tree_root_node(m_tree); }

std::string_view Tree::text(TSNode node) const
{
  if (ts_node_is_null(node)) {
    return {};
  }
  const std::string_view all = m_file->text();
  const std::uint32_t begin = std::min<std::uint32_t>(ts_node_start_byte(node), static_cast<std::uint32_t>(all.size()));
  const std::uint32_t end = std::min<std::uint32_t>(ts_node_end_byte(node), static_cast<std::uint32_t>(all.size()));
  return all.substr(begin, end - begin);
}

Location Tree::location(TSNode node) const
{
  if (ts_node_is_null(node)) {
    return {m_file, {}};
  }
  return {m_file, {ts_node_start_byte(node), ts_node_end_byte(node)}};
}

} // namespace lint::code
