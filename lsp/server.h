#pragma once
// The LSP server (clangd's ClangdLSPServer role): lifecycle, capability negotiation, document
// sync, diagnostics (push always when the client cannot pull; pull when it can), code actions,
// hover. Messages in as bodies, messages out through a sink, so tests drive it in-process.
//
// Threads: the reader thread calls handle(); in background mode one scheduler worker analyses
// and publishes. Both take m_mutex for the shared state; a publish happens under it after a
// staleness check, so a diagnostic is never sent for a version older than the newest received.

#include "lsp/analysis.h"
#include "lsp/protocol.h"
#include "lsp/scheduler.h"
#include "lsp/settings.h"
#include "lsp/workspace.h"

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace lint::lsp {

class Transport;

struct ServerOptions {
  Scheduler::Mode scheduling = Scheduler::Mode::background;
  std::span<const Rule* const> rules;
  /// The driver entry point; defaults to analyze_unit() with `rules` and `terraform`.
  UnitAnalyzer analyzer;
  /// Replaces the Terraform module analysis (tests); empty = analyze_terraform_module().
  TerraformModuleAnalyzer terraform;
  /// Folds project configuration (`.lambdalint.yaml`, found upward from `path`, bounded by its
  /// workspace folder when known) into the options from the client's settings. Empty = settings
  /// only. `lambdalint lsp` sets configure_from_project_file (lsp/command.h).
  std::function<DriverOptions(const std::string& path, const std::optional<std::string>& folder, const DriverOptions& from_settings)>
    configure;
  std::string version = "0.0.0"; // serverInfo.version
};

class Server {
public:
  using Sink = std::function<void(const std::string& body)>;

  Server(ServerOptions options, Sink sink);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Handles one message body. Returns false once the client sent `exit`.
  bool handle(std::string_view body);
  /// A framing error from the transport: logged, answered with a ParseError.
  void framing_error(const std::string& message);
  /// Reads and handles messages until `exit` or the end of input. Returns the process exit code:
  /// 0 after shutdown+exit or when the input ends, 1 for exit without shutdown (LSP 3.17).
  int run(Transport& transport);
  /// Blocks until no analysis is queued or running (tests, benchmarks).
  void wait_idle();

private:
  struct ClientCapabilities {
    bool pull_diagnostics = false;
    bool refresh_diagnostics = false;
    bool related_information = false;
    bool document_changes = false;
    bool markdown_hover = true;
  };

  /// The last analysis of a file, kept for hover, pull requests and code actions.
  struct FileResult {
    std::optional<std::int64_t> version;
    std::uint64_t settings_generation = 0;
    std::vector<Finding> findings;
    Json diagnostics; // as published
  };

  using RequestHandler = Json (Server::*)(const Json& params);
  using NotificationHandler = void (Server::*)(const Json& params);

  void dispatch(const Json& message);
  void reply(const Json& id, Json result);
  void reply_error(const Json& id, int code, const std::string& message);
  void notify(std::string_view method, Json params);
  void log(int type, const std::string& message); // window/logMessage: 1 error .. 4 log
  void send(const Json& message);

  // Requests.
  Json on_initialize(const Json& params);
  Json on_shutdown(const Json& params);
  Json on_code_action(const Json& params);
  Json on_hover(const Json& params);
  Json on_diagnostic(const Json& params);
  // Notifications.
  void on_initialized(const Json& params);
  void on_did_open(const Json& params);
  void on_did_change(const Json& params);
  void on_did_save(const Json& params);
  void on_did_close(const Json& params);
  void on_did_change_configuration(const Json& params);
  void on_did_change_workspace_folders(const Json& params);

  /// Queues (or, in synchronous mode, runs) the analysis of `unit`.
  void schedule(const UnitId& unit, bool debounce);
  void schedule_all_open_units();
  /// Takes a snapshot, analyses it and publishes unless stale. Called by the scheduler.
  void analyze_and_publish(const UnitId& unit);
  /// Analyses a snapshot, catching everything: a failure is a log line, never a dead server.
  std::optional<UnitAnalysis> run_analysis(const UnitSnapshot& snapshot);
  /// Stores and publishes results. Caller holds m_mutex and has checked the snapshot is current.
  /// `pulled`: the results answer a pull request (no refresh request for them).
  void deliver_locked(const UnitSnapshot& snapshot, UnitAnalysis& analysis, bool pulled);
  /// Results for an open document at its current version, analysing inline if needed.
  std::optional<FileResult> current_result(const std::string& path);
  DriverOptions options_for_locked(const UnitId& unit) const;
  void publish_locked(const std::string& path, const Json& diagnostics, std::optional<std::int64_t> version);

  ServerOptions m_options;
  Sink m_sink;

  std::mutex m_mutex; // guards everything below
  Workspace m_workspace;
  Settings m_settings = default_settings();
  std::uint64_t m_settings_generation = 1;
  ClientCapabilities m_client;
  PositionEncoding m_encoding = PositionEncoding::utf16;
  std::map<std::string, FileResult> m_results;               // by path
  std::map<std::string, std::set<std::string>> m_published;   // unit key → paths with non-empty diagnostics
  std::set<std::string> m_logged;                              // messages logged once per session
  bool m_initialized = false;
  bool m_shutdown = false;
  bool m_exit = false;
  std::int64_t m_next_request_id = 1;

  Scheduler m_scheduler; // last: its worker stops before the state it uses is destroyed
};

} // namespace lint::lsp
