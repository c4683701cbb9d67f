#include "lsp/server.h"

#include "lsp/convert.h"
#include "lsp/discovery.h"
#include "lsp/hover.h"
#include "lsp/transport.h"
#include "parsers/node.h"
#include "rules/registry.h"

#include <fmt/format.h>

namespace lint::lsp {
namespace {

constexpr int k_log_error = 1;
constexpr int k_log_warning = 2;
constexpr int k_log_info = 3;

/// How often a workspace folder is walked again for templates when a handler file is opened that
/// no known unit reads (a template added since): bounded, so opening many unrelated scripts in a
/// large repository does not walk it each time.
constexpr std::chrono::seconds k_rediscover_after{30};
/// Units analysed from disk per discovery: beyond this a workspace is not indexed (logged).
constexpr std::size_t k_max_discovered_units = 2000;

/// The value at a path of object keys, or nullptr.
const Json* find_path(const Json& json, std::initializer_list<std::string_view> keys)
{
  const Json* at = &json;
  for (const std::string_view key : keys) {
    if (!at->is_object()) {
      return nullptr;
    }
    const auto it = at->find(key);
    if (it == at->end()) {
      return nullptr;
    }
    at = &*it;
  }
  return at;
}

bool flag(const Json& json, std::initializer_list<std::string_view> keys)
{
  const Json* value = find_path(json, keys);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::string document_path(const Json& params)
{
  const auto uri = params.at("textDocument").at("uri").get<std::string>();
  auto path = path_from_uri(uri);
  if (!path) {
    throw RpcError{error_code::invalid_params, fmt::format("not a file URI: {}", uri)};
  }
  return *path;
}

} // namespace

Server::Server(ServerOptions options, Sink sink)
  : m_options(std::move(options)), m_sink(std::move(sink)), m_scheduler(m_options.scheduling)
{
  if (m_options.rules.empty()) {
    m_options.rules = rules::all();
  }
  if (!m_options.analyzer) {
    m_options.analyzer = [rules = m_options.rules, terraform = m_options.terraform](const UnitSnapshot& snapshot) {
      return analyze_unit(snapshot, rules, terraform);
    };
  }
}

Server::~Server()
{
  m_scheduler.stop();
}

void Server::send(const Json& message)
{
  // Replace rather than throw on invalid UTF-8 (a message quoting a broken file name).
  m_sink(message.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void Server::reply(const Json& id, Json result)
{
  send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::reply_error(const Json& id, int code, const std::string& message)
{
  send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Server::notify(std::string_view method, Json params)
{
  send(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void Server::log(int type, const std::string& message)
{
  notify("window/logMessage", Json{{"type", type}, {"message", message}});
}

void Server::framing_error(const std::string& message)
{
  log(k_log_error, fmt::format("lambdalint: malformed message: {}", message));
  reply_error(nullptr, error_code::parse_error, message);
}

bool Server::handle(std::string_view body)
{
  Json message;
  try {
    message = Json::parse(body);
  } catch (const Json::exception& error) {
    log(k_log_error, fmt::format("lambdalint: malformed JSON message: {}", error.what()));
    reply_error(nullptr, error_code::parse_error, fmt::format("malformed JSON: {}", error.what()));
    return true;
  }
  dispatch(message);
  return !m_exit;
}

void Server::dispatch(const Json& message)
{
  if (!message.is_object()) {
    log(k_log_error, "lambdalint: a JSON-RPC message must be an object");
    reply_error(nullptr, error_code::invalid_request, "a JSON-RPC message must be an object (batches are not used by LSP)");
    return;
  }
  const auto method_it = message.find("method");
  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end() && (id_it->is_number_integer() || id_it->is_string());
  const Json id = has_id ? *id_it : Json(nullptr);
  if (method_it == message.end()) {
    if (has_id && (message.contains("result") || message.contains("error"))) {
      return; // a response to one of our requests (workspace/diagnostic/refresh): nothing to do
    }
    log(k_log_error, "lambdalint: message without a method");
    reply_error(id, error_code::invalid_request, "message without a method");
    return;
  }
  if (!method_it->is_string()) {
    reply_error(id, error_code::invalid_request, "method must be a string");
    return;
  }
  const auto method = method_it->get<std::string>();
  const bool is_request = id_it != message.end();
  if (is_request && !has_id) {
    reply_error(nullptr, error_code::invalid_request, "id must be an integer or a string");
    return;
  }
  const Json params = message.contains("params") ? message["params"] : Json::object();

  static const std::map<std::string, RequestHandler, std::less<>> requests{
    {"initialize", &Server::on_initialize},
    {"shutdown", &Server::on_shutdown},
    {"textDocument/codeAction", &Server::on_code_action},
    {"textDocument/hover", &Server::on_hover},
    {"textDocument/diagnostic", &Server::on_diagnostic},
  };
  static const std::map<std::string, NotificationHandler, std::less<>> notifications{
    {"initialized", &Server::on_initialized},
    {"textDocument/didOpen", &Server::on_did_open},
    {"textDocument/didChange", &Server::on_did_change},
    {"textDocument/didSave", &Server::on_did_save},
    {"textDocument/didClose", &Server::on_did_close},
    {"workspace/didChangeConfiguration", &Server::on_did_change_configuration},
    {"workspace/didChangeWorkspaceFolders", &Server::on_did_change_workspace_folders},
  };

  if (method == "exit") {
    m_exit = true;
    return;
  }
  if (is_request) {
    if (!m_initialized && method != "initialize") {
      reply_error(id, error_code::server_not_initialized, fmt::format("{} before initialize", method));
      return;
    }
    if (m_shutdown) {
      reply_error(id, error_code::invalid_request, fmt::format("{} after shutdown", method));
      return;
    }
    const auto handler = requests.find(method);
    if (handler == requests.end()) {
      reply_error(id, error_code::method_not_found, fmt::format("method not found: {}", method));
      return;
    }
    try {
      reply(id, (this->*(handler->second))(params));
    } catch (const RpcError& error) {
      if (error.code == error_code::internal_error) {
        log(k_log_error, fmt::format("lambdalint: {} failed: {}", method, error.message));
      }
      reply_error(id, error.code, error.message);
    } catch (const Json::exception& error) {
      // Missing or mistyped fields in the params (nlohmann throws on get<T>()).
      log(k_log_warning, fmt::format("lambdalint: {}: invalid params: {}", method, error.what()));
      reply_error(id, error_code::invalid_params, fmt::format("invalid params: {}", error.what()));
    } catch (const std::exception& error) {
      log(k_log_error, fmt::format("lambdalint: {} failed: {}", method, error.what()));
      reply_error(id, error_code::internal_error, fmt::format("{} failed: {}", method, error.what()));
    }
    return;
  }
  if (!m_initialized || m_shutdown) {
    return; // notifications before initialize or after shutdown are dropped (LSP 3.17)
  }
  const auto handler = notifications.find(method);
  if (handler == notifications.end()) {
    if (!method.starts_with("$/")) { // $/cancelRequest, $/setTrace: optional, safe to ignore
      log(k_log_info, fmt::format("lambdalint: ignoring unsupported notification {}", method));
    }
    return;
  }
  try {
    (this->*(handler->second))(params);
  } catch (const RpcError& error) {
    log(k_log_warning, fmt::format("lambdalint: {}: {}", method, error.message));
  } catch (const std::exception& error) {
    log(k_log_error, fmt::format("lambdalint: {} failed: {}", method, error.what()));
  }
}

int Server::run(Transport& transport)
{
  while (true) {
    ReadResult read = transport.read();
    if (read.status == ReadResult::Status::end) {
      break; // the client is gone: exit cleanly
    }
    if (read.status == ReadResult::Status::framing_error) {
      framing_error(read.error);
      continue;
    }
    if (!handle(read.body)) {
      break;
    }
  }
  m_scheduler.stop();
  return (m_exit && !m_shutdown) ? 1 : 0;
}

void Server::wait_idle()
{
  m_scheduler.wait_idle();
}

// --- Lifecycle ---------------------------------------------------------------------------------

Json Server::on_initialize(const Json& params)
{
  if (m_initialized) {
    throw RpcError{error_code::invalid_request, "initialize was already called"};
  }
  const Json capabilities = params.value("capabilities", Json::object());
  std::vector<std::string> warnings;
  {
    const std::lock_guard lock(m_mutex);
    m_client.pull_diagnostics = find_path(capabilities, {"textDocument", "diagnostic"}) != nullptr;
    m_client.refresh_diagnostics = flag(capabilities, {"workspace", "diagnostics", "refreshSupport"});
    m_client.related_information = flag(capabilities, {"textDocument", "publishDiagnostics", "relatedInformation"});
    m_client.document_changes = flag(capabilities, {"workspace", "workspaceEdit", "documentChanges"});
    if (const Json* formats = find_path(capabilities, {"textDocument", "hover", "contentFormat"}); formats != nullptr && formats->is_array()) {
      m_client.markdown_hover = std::find(formats->begin(), formats->end(), "markdown") != formats->end();
    }
    m_encoding = negotiate_position_encoding(capabilities);

    std::vector<std::string> folders;
    if (const Json* list = find_path(params, {"workspaceFolders"}); list != nullptr && list->is_array()) {
      for (const Json& folder : *list) {
        if (const auto path = path_from_uri(folder.value("uri", ""))) {
          folders.push_back(*path);
        }
      }
    } else if (const Json* root = find_path(params, {"rootUri"}); root != nullptr && root->is_string()) {
      if (const auto path = path_from_uri(root->get<std::string>())) {
        folders.push_back(*path);
      }
    }
    m_workspace.set_folders(std::move(folders));
    if (const Json* options = find_path(params, {"initializationOptions"})) {
      m_settings = apply_settings(m_settings, *options, warnings);
    }
    m_initialized = true;
  }
  for (const std::string& warning : warnings) {
    log(k_log_warning, fmt::format("lambdalint: {}", warning));
  }

  Json server_capabilities{
    {"positionEncoding", to_string(m_encoding)},
    {"textDocumentSync", {{"openClose", true}, {"change", 2 /* incremental */}, {"save", {{"includeText", false}}}}},
    {"codeActionProvider", {{"codeActionKinds", Json::array({"quickfix"})}}},
    {"hoverProvider", true},
    {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
  };
  if (m_client.pull_diagnostics) {
    // interFileDependencies: a Terraform file's diagnostics depend on the module's other files.
    // workspaceDiagnostics stays false: only open documents are analysed.
    server_capabilities["diagnosticProvider"] = {
      {"identifier", "lambdalint"}, {"interFileDependencies", true}, {"workspaceDiagnostics", false}};
  }
  return Json{{"capabilities", std::move(server_capabilities)}, {"serverInfo", {{"name", "lambdalint"}, {"version", m_options.version}}}};
}

void Server::on_initialized(const Json&)
{
}

Json Server::on_shutdown(const Json&)
{
  m_shutdown = true;
  m_scheduler.stop();
  return nullptr;
}

// --- Document sync -----------------------------------------------------------------------------

void Server::on_did_open(const Json& params)
{
  const Json& document = params.at("textDocument");
  const auto uri = document.at("uri").get<std::string>();
  const auto path = path_from_uri(uri);
  if (!path) {
    log(k_log_info, fmt::format("lambdalint: {} is not a file; not analysed", uri));
    return;
  }
  UnitId unit = unit_of(*path);
  {
    const std::lock_guard lock(m_mutex);
    m_workspace.open(uri, *path, document.at("text").get<std::string>(), document.at("version").get<std::int64_t>());
  }
  if (is_code_file(*path)) {
    // Not a unit of its own: the templates that read it are analysed, with its buffer.
    schedule_code_file(*path, false, true);
    return;
  }
  schedule(unit, false); // analyse at once: the user just opened it
}

void Server::on_did_change(const Json& params)
{
  const std::string path = document_path(params);
  const auto version = params.at("textDocument").at("version").get<std::int64_t>();
  RunMode run = RunMode::on_type;
  {
    const std::lock_guard lock(m_mutex);
    OpenDocument* document = m_workspace.find(path);
    if (document == nullptr) {
      throw RpcError{error_code::invalid_params, fmt::format("didChange for {}, which is not open", path)};
    }
    for (const Json& change : params.at("contentChanges")) {
      auto text = change.at("text").get<std::string>();
      if (const auto range_it = change.find("range"); range_it != change.end() && !range_it->is_null()) {
        const auto range = range_it->get<Range>();
        const std::uint32_t begin = offset_at(document->text, range.start, m_encoding);
        const std::uint32_t end = std::max(begin, offset_at(document->text, range.end, m_encoding));
        document->text.replace(begin, end - begin, text);
      } else {
        document->text = std::move(text); // full sync
      }
    }
    document->version = version;
    run = m_settings.run;
  }
  if (run == RunMode::on_type) {
    if (is_code_file(path)) {
      schedule_code_file(path, true, false); // the templates that read it see the unsaved buffer
    } else {
      schedule(unit_of(path), true);
    }
  }
}

void Server::on_did_save(const Json& params)
{
  const std::string path = document_path(params);
  RunMode run = RunMode::on_type;
  {
    const std::lock_guard lock(m_mutex);
    if (m_workspace.find(path) == nullptr) {
      return;
    }
    run = m_settings.run;
  }
  if (is_code_file(path)) {
    // The templates read the buffer: saving changes nothing they see, unless they analyse on save.
    if (run == RunMode::on_save) {
      schedule_code_file(path, false, false);
    }
    return;
  }
  schedule(unit_of(path), false);
}

void Server::on_did_close(const Json& params)
{
  const std::string path = document_path(params);
  const UnitId unit = unit_of(path);
  bool still_open = false;
  std::vector<UnitId> rereads; // units to analyse again: they read the closed buffer
  {
    const std::lock_guard lock(m_mutex);
    m_workspace.close(path);
    m_results.erase(path);
    // Republish empty: the client keeps pushed diagnostics of a closed file otherwise.
    publish_locked(path, Json::array(), std::nullopt);
    m_published[unit.key].erase(path);
    if (is_code_file(path)) {
      // Closed like a template: cleared. Open templates that read it publish on it again at
      // their next analysis (now from disk); units analysed only for it are forgotten.
      m_code_diagnostics.erase(path);
      m_code_published.erase(path);
      for (const auto& [key, readers] : m_code_readers) {
        if (readers.files.contains(path) && m_workspace.has_open_documents(readers.unit)) {
          rereads.push_back(readers.unit);
        }
      }
    }
    still_open = m_workspace.has_open_documents(unit);
    if (!still_open) {
      m_scheduler.cancel(unit.key);
      for (const std::string& other : m_published[unit.key]) {
        publish_locked(other, Json::array(), std::nullopt);
      }
      m_published.erase(unit.key);
      // The unit's findings on handler files stay only where those files are open.
      if (const auto readers = m_code_readers.find(unit.key); readers != m_code_readers.end()) {
        bool reads_open_code = false;
        for (const std::string& code : readers->second.files) {
          if (m_workspace.is_open_code_file(code)) {
            reads_open_code = true;
          } else if (const auto on_code = m_code_diagnostics.find(code); on_code != m_code_diagnostics.end()) {
            on_code->second.erase(unit.key);
            publish_code_locked(code);
          }
        }
        if (reads_open_code && !is_code_file(path)) {
          rereads.push_back(unit); // its buffer is gone: the open handler files see the disk's template
        }
      }
    }
  }
  if (still_open) {
    schedule(unit, false); // the module's remaining buffers now see this file from disk
  }
  for (const UnitId& reread : rereads) {
    schedule(reread, false, true);
  }
}

void Server::on_did_change_configuration(const Json& params)
{
  std::vector<std::string> warnings;
  {
    const std::lock_guard lock(m_mutex);
    m_settings = apply_settings(m_settings, params.value("settings", Json(nullptr)), warnings);
    ++m_settings_generation;
  }
  for (const std::string& warning : warnings) {
    log(k_log_warning, fmt::format("lambdalint: {}", warning));
  }
  schedule_all_open_units();
  bool refresh = false;
  {
    const std::lock_guard lock(m_mutex);
    refresh = m_client.pull_diagnostics && m_client.refresh_diagnostics;
    if (refresh) {
      send(Json{{"jsonrpc", "2.0"}, {"id", fmt::format("lambdalint-refresh-{}", m_next_request_id++)}, {"method", "workspace/diagnostic/refresh"}});
    }
  }
}

void Server::on_did_change_workspace_folders(const Json& params)
{
  const Json& event = params.at("event");
  const std::lock_guard lock(m_mutex);
  for (const Json& folder : event.value("removed", Json::array())) {
    if (const auto path = path_from_uri(folder.value("uri", ""))) {
      m_workspace.remove_folder(*path);
    }
  }
  for (const Json& folder : event.value("added", Json::array())) {
    if (const auto path = path_from_uri(folder.value("uri", ""))) {
      m_workspace.add_folder(*path);
    }
  }
}

// --- Analysis ----------------------------------------------------------------------------------

void Server::schedule(const UnitId& unit, bool debounce, bool for_code)
{
  std::chrono::milliseconds delay{0};
  {
    const std::lock_guard lock(m_mutex);
    // A pull client asks for an open template's diagnostics itself. A Terraform module still
    // needs the push: its files that are not open cannot be pulled; so do handler files.
    if (m_client.pull_diagnostics && unit.kind == UnitKind::template_file && !for_code) {
      return;
    }
    delay = debounce ? m_settings.debounce : std::chrono::milliseconds(0);
  }
  m_scheduler.schedule(unit.key, delay, [this, unit] { analyze_and_publish(unit); });
}

void Server::schedule_all_open_units()
{
  std::vector<UnitId> units;
  std::vector<UnitId> for_code;
  {
    const std::lock_guard lock(m_mutex);
    units = m_workspace.open_units();
    std::erase_if(units, [](const UnitId& unit) { return is_code_file(unit.key); }); // not units
    for_code = units_reading_open_code_locked();
  }
  for (const UnitId& unit : units) {
    schedule(unit, false);
  }
  for (const UnitId& unit : for_code) {
    schedule(unit, false, true);
  }
}

std::vector<UnitId> Server::units_reading_open_code_locked() const
{
  std::vector<UnitId> units;
  for (const auto& [key, readers] : m_code_readers) {
    if (std::any_of(readers.files.begin(), readers.files.end(), [&](const std::string& code) { return m_workspace.is_open_code_file(code); })) {
      units.push_back(readers.unit);
    }
  }
  return units;
}

void Server::schedule_code_file(const std::string& path, bool debounce, bool opened)
{
  std::vector<UnitId> readers;
  std::optional<std::string> walk;
  {
    const std::lock_guard lock(m_mutex);
    const std::string code = normal_path(path);
    for (const auto& [key, entry] : m_code_readers) {
      if (entry.files.contains(code)) {
        readers.push_back(entry.unit);
      }
    }
    const std::optional<std::string> folder = m_workspace.folder_of(path);
    if (!folder) {
      if (readers.empty() && m_logged.insert("no workspace folder").second) {
        log(k_log_info, fmt::format("lambdalint: {} is outside the workspace folders; a handler file is analysed only with the "
                                    "templates of its workspace folder (or an open template that reads it)", path));
      }
    } else {
      const auto walked = m_walked.find(*folder);
      const auto now = std::chrono::steady_clock::now();
      if (walked == m_walked.end() || (opened && now - walked->second > k_rediscover_after)) {
        m_walked[*folder] = now;
        walk = *folder;
      }
    }
  }
  for (const UnitId& unit : readers) {
    schedule(unit, debounce, true);
  }
  if (walk) {
    // Keys of units are absolute paths; this one cannot be taken for one.
    m_scheduler.schedule("discover " + *walk, std::chrono::milliseconds(0), [this, folder = *walk] { discover(folder); });
  }
}

void Server::discover(const std::string& folder)
{
  DiscoveredUnits found = discover_units(folder); // the walk of `check FOLDER`, outside the lock
  std::vector<UnitId> queued;
  {
    const std::lock_guard lock(m_mutex);
    for (const std::string& error : found.errors) {
      if (m_logged.insert(error).second) {
        log(k_log_info, fmt::format("lambdalint: {}", error));
      }
    }
    if (found.units.size() > k_max_discovered_units) {
      log(k_log_warning, fmt::format("lambdalint: {} holds {} templates and Terraform modules, more than the {} analysed to find "
                                     "which of them read an open handler file; open the template to see its handler's findings",
                                     folder, found.units.size(), k_max_discovered_units));
      return;
    }
    for (std::size_t i = 0; i < found.units.size(); ++i) {
      UnitId& unit = found.units[i];
      // A unit analysed before and unchanged on disk since is known: which files it reads is
      // current. An open one is analysed from its buffer anyway.
      const auto known = m_code_readers.find(unit.key);
      const bool current = known != m_code_readers.end() && known->second.disk_stamp == found.stamps[i];
      if (!current && !m_workspace.has_open_documents(unit)) {
        m_discovered.insert(unit.key);
        queued.push_back(std::move(unit));
      }
    }
  }
  for (const UnitId& unit : queued) {
    schedule(unit, false, true);
  }
}

DriverOptions Server::options_for_locked(const UnitId& unit) const
{
  if (!m_options.configure) {
    return m_settings.driver;
  }
  return m_options.configure(unit.key, m_workspace.folder_of(unit.key), m_settings.driver);
}

std::optional<UnitAnalysis> Server::run_analysis(const UnitSnapshot& snapshot)
{
  try {
    return m_options.analyzer(snapshot);
  } catch (const std::exception& error) {
    log(k_log_error, fmt::format("lambdalint: analysis of {} failed: {}", snapshot.unit.key, error.what()));
  } catch (...) {
    log(k_log_error, fmt::format("lambdalint: analysis of {} failed with an unknown exception", snapshot.unit.key));
  }
  return std::nullopt;
}

void Server::analyze_and_publish(const UnitId& unit)
{
  UnitSnapshot snapshot;
  {
    const std::lock_guard lock(m_mutex);
    const bool discovered = m_discovered.erase(unit.key) > 0;
    bool reads_open_code = false;
    if (const auto readers = m_code_readers.find(unit.key); readers != m_code_readers.end()) {
      reads_open_code = std::any_of(readers->second.files.begin(), readers->second.files.end(),
                                    [&](const std::string& code) { return m_workspace.is_open_code_file(code); });
    }
    // A unit none of whose files is open is analysed only for the handler files open in the
    // editor: the first time (to learn which it reads) and while one it reads is open.
    if (!m_workspace.has_open_documents(unit) && !discovered && !reads_open_code) {
      return;
    }
    snapshot = m_workspace.snapshot(unit, options_for_locked(unit), m_settings_generation);
  }
  add_files_from_disk(snapshot);
  std::optional<UnitAnalysis> analysis = run_analysis(snapshot);
  if (!analysis) {
    return;
  }
  {
    const std::lock_guard lock(m_mutex);
    if (!m_workspace.is_current(snapshot) || snapshot.settings_generation != m_settings_generation) {
      return; // stale: a newer change is queued and will publish
    }
    if (m_workspace.code_is_current(snapshot, analysis->code_files)) {
      deliver_locked(snapshot, *analysis, false);
      return;
    }
  }
  // A handler file it read changed meanwhile. Its own change queued the units known to read it;
  // this one may not be known yet (its first analysis), so it goes again.
  {
    const std::lock_guard lock(m_mutex);
    m_discovered.insert(unit.key);
  }
  schedule(unit, false, true);
}

void Server::publish_locked(const std::string& path, const Json& diagnostics, std::optional<std::int64_t> version)
{
  Json params{{"uri", m_workspace.uri_for(path)}, {"diagnostics", diagnostics}};
  if (version) {
    params["version"] = *version;
  }
  notify("textDocument/publishDiagnostics", std::move(params));
}

void Server::deliver_locked(const UnitSnapshot& snapshot, UnitAnalysis& analysis, bool pulled)
{
  ConvertOptions convert{m_encoding, m_client.related_information, [this](const std::string& path) { return m_workspace.uri_for(path); }};
  const bool unit_open = m_workspace.has_open_documents(snapshot.unit);
  std::set<std::string>& published = m_published[snapshot.unit.key];
  std::set<std::string> non_empty;
  std::map<std::string, Json> on_code; // findings on handler code files, merged across units
  bool pulled_changed = false;
  for (FileFindings& file : analysis.files) {
    std::optional<std::int64_t> version;
    bool own_file = false;
    for (const FileSnapshot& input : snapshot.files) {
      if (input.path == file.path) {
        version = input.version;
        own_file = true;
      }
    }
    Json diagnostics = Json::array();
    for (const Finding& finding : file.findings) {
      diagnostics.push_back(to_diagnostic(finding, convert));
    }
    if (is_code_file(file.path) && !own_file) {
      on_code[file.path] = std::move(diagnostics);
      continue;
    }
    if (!unit_open) {
      continue; // analysed for an open handler file: the template itself is not open
    }
    if (!diagnostics.empty()) {
      non_empty.insert(file.path);
    }
    const bool open = version.has_value();
    if (open && m_client.pull_diagnostics) {
      const auto previous = m_results.find(file.path);
      pulled_changed = pulled_changed || previous == m_results.end() || previous->second.diagnostics != diagnostics;
    } else if (open || !diagnostics.empty() || published.contains(file.path)) {
      publish_locked(file.path, diagnostics, version);
    }
    if (open) {
      m_results[file.path] = FileResult{version, snapshot.settings_generation, std::move(file.findings), std::move(diagnostics)};
    }
  }
  deliver_code_locked(snapshot, analysis.code_files, on_code, unit_open);
  // Files that left the unit (deleted from disk) keep no stale diagnostics.
  for (const std::string& path : published) {
    const bool still_there = std::any_of(analysis.files.begin(), analysis.files.end(), [&](const FileFindings& file) { return file.path == path; });
    if (!still_there) {
      publish_locked(path, Json::array(), std::nullopt);
    }
  }
  published = std::move(non_empty);
  for (const std::string& line : analysis.log) {
    if (m_logged.insert(line).second) { // once per session: not on every keystroke
      log(k_log_info, fmt::format("lambdalint: {}", line));
    }
  }
  // A background run changed what a pull client would see: ask it to pull again. (Not after
  // a pull itself: the client is receiving these results right now.)
  if (pulled_changed && !pulled && m_client.refresh_diagnostics) {
    send(Json{{"jsonrpc", "2.0"}, {"id", fmt::format("lambdalint-refresh-{}", m_next_request_id++)}, {"method", "workspace/diagnostic/refresh"}});
  }
}

void Server::deliver_code_locked(const UnitSnapshot& snapshot, const std::vector<std::string>& code_files,
                                 std::map<std::string, Json>& diagnostics, bool unit_open)
{
  const UnitId& unit = snapshot.unit;
  std::set<std::string> read(code_files.begin(), code_files.end());
  for (const auto& [path, found] : diagnostics) {
    read.insert(path); // (a finding is always in a file read; an analyzer stand-in may not say)
  }
  CodeReaders& readers = m_code_readers[unit.key];
  std::set<std::string> affected = readers.files;
  affected.insert(read.begin(), read.end());
  readers = {unit, read, snapshot.disk_stamp};
  for (const std::string& path : affected) {
    const bool keep = read.contains(path) && (unit_open || m_workspace.is_open_code_file(path));
    if (keep) {
      const auto found = diagnostics.find(path);
      m_code_diagnostics[path][unit.key] = found != diagnostics.end() ? std::move(found->second) : Json::array();
    } else if (const auto on_code = m_code_diagnostics.find(path); on_code != m_code_diagnostics.end()) {
      on_code->second.erase(unit.key);
    }
    publish_code_locked(path);
  }
}

void Server::publish_code_locked(const std::string& path)
{
  Json merged = Json::array();
  if (const auto on_code = m_code_diagnostics.find(path); on_code != m_code_diagnostics.end()) {
    for (const auto& [unit, diagnostics] : on_code->second) {
      for (const Json& diagnostic : diagnostics) {
        // Two templates sharing the code and the role may find the same thing: shown once.
        if (std::find(merged.begin(), merged.end(), diagnostic) == merged.end()) {
          merged.push_back(diagnostic);
        }
      }
    }
    if (on_code->second.empty()) {
      m_code_diagnostics.erase(on_code);
    }
  }
  const bool open = m_workspace.is_open_code_file(path);
  if (open || !merged.empty() || m_code_published.contains(path)) {
    // No version: the findings of several units' analyses are merged here.
    publish_locked(path, merged, std::nullopt);
  }
  if (merged.empty()) {
    m_code_published.erase(path);
  } else {
    m_code_published.insert(path);
  }
}

std::optional<Server::FileResult> Server::current_result(const std::string& path)
{
  UnitSnapshot snapshot;
  const UnitId unit = unit_of(path);
  {
    const std::lock_guard lock(m_mutex);
    const OpenDocument* document = m_workspace.find(path);
    if (document == nullptr) {
      return std::nullopt;
    }
    const auto cached = m_results.find(path);
    if (cached != m_results.end() && cached->second.version == document->version && cached->second.settings_generation == m_settings_generation) {
      return cached->second;
    }
    snapshot = m_workspace.snapshot(unit, options_for_locked(unit), m_settings_generation);
  }
  add_files_from_disk(snapshot);
  std::optional<UnitAnalysis> analysis = run_analysis(snapshot);
  if (!analysis) {
    throw RpcError{error_code::request_failed, fmt::format("analysis of {} failed (see the log)", unit.key)};
  }
  const std::lock_guard lock(m_mutex);
  if (m_workspace.is_current(snapshot) && snapshot.settings_generation == m_settings_generation &&
      m_workspace.code_is_current(snapshot, analysis->code_files)) {
    m_scheduler.cancel(unit.key); // these results are the newest: a queued run would repeat them
    deliver_locked(snapshot, *analysis, true);
    const auto stored = m_results.find(path);
    if (stored != m_results.end()) {
      return stored->second;
    }
  }
  return std::nullopt;
}

// --- Features ----------------------------------------------------------------------------------

Json Server::on_diagnostic(const Json& params)
{
  const std::string path = document_path(params);
  const std::optional<FileResult> result = current_result(path);
  if (!result) {
    return Json{{"kind", "full"}, {"items", Json::array()}};
  }
  const std::string result_id = fmt::format("{}:{}", result->settings_generation, result->version.value_or(0));
  if (params.value("previousResultId", "") == result_id) {
    return Json{{"kind", "unchanged"}, {"resultId", result_id}};
  }
  return Json{{"kind", "full"}, {"resultId", result_id}, {"items", result->diagnostics}};
}

Json Server::on_hover(const Json& params)
{
  const std::string path = document_path(params);
  const auto position = params.at("position").get<Position>();
  const std::optional<FileResult> result = current_result(path);
  std::string text;
  bool markdown = true;
  PositionEncoding encoding = PositionEncoding::utf16;
  {
    const std::lock_guard lock(m_mutex);
    const OpenDocument* document = m_workspace.find(path);
    if (document == nullptr) {
      return nullptr;
    }
    text = document->text;
    markdown = m_client.markdown_hover;
    encoding = m_encoding;
  }
  const std::span<const Finding> findings = result ? std::span<const Finding>(result->findings) : std::span<const Finding>();
  const auto hover = hover_at(path, text, offset_at(text, position, encoding), findings);
  if (!hover) {
    return nullptr;
  }
  const SourceFile file(path, std::move(text));
  return Json{{"contents", {{"kind", markdown ? "markdown" : "plaintext"}, {"value", hover->markdown}}},
              {"range", Range{position_of(file, hover->range.begin, encoding), position_of(file, hover->range.end, encoding)}}};
}

Json Server::on_code_action(const Json& params)
{
  const std::string path = document_path(params);
  if (const Json* only = find_path(params, {"context", "only"}); only != nullptr && only->is_array()) {
    const bool wants_quickfix = std::any_of(only->begin(), only->end(), [](const Json& kind) {
      return kind.is_string() && std::string_view("quickfix").starts_with(kind.get<std::string>());
    });
    if (!wants_quickfix) {
      return Json::array();
    }
  }
  CodeActionInput input;
  std::string text;
  {
    const std::lock_guard lock(m_mutex);
    const OpenDocument* document = m_workspace.find(path);
    if (document == nullptr) {
      return Json::array();
    }
    text = document->text;
    input.uri = document->uri;
    input.version = document->version;
    input.document_changes = m_client.document_changes;
    input.encoding = m_encoding;
  }
  input.text = text;
  input.yaml_comments = is_terraform_file(path) || sniff_format(text) == TextFormat::yaml;
  Json actions = Json::array();
  const Json* diagnostics = find_path(params, {"context", "diagnostics"});
  if (diagnostics != nullptr && diagnostics->is_array()) {
    for (const Json& diagnostic : *diagnostics) {
      for (Json& action : code_actions_for(diagnostic, input)) {
        actions.push_back(std::move(action));
      }
    }
  }
  return actions;
}

} // namespace lint::lsp
