#pragma once
// How the readers of handler code (analysis.cpp, python.cpp, javascript.cpp) reach a function's
// files: from the disk, unless the caller installed a CodeOverlay on this thread. The language
// server installs one holding the editor's unsaved buffers of handler files, so an edit is seen
// before it is saved; the overlay also records every code file read, which tells the server what
// handler files a template's findings depend on. `check` and the other commands install none.
//
// A thread-local rather than a parameter: the rules call analyse_function(model, function) and
// know nothing of editors. The engine hands the overlay on to its rule threads (engine.cpp).

#include "support/read_file.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace lint::code {

class CodeOverlay {
public:
  /// `buffers`: path → text of the open handler files. Paths are compared lexically normalised
  /// (`src/./app.py` is `src/app.py`).
  explicit CodeOverlay(const std::map<std::string, std::string, std::less<>>& buffers);

  /// The buffer for `path`, or nullptr when it is not open.
  const std::string* buffer(const std::filesystem::path& path) const;
  /// Notes that a code file was read (from its buffer or the disk). Thread-safe.
  void record(const std::filesystem::path& path);
  /// Every code file read so far, lexically normalised, sorted.
  std::vector<std::string> files_read() const;

private:
  std::map<std::string, std::string, std::less<>> m_buffers;
  mutable std::mutex m_mutex;
  std::set<std::string> m_read;
};

/// The overlay installed on this thread, or nullptr.
CodeOverlay* current_code_overlay();

/// Installs an overlay on this thread for its lifetime (the previous one comes back after).
class ScopedCodeOverlay {
public:
  explicit ScopedCodeOverlay(CodeOverlay* overlay);
  ~ScopedCodeOverlay();
  ScopedCodeOverlay(const ScopedCodeOverlay&) = delete;
  ScopedCodeOverlay& operator=(const ScopedCodeOverlay&) = delete;

private:
  CodeOverlay* m_previous;
};

/// A code file's text: the overlay's buffer when the file is open, else the disk (bounded, never
/// blocks: read_regular_file).
ReadResult read_code_file(const std::filesystem::path& path, std::size_t max_bytes);

/// Whether a code file exists: on disk, or as an open buffer (a new module not saved yet).
bool code_file_exists(const std::filesystem::path& path);

} // namespace lint::code
