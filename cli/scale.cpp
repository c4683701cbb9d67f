#include "cli/scale.h"

#include "support/paths.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace lint::cli {
namespace {

std::optional<unsigned> parse_positive(std::string_view text)
{
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value == 0) {
    return std::nullopt;
  }
  return value;
}

bool running_in_ci()
{
  // GitHub Actions, GitLab, CircleCI, Travis, Buildkite and most others set CI=true.
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string_view(ci) != "false" && std::string_view(ci) != "0";
}

} // namespace

std::optional<Shard> parse_shard(std::string_view text, std::string& error)
{
  const std::size_t slash = text.find('/');
  const auto index = slash == std::string_view::npos ? std::nullopt : parse_positive(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : parse_positive(text.substr(slash + 1));
  if (!index || !count) {
    error = fmt::format("--shard: '{}' is not INDEX/COUNT with whole numbers from 1 (e.g. --shard 2/4)", text);
    return std::nullopt;
  }
  if (*index > *count) {
    error = fmt::format("--shard: index {} is larger than the count {}; shards are numbered 1 to {}", *index, *count, *count);
    return std::nullopt;
  }
  return Shard{*index, *count};
}

std::string shard_key(const std::string& unit_path, const std::filesystem::path& repository_root)
{
  const std::filesystem::path normalized = normalized_path(unit_path);
  if (auto relative = relative_path_under(normalized, repository_root)) {
    return *relative;
  }
  return normalized.generic_string();
}

bool in_shard(std::string_view key, const Shard& shard)
{
  std::uint64_t hash = 0xcbf29ce484222325ULL; // FNV-1a 64: fixed forever, shards must not move between versions
  for (const char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash % shard.count == shard.index - 1;
}

bool progress_wanted(std::string_view mode)
{
  if (mode == "always") {
    return true;
  }
  if (mode == "never") {
    return false;
  }
  return isatty(STDERR_FILENO) != 0 && !running_in_ci();
}

ProgressReporter::ProgressReporter(std::size_t total, bool enabled) : total_(total), terminal_(isatty(STDERR_FILENO) != 0)
{
  if (enabled) {
    thread_ = std::thread([this] { run(); });
  }
}

ProgressReporter::~ProgressReporter()
{
  {
    const std::lock_guard lock(mutex_);
    finished_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void ProgressReporter::unit_done()
{
  const std::lock_guard lock(mutex_);
  ++done_;
}

void ProgressReporter::run()
{
  using namespace std::chrono_literals;
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  if (wake_.wait_for(lock, 1s, [this] { return finished_; })) {
    return; // done within a second: nothing to show
  }
  bool shown = false;
  const auto period = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(1000);
  while (!finished_) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string line = fmt::format("lambdalint: {}/{} units ({:.0f}%), {:.1f} s", done_, total_,
                                         total_ == 0 ? 100.0 : 100.0 * static_cast<double>(done_) / static_cast<double>(total_), seconds);
    std::fputs(terminal_ ? fmt::format("\r{}\x1b[K", line).c_str() : (line + "\n").c_str(), stderr);
    std::fflush(stderr);
    shown = true;
    wake_.wait_for(lock, period, [this] { return finished_; });
  }
  if (shown && terminal_) {
    std::fputs("\r\x1b[K", stderr); // leave the terminal as it was
    std::fflush(stderr);
  }
}

} // namespace lint::cli
