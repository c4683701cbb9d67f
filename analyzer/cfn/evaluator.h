#pragma once
// Evaluates CloudFormation property trees into symbolic Values: intrinsic functions (Ref, GetAtt,
// Sub in both forms, Join, If with both branches, FindInMap, Select, Split, ...), parameters with
// defaults and pseudo parameters. References that name nothing declared are reported (LL003).

#include "analyzer/model.h"
#include "parsers/node.h"

#include <functional>
#include <map>
#include <set>

namespace lint::cfn {

/// What a template declares that references may name.
struct Declarations {
  std::map<std::string, const MappingEntry*, std::less<>> parameters; // name → the parameter's entry
  std::set<std::string, std::less<>> resources;
  std::set<std::string, std::less<>> conditions;
  const Node* mappings = nullptr;
  /// SAM generates resources the template never declares (<Function>Role, ServerlessRestApi...):
  /// names with these prefixes are not reported as unresolved.
  std::vector<std::string> generated_prefixes;
  /// For some prefixes, the only names SAM generates: the prefix followed by one of these (a
  /// function's events, `Role`, `Alias`...). Other names that merely start with the prefix are
  /// the template's own and must be declared.
  std::map<std::string, std::vector<std::string>, std::less<>> generated_stems;
  /// Fn::ForEach (AWS::LanguageExtensions) declares resources whose names are only known after
  /// expansion: resource names are then never reported as unresolved.
  bool has_for_each = false;
};

class Evaluator {
public:
  Evaluator(Model& model, const Declarations& declarations) : m_model(model), m_declarations(declarations) {}

  /// Evaluates a node (nullptr → nullptr).
  const Value* evaluate(const Node* node);
  /// Checks the references inside a node that is not otherwise evaluated (Outputs, Conditions).
  void check_references(const Node* node);
  /// Reports an unresolved name (LL003) at a range.
  void unresolved(SourceRange range, std::string_view kind, std::string_view name, std::string_view context = {});
  bool is_declared_name(std::string_view name) const;
  /// A name SAM (or a CloudFormation module) generates, per Declarations::generated_prefixes / generated_stems.
  bool is_generated(std::string_view name) const;
  /// The declared name nearest to `name` (edit distance, case-insensitive) among the names `kind`
  /// may designate, when it is close enough to be a likely typo; empty otherwise.
  std::string suggestion(std::string_view kind, std::string_view name) const;

private:
  const Value* evaluate_intrinsic(const Node& node, const MappingEntry& call, int depth);
  const Value* evaluate_at(const Node* node, int depth);
  const Value* evaluate_node(const Node* node, int depth);
  /// Charges `cost` bytes to the template's evaluation budget; false (and one LL001 at `range`)
  /// once it is spent.
  bool spend(std::uint64_t cost, SourceRange range);
  const Value* ref(const Node& node, const MappingEntry& call);
  const Value* get_att(const Node& node, const MappingEntry& call);
  const Value* sub(const Node& node, const MappingEntry& call, int depth);
  const Value* join(const Node& node, const MappingEntry& call, int depth);
  const Value* find_in_map(const Node& node, const MappingEntry& call, int depth);
  const Value* unknown(SourceRange range, std::string reason);
  const Value* parameter_value(const MappingEntry& parameter, SourceRange site);
  void walk_references(const Node* node, int depth);

  Model& m_model;
  const Declarations& m_declarations;
  std::map<std::string, const Value*, std::less<>> m_parameter_defaults;
  // Evaluation budget of the template (docs/robustness.md): estimated bytes of the values made.
  std::uint64_t m_cost = 0;
  bool m_over_budget = false;
  const Node* m_call = nullptr; // the innermost intrinsic being evaluated: where a budget LL001 points
};

/// Parses `${Name}` / `${Name.Attr}` / `${!Literal}` in an Fn::Sub string into parts. Returns
/// false on an unterminated `${`.
struct SubVariable {
  std::string name;
  std::size_t offset = 0; // byte offset of "${" inside the string
  std::size_t length = 0;
};
bool parse_sub_string(std::string_view text, std::vector<std::string>& literals, std::vector<SubVariable>& variables);



} // namespace lint::cfn
