// libFuzzer target: the language server's message reader and dispatcher (lsp/transport, lsp/server)
// in synchronous mode (no threads, no debounce), so every analysis runs inside the input.
// The same bytes go through both framings:
//  - Content-Length framing (the LSP base protocol: header parsing, bad lengths, truncation);
//  - '---' separated messages (the transcript format of fixtures/lsp/*.jsonrpc, the seeds), after
//    a fixed initialize, so the fuzzer spends its time in didOpen/didChange/hover/codeAction.
#include "lsp/server.h"
#include "lsp/transport.h"
#include "rules/registry.h"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

namespace {

lint::lsp::ServerOptions options()
{
  lint::lsp::ServerOptions server_options;
  server_options.scheduling = lint::lsp::Scheduler::Mode::synchronous;
  server_options.rules = lint::rules::all();
  server_options.version = "fuzz";
  return server_options;
}

constexpr std::string_view k_initialize =
  R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{},"initializationOptions":{"asOf":"2025-06-01"}}})";
constexpr std::string_view k_initialized = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::size_t sent = 0;
  const auto sink = [&sent](const std::string& body) { sent += body.size(); };
  {
    std::istringstream in(bytes);
    std::ostringstream out;
    lint::lsp::ContentLengthTransport transport(in, out);
    lint::lsp::Server server(options(), sink);
    (void)server.run(transport);
  }
  {
    std::istringstream in(bytes);
    std::ostringstream out;
    lint::lsp::DelimitedTransport transport(in, out);
    lint::lsp::Server server(options(), sink);
    server.handle(k_initialize);
    server.handle(k_initialized);
    (void)server.run(transport);
  }
  return sent == 0 ? 0 : 0;
}
