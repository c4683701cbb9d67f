#include "lsp/command.h"

#include "analyzer/config.h"
#include "analyzer/run_setup.h"
#include "rules/registry.h"

#include "lsp/server.h"
#include "lsp/transport.h"

#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <vector>

namespace lint::lsp {

namespace {

/// The configuration file as last read, re-read only when its modification time changes: the
/// server configures every analysis (each edit), and the file rarely changes.
std::optional<Config> cached_config(const std::filesystem::path& file)
{
  struct Entry {
    std::filesystem::file_time_type modified;
    std::optional<Config> config; // nullopt: the file has errors
  };
  static std::mutex mutex;
  static std::map<std::filesystem::path, Entry> cache;
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(file, error);
  const std::lock_guard lock(mutex);
  if (const auto found = cache.find(file); found != cache.end() && !error && found->second.modified == modified) {
    return found->second.config;
  }
  LoadedConfig loaded = load_config(file, rules::all());
  std::optional<Config> config;
  if (loaded.problems.empty()) {
    config = std::move(loaded.config);
  }
  if (!error) {
    cache[file] = {modified, config};
  }
  return config;
}

/// The baseline as last read, re-read when its modification time changes. A replaced baseline is
/// kept: an analysis that started with it may still be running (its options point to it).
std::shared_ptr<const Baseline> cached_baseline(const std::filesystem::path& file, std::string& why)
{
  struct Entry {
    std::filesystem::file_time_type modified;
    std::shared_ptr<const Baseline> baseline;
  };
  static std::mutex mutex;
  static std::map<std::filesystem::path, Entry> cache;
  static std::vector<std::shared_ptr<const Baseline>> replaced;
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(file, error);
  const std::lock_guard lock(mutex);
  if (const auto found = cache.find(file); found != cache.end() && !error && found->second.modified == modified) {
    return found->second.baseline;
  }
  std::optional<Baseline> loaded = Baseline::load(file, why);
  if (!loaded) {
    return nullptr;
  }
  auto baseline = std::make_shared<const Baseline>(std::move(*loaded));
  if (const auto found = cache.find(file); found != cache.end()) {
    replaced.push_back(std::move(found->second.baseline));
  }
  if (!error) {
    cache[file] = {modified, baseline};
  } else {
    replaced.push_back(baseline);
  }
  return baseline;
}

} // namespace

DriverOptions configure_from_project_file(const std::string& path, const std::optional<std::string>&, const DriverOptions& from_settings)
{
  DriverOptions configured = from_settings;
  if (const auto file = find_config_file(path)) {
    if (const std::optional<Config> config = cached_config(*file)) {
      // The configuration stage `check` runs (levels, selection, suppressions, baseline). A
      // baseline that cannot be read is left out, as a configuration file with errors is.
      if (!configure_run(*config, rules::all(), configured, cached_baseline).error.empty()) {
        configured.policy.baseline = nullptr;
      }
      return configured;
    }
  }
  configured.policy.known_rules = rules::all();
  return configured;
}

int run_lsp_command(std::span<char* const> arguments, std::string_view version)
{
  bool transcript = false;
  bool synchronous = false;
  for (const char* argument : arguments) {
    const std::string_view arg = argument;
    if (arg == "--stdio") {
      continue; // what vscode-languageclient and others pass; stdio is the only transport
    }
    if (arg == "--transcript") {
      transcript = true; // '---'-separated messages (fixtures/lsp), analysis inline
      synchronous = true;
    } else if (arg == "--sync") {
      synchronous = true; // no worker thread, no debounce
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: lambdalint lsp [--stdio] [--sync] [--transcript]\n"
                   "  Language server (LSP 3.17) on stdin/stdout. See docs/editors.md.\n"
                   "  --sync        analyse inline, without the debounce thread\n"
                   "  --transcript  messages separated by '---' lines instead of Content-Length (tests)\n";
      return 0;
    } else {
      std::cerr << fmt::format("lambdalint lsp: unknown option '{}'\n", arg);
      return 2;
    }
  }
  std::ios::sync_with_stdio(false);
  // A client that closes its end of stdout must not kill the server with SIGPIPE: the failed
  // write ends the read loop instead (ContentLengthTransport), and the server exits with 0.
  std::signal(SIGPIPE, SIG_IGN);
  ServerOptions options;
  options.scheduling = synchronous ? Scheduler::Mode::synchronous : Scheduler::Mode::background;
  options.version = std::string(version);
  // The project's .lambdalint.yaml (the one `lambdalint check` finds for the same file) applies on
  // top of the editor's settings, so the editor and CI agree. A file with errors is ignored here:
  // `lambdalint check` and `lambdalint config --show` report them with their positions.
  options.configure = configure_from_project_file;
  std::unique_ptr<Transport> transport;
  if (transcript) {
    transport = std::make_unique<DelimitedTransport>(std::cin, std::cout);
  } else {
    transport = std::make_unique<ContentLengthTransport>(std::cin, std::cout);
  }
  Server server(std::move(options), [&transport](const std::string& body) { transport->write(body); });
  return server.run(*transport);
}

} // namespace lint::lsp
