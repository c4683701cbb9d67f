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

  /// Queues (or, in synchronous mode, runs) the analysis of `unit`. `for_code`: asked for by an
  /// open handler file, so a pull client's template is analysed too (code files are pushed).
  void schedule(const UnitId& unit, bool debounce, bool for_code = false);
  void schedule_all_open_units();
  /// A handler file opened, changed or saved: re-analyses the units whose last analysis read it.
  /// `opened`: also walks its workspace folder for units (discover()), the first time and then at
  /// most every k_rediscover_after; keystrokes never walk.
  void schedule_code_file(const std::string& path, bool debounce, bool opened);
  /// Walks a workspace folder for units (lsp/discovery.h) and queues those not analysed yet.
  void discover(const std::string& folder);
  /// Units whose last analysis read an open handler file. Caller holds m_mutex.
  std::vector<UnitId> units_reading_open_code_locked() const;
  /// Stores one unit's findings on handler code files and publishes what changed. Caller holds
  /// m_mutex. `unit_open`: the unit's own files are open (else only open code files get them).
  void deliver_code_locked(const UnitSnapshot& snapshot, const std::vector<std::string>& code_files,
                           std::map<std::string, Json>& diagnostics, bool unit_open);
  /// Publishes the diagnostics of every unit on a handler code file, merged. Caller holds m_mutex.
  void publish_code_locked(const std::string& path);
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
  /// Handler code files each unit's last analysis read (unit key → unit, files): a change to a
  /// code file re-analyses only the units that read it, never the whole workspace.
  struct CodeReaders {
    UnitId unit;
    std::set<std::string> files;
    std::uint64_t disk_stamp = 0; // the unit on disk when analysed (discover() re-reads a changed one)
  };
  std::map<std::string, CodeReaders> m_code_readers;
  /// Diagnostics on handler code files: code file → unit key → that unit's diagnostics on it (a
  /// file shared by two templates shows the findings of both).
  std::map<std::string, std::map<std::string, Json>> m_code_diagnostics;
  std::set<std::string> m_code_published;                      // code files with non-empty pushed diagnostics
  /// Units found under a workspace folder and waiting for a first analysis: analysed although
  /// none of their files is open, to learn which handler files they read.
  std::set<std::string> m_discovered;
  std::map<std::string, std::chrono::steady_clock::time_point> m_walked; // folder → last discovery
  bool m_initialized = false;
  bool m_shutdown = false;
  bool m_exit = false;
  std::int64_t m_next_request_id = 1;

  Scheduler m_scheduler; // last: its worker stops before the state it uses is destroyed
};

} // namespace lint::lsp
