#pragma once
// Open buffers layered over the disk (clangd's DraftStore role), grouped into units of analysis.
// LSP-agnostic apart from keeping each buffer's URI so results go back under the client's own
// spelling of it. Not thread-safe: the server guards it with its state mutex.

#include "lsp/analysis.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lint::lsp {

struct OpenDocument {
  std::string uri;  // exactly as the client sent it
  std::string path;
  std::string text;
  std::int64_t version = 0;
};

class Workspace {
public:
  void open(std::string uri, std::string path, std::string text, std::int64_t version);
  /// nullptr when `path` is not open.
  OpenDocument* find(const std::string& path);
  const OpenDocument* find(const std::string& path) const;
  void close(const std::string& path);

  bool has_open_documents(const UnitId& unit) const;
  /// Every unit with at least one open document, each once.
  std::vector<UnitId> open_units() const;

  /// The unit's open buffers (no disk reads: add_files_from_disk() does those outside the lock).
  UnitSnapshot snapshot(const UnitId& unit, const DriverOptions& options, std::uint64_t settings_generation) const;
  /// False when a buffer of the unit changed, opened or closed since `snapshot` was taken: its
  /// results are stale and must not be published.
  bool is_current(const UnitSnapshot& snapshot) const;
  /// False when one of the handler files `read` (UnitAnalysis::code_files) changed, opened or
  /// closed since `snapshot` was taken.
  bool code_is_current(const UnitSnapshot& snapshot, const std::vector<std::string>& read) const;
  /// Whether a handler code file (is_code_file) is open.
  bool is_open_code_file(const std::string& path) const;

  /// The client's URI for an open file, else a file:// URI made from the path.
  std::string uri_for(const std::string& path) const;

  /// Workspace folders (paths), as the client reported them.
  void set_folders(std::vector<std::string> folders) { m_folders = std::move(folders); }
  void add_folder(const std::string& folder);
  void remove_folder(const std::string& folder);
  const std::vector<std::string>& folders() const { return m_folders; }
  /// The innermost workspace folder containing `path`, or nullopt.
  std::optional<std::string> folder_of(const std::string& path) const;

private:
  std::map<std::string, OpenDocument> m_documents; // by path
  std::vector<std::string> m_folders;
};

} // namespace lint::lsp
