#pragma once
// `lambdalint lsp [--stdio] [--transcript] [--sync]`: the language server on stdin/stdout.

#include <span>
#include <string_view>

namespace lint::lsp {

/// Runs the server until the client exits or closes stdin; returns the process exit code.
/// `arguments` are those after "lsp".
int run_lsp_command(std::span<char* const> arguments, std::string_view version);

} // namespace lint::lsp
