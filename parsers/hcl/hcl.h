#pragma once
// HCL syntax trees (Terraform .tf and .tfvars files), parsed by tree-sitter with the HCL grammar.
// A thin, range-keeping view over the tree-sitter tree: every node has its byte range in the
// SourceFile; Terraform expressions are evaluated later, symbolically (analyzer/terraform/).
// Syntax errors do not stop the parse: tree-sitter recovers, the first ERROR/MISSING node is
// reported (LL001) and the rest of the tree is still there to analyse.

#include "support/source.h"

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lint::hcl {

/// One node of the syntax tree. Cheap to copy; valid while its Document lives.
class Node {
public:
  Node() = default;
  explicit Node(TSNode node) : m_node(node) {}

  bool is_null() const { return ts_node_is_null(m_node); }
  explicit operator bool() const { return !is_null(); }
  /// The grammar's node type: "block", "attribute", "expression", "get_attr", ...
  std::string_view type() const { return is_null() ? std::string_view() : std::string_view(ts_node_type(m_node)); }
  bool is(std::string_view kind) const { return type() == kind; }
  SourceRange range() const;
  bool is_error() const { return !is_null() && ts_node_is_error(m_node); }
  bool is_missing() const { return !is_null() && ts_node_is_missing(m_node); }
  bool has_error() const { return !is_null() && ts_node_has_error(m_node); }

  /// Named children (punctuation and anonymous tokens left out; comments included).
  std::vector<Node> children() const;
  /// The first named child of a type, or a null node.
  Node child(std::string_view kind) const;
  /// All named children of a type.
  std::vector<Node> children(std::string_view kind) const;
  Node field(const char* name) const;

  TSNode raw() const { return m_node; }

private:
  TSNode m_node{};
};

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};

struct SyntaxError {
  SourceRange range;
  std::string message;
};

struct Document {
  SourceFilePtr file;
  std::unique_ptr<TSTree, TreeDeleter> tree;
  /// The first ERROR or MISSING node, in text order; nullopt for a clean parse.
  std::optional<SyntaxError> error;

  Node root() const { return tree ? Node(ts_tree_root_node(tree.get())) : Node(); }
  /// The top-level body (attributes and blocks), or a null node.
  Node body() const { return root().child("body"); }
  std::string_view text(Node node) const;
};

/// Parses HCL text. Never throws; a text tree-sitter cannot parse at all yields a Document whose
/// tree is null and whose error says why.
Document parse(SourceFilePtr file);
/// Parses `text` (as long as the file's text, with the same offsets: a rendering of a .tf.json
/// body as HCL attributes) for the `file` whose positions and node texts it stands for; only the
/// bytes in `included` are read.
Document parse_as(SourceFilePtr file, std::string_view text, SourceRange included);

/// Helpers over the HCL grammar's shapes.
/// `block`: its type identifier ("resource") and its labels (strings without quotes).
std::string_view block_type(const Document& document, Node block);
std::vector<std::pair<std::string, SourceRange>> block_labels(const Document& document, Node block);
/// `attribute`: its name and its value expression.
std::string_view attribute_name(const Document& document, Node attribute);
Node attribute_value(Node attribute);

} // namespace lint::hcl
