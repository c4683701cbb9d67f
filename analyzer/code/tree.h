#pragma once
// A thin layer over the tree-sitter C API for the code readers: one parse per file, node helpers
// that read text from the file, and the three grammars compiled in (analyzer/code/CMakeLists.txt).

#include "support/source.h"

#include <tree_sitter/api.h>

#include <memory>
#include <string>
#include <string_view>

extern "C" {
const TSLanguage* tree_sitter_python();
const TSLanguage* tree_sitter_javascript();
const TSLanguage* tree_sitter_typescript();
}

namespace lint::code {

/// A parsed file. The tree owns its nodes; `Tree` is movable, not copyable.
class Tree {
public:
  Tree(SourceFilePtr file, const TSLanguage* language);
  ~Tree();
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  TSNode root() const;
  const SourceFilePtr& file() const { return m_file; }
  bool ok() const { return m_tree != nullptr; }

  std::string_view text(TSNode node) const;
  Location location(TSNode node) const;

private:
  SourceFilePtr m_file;
  TSParser* m_parser = nullptr;
  TSTree* m_tree = nullptr;
};

inline bool is(TSNode node, std::string_view type) { return !ts_node_is_null(node) && type == ts_node_type(node); }
inline TSNode field(TSNode node, std::string_view name)
{
  return ts_node_child_by_field_name(node, name.data(), static_cast<std::uint32_t>(name.size()));
}
inline std::string_view type_of(TSNode node) { return ts_node_is_null(node) ? std::string_view() : ts_node_type(node); }

} // namespace lint::code
