#pragma once
// Large runs: `--shard i/n` (which units a CI matrix job or a batch worker lints) and progress on
// stderr. See docs/performance.md, "Sharding".

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace lint::cli {

/// `--shard INDEX/COUNT`, INDEX 1-based (1 <= INDEX <= COUNT), like jest's and Playwright's --shard.
struct Shard {
  unsigned index = 1;
  unsigned count = 1;
};

/// Parses "2/5"; nullopt and a message naming the problem otherwise.
std::optional<Shard> parse_shard(std::string_view text, std::string& error);

/// The stable key of a unit: its path relative to the repository root of the first path argument
/// (generic separators), or its absolute normalized path when it lies outside. Independent of the
/// directory lambdalint runs from, of file-system order and of --jobs.
std::string shard_key(const std::string& unit_path, const std::filesystem::path& repository_root);

/// Whether the unit with this key belongs to `shard`: FNV-1a 64 of the key, modulo the count.
bool in_shard(std::string_view key, const Shard& shard);

/// `--progress auto|always|never`. auto: only when stderr is a terminal and CI is not set
/// (a CI log keeps every carriage-return update as a line of noise).
bool progress_wanted(std::string_view mode);

/// "linted 1234/10000 units" on stderr, from a thread of its own: nothing during the first second,
/// then updates every 200 ms (carriage return on a terminal, a line per second otherwise), and the
/// line cleared at the end. Cheap when never shown: one sleeping thread.
class ProgressReporter {
public:
  ProgressReporter(std::size_t total, bool enabled);
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  void unit_done();

private:
  void run();
  std::size_t total_;
  bool terminal_ = false;
  std::size_t done_ = 0;
  bool finished_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

} // namespace lint::cli
