#pragma once
// The located value tree: what YAML and JSON documents become. Every node and every mapping key
// keeps its byte range; CloudFormation short-form tags are already normalised to long form
// (`!Ref X` is the mapping {Ref: X}, `!GetAtt A.B` is {Fn::GetAtt: "A.B"}).

#include "support/source.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace lint {

enum class NodeKind : std::uint8_t { null, scalar, sequence, mapping };

struct Node;

struct MappingEntry {
  std::string key;
  SourceRange key_range;
  const Node* value = nullptr;
};

struct Node {
  NodeKind kind = NodeKind::null;
  /// A quoted YAML scalar or a JSON string: never a number or boolean, whatever it spells.
  bool quoted = false;
  /// The node came from a short-form tag (`!Ref X`): its mapping key has the tag's range.
  bool from_tag = false;
  /// The node carries a tag that is neither YAML's nor CloudFormation's (`!Rain::S3`, a
  /// preprocessor's macro): its value is only known after that tool runs.
  bool foreign_tag = false;
  SourceRange range;
  std::string scalar;                  // scalar text (kind == scalar)
  std::vector<const Node*> items;      // kind == sequence
  std::vector<MappingEntry> entries;   // kind == mapping, in source order; a duplicate key keeps its later value (as deployed)

  bool is_null() const { return kind == NodeKind::null; }
  bool is_scalar() const { return kind == NodeKind::scalar; }
  bool is_sequence() const { return kind == NodeKind::sequence; }
  bool is_mapping() const { return kind == NodeKind::mapping; }

  /// First entry with this key, or nullptr.
  const MappingEntry* find_entry(std::string_view key) const;
  /// Value of the first entry with this key, or nullptr.
  const Node* get(std::string_view key) const;
  /// The only entry of a one-key mapping whose key starts with "Fn::" or is "Ref"/"Condition":
  /// an intrinsic function call. nullptr otherwise.
  const MappingEntry* intrinsic() const;
};

/// Owns nodes; node addresses are stable (deque).
class NodeArena {
public:
  Node& make() { return m_nodes.emplace_back(); }
  std::size_t size() const { return m_nodes.size(); }

private:
  std::deque<Node> m_nodes;
};

/// Something wrong with the text itself; becomes LL001 (parse error) or LL002 (duplicate key).
struct SyntaxProblem {
  enum class Kind : std::uint8_t { parse_error, duplicate_key };
  Kind kind = Kind::parse_error;
  SourceRange range;
  std::string message;
  SourceRange related; // first occurrence, for duplicate keys
};

struct ParsedDocument {
  SourceFilePtr file;
  NodeArena arena;
  const Node* root = nullptr; // nullptr when the text could not be parsed at all
  std::vector<SyntaxProblem> problems;
};

/// Limits that keep hostile input bounded.
struct ParseLimits {
  std::uint32_t max_depth = 512;          // nesting of mappings/sequences
  std::uint64_t max_alias_nodes = 1'000'000; // nodes reachable through aliases (billion laughs)
};

enum class TextFormat : std::uint8_t { yaml, json };

/// JSON when the first non-space character is '{' or '[', YAML otherwise.
TextFormat sniff_format(std::string_view text);

/// Parses YAML or JSON (by sniffing). Never throws: problems end up in ParsedDocument::problems.
ParsedDocument parse_document(SourceFilePtr file, const ParseLimits& limits = {});
ParsedDocument parse_yaml(SourceFilePtr file, const ParseLimits& limits = {});
ParsedDocument parse_json(SourceFilePtr file, const ParseLimits& limits = {});

} // namespace lint
