#pragma once
// An in-process LSP client for the protocol tests (clangd's LSPClient): drives lint::lsp::Server
// directly, in synchronous mode unless told otherwise, and records everything the server sends.

#include "lsp/server.h"

#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

namespace lint::lsp::testing {

/// initializationOptions every test uses: a fixed date, so runtime-deprecation rules are stable.
inline Json fixed_settings()
{
  return Json{{"asOf", "2025-06-01"}};
}

class TestClient {
public:
  explicit TestClient(ServerOptions options = synchronous_options())
    : m_server(std::move(options), [this](const std::string& body) {
        const std::lock_guard lock(m_mutex);
        m_messages.push_back(Json::parse(body));
      })
  {
  }

  static ServerOptions synchronous_options()
  {
    ServerOptions options;
    options.scheduling = Scheduler::Mode::synchronous;
    options.version = "test";
    return options;
  }

  Server& server() { return m_server; }

  /// Sends raw text as one message body.
  bool send_raw(std::string_view body) { return m_server.handle(body); }

  /// Sends a request and returns its response (the whole message: result or error).
  Json request(const std::string& method, Json params = Json::object())
  {
    const int id = m_next_id++;
    m_server.handle(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}}.dump());
    const std::lock_guard lock(m_mutex);
    for (const Json& message : m_messages) {
      if (message.contains("id") && message["id"] == id && !message.contains("method")) {
        return message;
      }
    }
    FAIL("no response to " << method);
    return nullptr;
  }

  void notify(const std::string& method, Json params = Json::object())
  {
    m_server.handle(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}.dump());
  }

  Json initialize(Json capabilities = Json::object(), Json options = fixed_settings())
  {
    Json response = request("initialize", {{"capabilities", std::move(capabilities)}, {"initializationOptions", std::move(options)}});
    notify("initialized");
    return response;
  }

  void open(const std::string& uri, const std::string& text, std::int64_t version = 1)
  {
    notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "yaml"}, {"version", version}, {"text", text}}}});
  }

  void change(const std::string& uri, std::int64_t version, Json changes)
  {
    notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", std::move(changes)}});
  }

  /// Every message with this method, oldest first.
  std::vector<Json> notifications(std::string_view method)
  {
    const std::lock_guard lock(m_mutex);
    std::vector<Json> out;
    for (const Json& message : m_messages) {
      if (message.value("method", "") == method) {
        out.push_back(message["params"]);
      }
    }
    return out;
  }

  /// Every publishDiagnostics for `uri`, oldest first.
  std::vector<Json> publications(const std::string& uri)
  {
    std::vector<Json> out;
    for (Json& params : notifications("textDocument/publishDiagnostics")) {
      if (params["uri"] == uri) {
        out.push_back(std::move(params));
      }
    }
    return out;
  }

  /// The diagnostics last published for `uri` (fails the test when there were none).
  Json diagnostics(const std::string& uri)
  {
    const std::vector<Json> all = publications(uri);
    REQUIRE_MESSAGE(!all.empty(), "nothing published for " << uri);
    return all.back()["diagnostics"];
  }

  /// Log messages (window/logMessage) joined, for substring checks.
  std::string log_text()
  {
    std::string text;
    for (const Json& params : notifications("window/logMessage")) {
      text += params["message"].get<std::string>() + "\n";
    }
    return text;
  }

  void clear()
  {
    const std::lock_guard lock(m_mutex);
    m_messages.clear();
  }

private:
  std::mutex m_mutex;
  std::vector<Json> m_messages;
  int m_next_id = 1;
  Server m_server; // last: destroyed (worker stopped) before the message list
};

/// Diagnostics with this code.
inline std::vector<Json> with_code(const Json& diagnostics, std::string_view code)
{
  std::vector<Json> out;
  for (const Json& diagnostic : diagnostics) {
    if (diagnostic.value("code", "") == code) {
      out.push_back(diagnostic);
    }
  }
  return out;
}

} // namespace lint::lsp::testing
