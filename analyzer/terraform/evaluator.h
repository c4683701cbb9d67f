#pragma once
// Symbolic evaluation of Terraform expressions into the model's Values: literals, objects,
// tuples, templates and heredocs with interpolation, var./local./module. references (variables
// with defaults and tfvars, module inputs and outputs), resource and data references, the common
// functions (jsonencode, jsondecode, merge, concat, format, lookup, tolist, toset, ...),
// conditionals (both branches become a choice), arithmetic on known numbers, for expressions
// over known collections, and aws_iam_policy_document data sources (into the IAM JSON shape).
// What cannot be known stays Unknown with a reason; nothing is guessed.
//
// Where it lives: evaluator.cpp (expressions, references, bodies), evaluator_modules.cpp (module
// loading, variables, locals, outputs, count / for_each), evaluator_functions.cpp (built-in
// functions), evaluator_json.cpp (JSON written in HCL, file() and templatefile()), policy_document.cpp
// (aws_iam_policy_document, data "aws_iam_policy").

#include "analyzer/model.h"
#include "analyzer/terraform/module.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lint::terraform {

/// Names bound while evaluating (each.key, each.value, count.index, for-expression variables).
struct Bindings {
  const Bindings* parent = nullptr;
  std::vector<std::pair<std::string, const Value*>> names;
  const Value* find(std::string_view name) const;
};

/// The instances a resource block expands to through count / for_each.
struct Expansion {
  struct Item {
    std::string address_suffix;   // "", "[0]", "[\"key\"]"
    const Value* key = nullptr;   // count.index / each.key (nullptr when not counted)
    const Value* value = nullptr; // each.value
  };
  std::vector<Item> items;
  bool symbolic = false;  // count/for_each could not be evaluated: one instance stands for all
  bool counted = false;   // the block has count or for_each
};

class ModuleLoader;

/// One instance of a module: the root, or a `module` block (its resources are addressed
/// "module.<name>.<type>.<name>").
struct Instance {
  const ModuleSource* source = nullptr;
  std::string prefix;        // "" for the root, "module.api." for a child
  std::string manifest_key;  // .terraform/modules/modules.json key: "api", "api.lambda"
  Instance* parent = nullptr;
  const Block* call = nullptr; // the module block in the parent
  int depth = 0;
  std::map<std::string, std::unique_ptr<Instance>, std::less<>> children;
  std::set<std::string, std::less<>> unloadable_children; // remote or recursive module calls
  std::map<std::string, std::string, std::less<>> unloadable_reasons;
  /// Module calls whose source is not on disk (a registry or remote module `terraform init` did
  /// not download, a local path without Terraform files): name → source as written (LL013).
  std::map<std::string, std::string, std::less<>> unavailable_sources;
  std::map<std::string, const Value*, std::less<>> locals;
  std::map<std::string, const Value*, std::less<>> variables;
  std::set<std::string, std::less<>> in_progress;
  std::map<const Block*, Expansion> expansions;
  std::map<const Block*, const Value*> documents; // evaluated aws_iam_policy_document data sources
};

struct Context {
  Instance* instance = nullptr;
  const hcl::Document* document = nullptr;
  const Bindings* bindings = nullptr;
};

/// Finds and caches module sources: local paths, and registry modules through the root's
/// .terraform/modules/modules.json.
class ModuleLoader {
public:
  explicit ModuleLoader(std::filesystem::path root_directory);
  const ModuleSource* root() const { return m_root; }
  /// The root module's directory: Terraform's working directory, which relative paths in
  /// file() and templatefile() are read from.
  const std::filesystem::path& root_directory() const { return m_root_directory; }
  void set_root(std::unique_ptr<ModuleSource> root);
  /// The source of a module call, or nullptr with a reason (remote, missing, not initialised).
  /// `unavailable` is set when the source is simply not on disk (not downloaded, no files).
  const ModuleSource* resolve(const Instance& parent, std::string_view name, std::string_view source, std::string& reason,
                              bool& unavailable);

private:
  std::filesystem::path m_root_directory;
  const ModuleSource* m_root = nullptr;
  std::map<std::string, std::unique_ptr<ModuleSource>> m_loaded; // canonical directory → module
  std::map<std::string, std::string> m_manifest;                  // modules.json key → directory
  bool m_manifest_read = false;
};

class Evaluator {
public:
  Evaluator(Model& model, ModuleLoader& loader) : m_model(model), m_loader(loader) {}

  const Value* evaluate(const Context& context, hcl::Node expression);
  /// A block body as a map: attributes by name, nested blocks as lists of maps (Terraform's own
  /// shape: `vpc_config[0].subnet_ids`). Meta-arguments (count, for_each, depends_on,
  /// lifecycle, provider, provisioner, connection) are left out.
  const Value* body(const Context& context, hcl::Node body, std::string_view resource_type);
  /// count / for_each of a resource block, evaluated once per instance.
  const Expansion& expansion(Instance& instance, const Block& block);
  /// The child instance of a module call, or nullptr when it cannot be loaded.
  Instance* child(Instance& instance, std::string_view name);
  /// A template written as JSON (heredoc or quoted string), decoded with exact positions;
  /// nullptr when the text is not JSON.
  const Value* json_template(const Context& context, hcl::Node expression);
  /// An aws_iam_policy_document data source as a policy document map.
  const Value* policy_document(Instance& instance, const Block& block);

  Value& make(const Context& context, ValueKind kind, SourceRange range);
  const Value* unknown(const Context& context, SourceRange range, std::string reason);
  /// An unknown value that Terraform itself would report as an error (an attribute missing from
  /// a known object, an index outside a known list): try() and can() fall back past it.
  const Value* error(const Context& context, SourceRange range, std::string reason);
  bool is_error(const Value* value) const { return value != nullptr && m_errors.contains(value); }

private:
  const Value* sequence(const Context& context, const std::vector<hcl::Node>& nodes, SourceRange range);
  const Value* primary(const Context& context, hcl::Node node);
  const Value* traversal(const Context& context, const std::vector<hcl::Node>& nodes, std::size_t& consumed, SourceRange range);
  const Value* apply_postfix(const Context& context, const Value* value, hcl::Node postfix, SourceRange range);
  const Value* template_value(const Context& context, hcl::Node node, bool quoted);
  const Value* function_call(const Context& context, hcl::Node node);
  /// Collection and string functions (evaluator_functions.cpp); nullptr when `name` is none of them.
  const Value* collection_function(const Context& context, std::string_view name, const std::vector<hcl::Node>& arguments, SourceRange range);
  const Value* string_function(const Context& context, std::string_view name, const std::vector<hcl::Node>& arguments, SourceRange range);
  /// file() and templatefile(): the file read from the module's directory (guarded like every
  /// read), decoded as JSON with exact positions when it is a JSON document, else its text.
  const Value* file_function(const Context& context, SourceRange range, const Value* path, const Value* variables, bool interpolate);
  /// A JSON text made of literal byte ranges of `file` and interpolations (each a byte range of
  /// `file` and its value), decoded with the file's positions; nullptr when it is not JSON.
  struct JsonPiece {
    SourceRange range;
    const Value* value = nullptr; // nullptr: literal text
  };
  const Value* decode_json_pieces(const Context& context, const SourceFilePtr& file, const std::vector<JsonPiece>& pieces);
  /// A `dynamic "x" { for_each = ...; content { ... } }` block: one body per element when the
  /// collection is known; nullptr when it is not.
  const Value* dynamic_block(const Context& context, hcl::Node block, std::string_view label, std::string_view resource_type);
  /// data "aws_iam_policy" with a literal arn or name of an AWS managed policy: its ARN (the
  /// document comes from the compiled managed policy catalog through the ARN), else nullptr.
  const Value* managed_policy_data(const Context& context, const Block& block, std::string_view attribute, SourceRange range);
  const Value* operation(const Context& context, hcl::Node node);
  const Value* for_expression(const Context& context, hcl::Node node);
  const Value* variable(const Context& context, std::string_view name, SourceRange range);
  const Value* local(const Context& context, std::string_view name, SourceRange range);
  const Value* module_output(const Context& context, std::string_view module, std::string_view output, SourceRange range);
  const Value* resource_reference(const Context& context, std::string_view type, std::string_view name, const std::vector<hcl::Node>& nodes,
                                  std::size_t& consumed, SourceRange range, bool data);
  const Value* with_use_site(const Context& context, const Value* value, SourceRange range, std::string via, const Value* written);
  std::string key_text(const Context& context, hcl::Node key);
  /// LL002: an argument written twice in one body.
  void duplicate_argument(const Context& context, std::string_view name, SourceRange first, SourceRange again);
  /// The argument a resource reference names, as written in the resource block
  /// (aws_iam_role.worker.name → its `name`), when the resource is not counted; else nullptr.
  const Value* written_argument(Instance& instance, const Value* reference);
  void unresolved(const Context& context, SourceRange range, std::string_view what, std::string_view name);

  Model& m_model;
  ModuleLoader& m_loader;
  /// Counts a value an expression produced against the unit's evaluation budget; false (and one
  /// LL001 at `range`) once the budget is spent.
  bool within_budget(const Context& context, const Value* value, SourceRange range);

  std::set<std::pair<const SourceFile*, std::uint32_t>> m_reported;
  std::set<const Value*> m_errors;
  std::vector<std::unique_ptr<hcl::Document>> m_template_documents; // templatefile() parses (values point into them)
  std::uint64_t m_template_bytes = 0; // bytes file()/templatefile() read and parse in this unit (bounded)
  int m_depth = 0;
  // Evaluation budget of the unit (docs/robustness.md): values made and bytes they hold.
  std::uint64_t m_values_made = 0;
  std::uint64_t m_bytes_made = 0;
  std::uint64_t m_instances_made = 0; // module instances: each costs its own maps and evaluations
  bool m_over_budget = false;
  const Value* m_last_counted = nullptr;
};

} // namespace lint::terraform
