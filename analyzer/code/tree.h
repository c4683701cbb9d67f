#pragma once
// A thin layer over the tree-sitter C API for the code readers: one parse per file, node helpers
// that read text from the file, and the three grammars compiled in (analyzer/code/CMakeLists.txt).

#include "support/source.h"

#include <tree_sitter/api.h>

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

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

/// Every node below `root` (itself included), pre-order and iterative: deep nesting cannot
/// exhaust the stack.
template <typename Visit>
void walk_preorder(TSNode root, Visit&& visit)
{
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool done = false;
  while (!done) {
    visit(ts_tree_cursor_current_node(&cursor));
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
}

/// What the names of one file stand for, read in two passes. Pass 1 binds every assignment in the
/// file: a name assigned two different meanings is conflicting and means nothing. Pass 2 reads in
/// source order: a name means what it was last assigned, else its one meaning from pass 1 (a
/// function defined below its caller).
template <typename Symbol>
class TwoPassNames {
public:
  void bind(std::string name, const Symbol& symbol, bool first_pass)
  {
    if (first_pass) {
      const auto [it, inserted] = m_all.emplace(name, symbol);
      if (!inserted && !it->second.same(symbol)) {
        m_conflicting.insert(name);
      }
    } else {
      m_current[std::move(name)] = symbol;
    }
  }

  const Symbol* lookup(const std::string& name, bool first_pass) const
  {
    if (!first_pass) {
      if (const auto found = m_current.find(name); found != m_current.end()) {
        return &found->second;
      }
    }
    if (m_conflicting.count(name) == 0) {
      if (const auto found = m_all.find(name); found != m_all.end()) {
        return &found->second;
      }
    }
    return nullptr;
  }

  /// After pass 1: the names with one meaning in the whole file.
  std::unordered_map<std::string, Symbol> unambiguous() const
  {
    std::unordered_map<std::string, Symbol> out = m_all;
    for (const std::string& name : m_conflicting) {
      out.erase(name);
    }
    return out;
  }

private:
  std::unordered_map<std::string, Symbol> m_all; // pass 1
  std::set<std::string> m_conflicting;
  std::unordered_map<std::string, Symbol> m_current; // pass 2: assigned so far
};

} // namespace lint::code
