#pragma once
// Lambda managed runtimes: every runtime identifier AWS Lambda has accepted, with its lifecycle
// dates. Shared by LL005 (unknown Runtime) and LL801 (deprecated runtime).

#include <chrono>
#include <optional>
#include <span>
#include <string_view>

namespace lint::rules {

struct RuntimeInfo {
  std::string_view id;        // "python3.12"
  std::string_view name;      // "Python 3.12"
  std::chrono::sys_days deprecated{};    // end of support (no more patches); epoch = not scheduled
  std::chrono::sys_days block_create{};  // new functions rejected; epoch = not published
  std::chrono::sys_days block_update{};  // updates to existing functions rejected; epoch = not published
  std::string_view successor; // recommended replacement, or empty
  std::string_view source;    // where the dates were read (a page of the AWS Lambda Developer Guide)
  std::chrono::sys_days checked{}; // when they were last compared with that source
};

/// The oldest `checked` date of the table: nothing in it is known to be true after that day. A test
/// fails when today is more than 180 days past it, so a stale table is visible.
std::chrono::sys_days runtime_table_checked_until();
/// Every runtime in the table, newest first within a language.
std::span<const RuntimeInfo> lambda_runtimes();
/// The runtime with this exact identifier, or nullptr.
const RuntimeInfo* find_runtime(std::string_view id);
/// True when `id` is not in the table but reads as a newer release of a language the table knows
/// (python3.15, nodejs26.x, java29, dotnet12, ruby3.6): AWS may have added it since the table was
/// written, so it must not be called unknown.
bool is_possibly_newer_runtime(std::string_view id);
/// The known runtime nearest to a misspelt identifier, or empty.
std::string_view nearest_runtime(std::string_view id);

inline bool is_dated(std::chrono::sys_days day) { return day != std::chrono::sys_days{}; }

} // namespace lint::rules
