#pragma once
// Audit inputs: what AWS CLI commands print about a deployed account, detected by content and
// turned into the same Model the template frontends build (docs/audit.md).
//
// - Account exports are joined into ONE model (an account snapshot): `aws lambda list-functions`,
//   `get-function`, `get-function-configuration`, `get-function-concurrency`, `get-policy`,
//   `list-event-source-mappings`, `get-event-source-mapping`, `list-function-url-configs`,
//   `get-function-url-config`, and `aws iam get-account-authorization-details`. Functions, roles,
//   policies, permissions and mappings are linked by ARN across files.
// - Standalone inputs are their own unit: `aws cloudformation get-template` output (its
//   TemplateBody is a template) and `terraform show -json` plans and state. standalone_inputs()
//   is the list of such kinds.
//
// Every facet points into the export file it came from (the function, role, statement or mapping
// object), so findings read `list-functions.json:42:7`.

#include "analyzer/model.h"
#include "parsers/node.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lint::audit {

enum class ExportKind : std::uint8_t {
  none,
  get_template,            // aws cloudformation get-template
  authorization_details,   // aws iam get-account-authorization-details
  function_list,           // aws lambda list-functions
  function,                // aws lambda get-function
  function_configuration,  // aws lambda get-function-configuration
  function_concurrency,    // aws lambda get-function-concurrency
  function_policy,         // aws lambda get-policy
  event_source_mappings,   // aws lambda list-event-source-mappings
  event_source_mapping,    // aws lambda get-event-source-mapping
  function_url_configs,    // aws lambda list-function-url-configs
  function_url_config,     // aws lambda get-function-url-config
};
std::string_view to_string(ExportKind kind);

/// Cheap test on the raw text before parsing during a walk: could this be an AWS CLI export?
bool may_be_export(std::string_view text);

/// The kind of AWS CLI output a parsed document is (by its keys), or none.
ExportKind detect_export(const Node* root);

/// A kind of input that forms its own unit inside a snapshot directory (a stack's template, a
/// Terraform state): detected by content, built into its own Model.
struct StandaloneInput {
  std::string_view name;
  bool (*detect)(const Node* root) = nullptr;
  /// Builds the unit's model from the whole parsed file (never throws; problems are findings).
  std::unique_ptr<Model> (*build)(const ParsedDocument& document) = nullptr;
};
/// Every standalone kind: get-template, then `terraform show -json` plans and state.
std::span<const StandaloneInput> standalone_inputs();

/// get-template: the TemplateBody as a document of its own whose ranges are in the export file
/// (an object body is a subtree of the file; a string body is parsed with positions mapped back).
/// nullopt when the body is neither.
std::optional<ParsedDocument> template_body(const ParsedDocument& export_document);

/// The model of one export file on its own (`lambdalint check FILE`): a get-template's stack, or
/// an account snapshot of that one file. nullptr when it is not an export.
std::unique_ptr<Model> model_of_export(ParsedDocument document, ExportKind kind);

/// Joins account exports into one model. add() each parsed file, then build().
class SnapshotBuilder {
public:
  SnapshotBuilder();
  ~SnapshotBuilder();
  SnapshotBuilder(const SnapshotBuilder&) = delete;
  SnapshotBuilder& operator=(const SnapshotBuilder&) = delete;

  /// Adds one export (kind from detect_export; `none` and get_template are ignored). The document
  /// may be dropped after build(): the model keeps its own values and the files.
  void add(std::shared_ptr<const ParsedDocument> document, ExportKind kind);

  /// The account model: functions with their roles, permissions, URLs and mappings.
  std::unique_ptr<Model> build();

  /// Rules whose facts an account snapshot does not contain (log groups are not exported, so
  /// LL804 would report every function): the caller disables them for snapshot models.
  static std::span<const std::string_view> rules_without_facts();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace lint::audit
