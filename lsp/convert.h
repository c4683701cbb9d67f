#pragma once
// Findings → LSP diagnostics, and diagnostics → code actions. The only place (with protocol.*)
// that turns byte ranges into LSP positions.

#include "lsp/protocol.h"
#include "support/finding.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lint::lsp {

struct ConvertOptions {
  PositionEncoding encoding = PositionEncoding::utf16;
  bool related_information = true; // the client shows Diagnostic.relatedInformation
  /// URI under which the client knows a path (its own spelling for open buffers).
  std::function<std::string(const std::string& path)> uri_for;
};

/// The rule's page in the repository's docs (codeDescription.href).
std::string rule_doc_url(std::string_view rule_id);

/// One finding as an LSP Diagnostic. Its fix (edits already in LSP positions) rides in `data`,
/// so textDocument/codeAction needs no new analysis (ruff, terraform-ls).
Json to_diagnostic(const Finding& finding, const ConvertOptions& options);

struct CodeActionInput {
  std::string uri;
  std::optional<std::int64_t> version; // the open buffer's version (versioned edits)
  std::string_view text;               // the buffer's current text
  bool yaml_comments = true;           // '#' comments are possible (YAML, HCL; not JSON)
  bool document_changes = false;       // client supports WorkspaceEdit.documentChanges
  PositionEncoding encoding = PositionEncoding::utf16;
};

/// Code actions for one of our diagnostics as the client sent it back: its fix as a quick fix
/// (preferred when the fix is safe) and an "ignore LLnnn here" suppression comment.
std::vector<Json> code_actions_for(const Json& diagnostic, const CodeActionInput& input);

/// The suppression comment line inserted above a finding's line: "<indent># lambdalint:ignore
/// LLnnn\n". It carries no placeholder reason: LL010 asks for the real one until it is written.
std::string suppression_comment(std::string_view rule_id, std::string_view indentation);

} // namespace lint::lsp
