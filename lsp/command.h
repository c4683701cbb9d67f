#pragma once
// `lambdalint lsp [--stdio] [--transcript] [--sync]`: the language server on stdin/stdout.

#include "analyzer/driver.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lint::lsp {

/// ServerOptions::configure for `lambdalint lsp`: the project's `.lambdalint.yaml` (found from the
/// unit's path upward, as `lambdalint check` finds it) applied over the editor's settings. A file
/// with errors is skipped (`lambdalint config --show` reports them with positions).
DriverOptions configure_from_project_file(const std::string& path, const std::optional<std::string>& folder,
                                          const DriverOptions& from_settings);

/// Runs the server until the client exits or closes stdin; returns the process exit code.
/// `arguments` are those after "lsp".
int run_lsp_command(std::span<char* const> arguments, std::string_view version);

} // namespace lint::lsp
