// The Lambda runtime table: data, one row per runtime identifier, each with the page its dates were
// read from and the day they were last compared with it.
//
// Source: AWS Lambda Developer Guide, the per-language runtime tables ("Lambda supports the
// following ... runtimes": Name, Identifier, Deprecation date, Block function create, Block function
// update) of lambda-nodejs, lambda-python, lambda-java, lambda-csharp and lambda-ruby, the same
// tables as https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, read on 2026-12-02
// through the search tool (docs corpus). Where two stored versions of a page differ, the newest
// (the one listing the newest runtime) is used: AWS moved the Amazon Linux 2 runtimes (java8.al2,
// java11, java17, python3.11) to 2027 and python3.10 to 2026-10-31 / 2027-01-15.
// Rows marked k_previous were not found on any stored page on 2026-12-02 and keep the dates of the
// table checked on 2026-11-23: long-past deprecations, whose dates no longer move. Block dates that
// AWS has been extending and that no stored page confirmed (nodejs16.x, nodejs18.x, python3.8,
// python3.9, provided.al2) are left unset (epoch): the rule then never escalates on them, because a
// missed error costs less than a false one. runtime_table_checked_until() is the oldest checked date;
// tests/runtime_table_test.cpp fails when today is more than 180 days past it.

#include "rules/common/runtimes.h"

#include "support/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

namespace lint::rules {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

constexpr sys_days d(int y, unsigned m, unsigned dd)
{
  return sys_days{year{y} / month{m} / day{dd}};
}
constexpr sys_days none{};

// clang-format off
constexpr std::string_view k_nodejs = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html";
constexpr std::string_view k_python = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html";
constexpr std::string_view k_java = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-java.html";
constexpr std::string_view k_dotnet = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-csharp.html";
constexpr std::string_view k_ruby = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-ruby.html";
constexpr std::string_view k_deprecated = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated";
constexpr std::string_view k_previous = "previous table (2026-11-23); not on the stored pages on 2026-12-02";
constexpr sys_days c = d(2026, 12, 2);     // checked against the source on this day
constexpr sys_days p = d(2026, 11, 23);    // k_previous rows

const std::array k_runtimes{
  // Node.js
  RuntimeInfo{"nodejs24.x", "Node.js 24", d(2028, 4, 30), d(2028, 6, 1), d(2028, 7, 1), "", k_nodejs, c},
  RuntimeInfo{"nodejs22.x", "Node.js 22", d(2027, 4, 30), d(2027, 6, 1), d(2027, 7, 1), "nodejs24.x", k_nodejs, c},
  RuntimeInfo{"nodejs20.x", "Node.js 20", d(2026, 4, 30), d(2026, 8, 31), d(2026, 9, 30), "nodejs24.x", k_nodejs, c},
  RuntimeInfo{"nodejs18.x", "Node.js 18", d(2025, 9, 1), none, none, "nodejs24.x", k_deprecated, c},
  RuntimeInfo{"nodejs16.x", "Node.js 16", d(2024, 6, 12), none, none, "nodejs24.x", k_deprecated, c},
  RuntimeInfo{"nodejs14.x", "Node.js 14", d(2023, 12, 4), d(2024, 7, 9), d(2025, 11, 1), "nodejs24.x", k_previous, p},
  RuntimeInfo{"nodejs12.x", "Node.js 12", d(2023, 3, 31), d(2023, 3, 31), d(2023, 4, 30), "nodejs24.x", k_previous, p},
  RuntimeInfo{"nodejs10.x", "Node.js 10", d(2021, 7, 30), d(2021, 7, 30), d(2022, 2, 14), "nodejs24.x", k_previous, p},
  RuntimeInfo{"nodejs8.10", "Node.js 8.10", d(2020, 3, 6), d(2020, 3, 6), d(2020, 3, 6), "nodejs24.x", k_previous, p},
  RuntimeInfo{"nodejs6.10", "Node.js 6.10", d(2019, 8, 12), d(2019, 8, 12), d(2019, 8, 12), "nodejs24.x", k_previous, p},
  RuntimeInfo{"nodejs4.3-edge", "Node.js 4.3 edge", d(2019, 4, 30), d(2019, 4, 30), d(2019, 4, 30), "nodejs24.x", k_previous, p},
  RuntimeInfo{"nodejs4.3", "Node.js 4.3", d(2020, 3, 5), d(2020, 3, 5), d(2020, 3, 5), "nodejs24.x", k_previous, p},
  RuntimeInfo{"nodejs", "Node.js 0.10", d(2016, 10, 31), d(2016, 10, 31), d(2016, 10, 31), "nodejs24.x", k_previous, p},
  // Python
  RuntimeInfo{"python3.14", "Python 3.14", d(2029, 6, 30), d(2029, 7, 31), d(2029, 8, 31), "", k_python, c},
  RuntimeInfo{"python3.13", "Python 3.13", d(2029, 6, 30), d(2029, 7, 31), d(2029, 8, 31), "python3.14", k_python, c},
  RuntimeInfo{"python3.12", "Python 3.12", d(2028, 10, 31), d(2028, 11, 30), d(2029, 1, 10), "python3.14", k_python, c},
  RuntimeInfo{"python3.11", "Python 3.11", d(2027, 6, 30), d(2027, 7, 31), d(2027, 8, 31), "python3.14", k_python, c},
  RuntimeInfo{"python3.10", "Python 3.10", d(2026, 10, 31), d(2026, 11, 30), d(2027, 1, 15), "python3.14", k_python, c},
  RuntimeInfo{"python3.9", "Python 3.9", d(2025, 12, 15), none, none, "python3.14", k_deprecated, c},
  RuntimeInfo{"python3.8", "Python 3.8", d(2024, 10, 14), none, none, "python3.14", k_deprecated, c},
  RuntimeInfo{"python3.7", "Python 3.7", d(2023, 12, 4), d(2024, 1, 9), d(2025, 11, 1), "python3.14", k_previous, p},
  RuntimeInfo{"python3.6", "Python 3.6", d(2022, 7, 18), d(2022, 7, 18), d(2022, 8, 29), "python3.14", k_previous, p},
  RuntimeInfo{"python2.7", "Python 2.7", d(2021, 7, 15), d(2021, 7, 15), d(2022, 5, 30), "python3.14", k_previous, p},
  // Java
  RuntimeInfo{"java25", "Java 25", d(2029, 6, 30), d(2029, 7, 31), d(2029, 8, 31), "", k_java, c},
  RuntimeInfo{"java21", "Java 21", d(2029, 6, 30), d(2029, 7, 31), d(2029, 8, 31), "java25", k_java, c},
  RuntimeInfo{"java17", "Java 17", d(2027, 6, 30), d(2027, 7, 31), d(2027, 8, 31), "java25", k_java, c},
  RuntimeInfo{"java11", "Java 11", d(2027, 6, 30), d(2027, 7, 31), d(2027, 8, 31), "java25", k_java, c},
  RuntimeInfo{"java8.al2", "Java 8 (Amazon Linux 2)", d(2027, 6, 30), d(2027, 7, 31), d(2027, 8, 31), "java25", k_java, c},
  RuntimeInfo{"java8", "Java 8 (Amazon Linux 1)", d(2024, 1, 8), d(2024, 2, 8), d(2025, 11, 1), "java25", k_previous, p},
  // .NET
  RuntimeInfo{"dotnet10", ".NET 10", d(2028, 11, 14), d(2028, 12, 14), d(2029, 1, 15), "", k_dotnet, c},
  RuntimeInfo{"dotnet8", ".NET 8", d(2026, 11, 10), d(2027, 2, 1), d(2027, 3, 3), "dotnet10", k_dotnet, c},
  RuntimeInfo{"dotnet7", ".NET 7", d(2024, 5, 14), d(2024, 5, 14), d(2024, 5, 14), "dotnet10", k_previous, p},
  RuntimeInfo{"dotnet6", ".NET 6", d(2024, 12, 20), d(2027, 2, 1), d(2027, 3, 3), "dotnet10", k_deprecated, c},
  RuntimeInfo{"dotnetcore3.1", ".NET Core 3.1", d(2023, 4, 3), d(2023, 4, 3), d(2023, 5, 3), "dotnet10", k_deprecated, c},
  RuntimeInfo{"dotnetcore2.1", ".NET Core 2.1", d(2022, 1, 5), d(2022, 1, 5), d(2022, 4, 13), "dotnet10", k_deprecated, c},
  RuntimeInfo{"dotnetcore2.0", ".NET Core 2.0", d(2019, 5, 30), d(2019, 5, 30), d(2019, 5, 30), "dotnet10", k_previous, p},
  RuntimeInfo{"dotnetcore1.0", ".NET Core 1.0", d(2019, 6, 27), d(2019, 7, 30), d(2019, 7, 30), "dotnet10", k_previous, p},
  // Ruby
  RuntimeInfo{"ruby4.0", "Ruby 4.0", d(2029, 3, 31), d(2029, 4, 30), d(2029, 5, 31), "", k_ruby, c},
  RuntimeInfo{"ruby3.4", "Ruby 3.4", d(2028, 3, 31), d(2028, 4, 30), d(2028, 5, 31), "ruby4.0", k_ruby, c},
  RuntimeInfo{"ruby3.3", "Ruby 3.3", d(2027, 3, 31), d(2027, 4, 30), d(2027, 5, 31), "ruby4.0", k_ruby, c},
  RuntimeInfo{"ruby3.2", "Ruby 3.2", d(2026, 3, 31), d(2026, 8, 31), d(2026, 9, 30), "ruby4.0", k_ruby, c},
  RuntimeInfo{"ruby2.7", "Ruby 2.7", d(2023, 12, 7), d(2024, 1, 9), d(2025, 11, 1), "ruby4.0", k_previous, p},
  RuntimeInfo{"ruby2.5", "Ruby 2.5", d(2021, 7, 30), d(2021, 7, 30), d(2022, 3, 31), "ruby4.0", k_previous, p},
  // OS-only runtimes (Go, Rust, custom runtimes)
  RuntimeInfo{"provided.al2023", "OS-only runtime (Amazon Linux 2023)", d(2029, 6, 30), none, d(2029, 8, 31), "", k_previous, p},
  RuntimeInfo{"provided.al2", "OS-only runtime (Amazon Linux 2)", none, none, none, "provided.al2023", k_deprecated, c},
  RuntimeInfo{"provided", "Custom runtime (Amazon Linux 1)", d(2024, 1, 8), d(2024, 2, 8), d(2025, 11, 1), "provided.al2023", k_previous, p},
  RuntimeInfo{"go1.x", "Go 1.x", d(2024, 1, 8), d(2024, 2, 8), d(2025, 11, 1), "provided.al2023", k_previous, p},
};
// clang-format on

/// "python3.12" → ("python3.", 12); "nodejs22.x" → ("nodejs|.x", 22); "java21" → ("java", 21).
struct Versioned {
  std::string family;
  int version = -1;
};

Versioned split_version(std::string_view id)
{
  static constexpr std::string_view k_families[] = {"python3.", "nodejs", "java", "dotnet", "ruby3.", "ruby4."};
  for (std::string_view family : k_families) {
    if (!id.starts_with(family)) {
      continue;
    }
    std::string_view rest = id.substr(family.size());
    std::string suffix;
    if (family == "nodejs") {
      if (!rest.ends_with(".x")) {
        return {};
      }
      rest.remove_suffix(2);
      suffix = "|.x";
    }
    int version = -1;
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), version);
    if (ec != std::errc() || ptr != rest.data() + rest.size() || rest.empty() || rest.front() == '0') {
      return {};
    }
    return {std::string(family) + suffix, version};
  }
  return {};
}

} // namespace

std::chrono::sys_days runtime_table_checked_until()
{
  sys_days oldest = sys_days::max();
  for (const RuntimeInfo& runtime : k_runtimes) {
    oldest = std::min(oldest, runtime.checked);
  }
  return oldest;
}

std::span<const RuntimeInfo> lambda_runtimes()
{
  return k_runtimes;
}

const RuntimeInfo* find_runtime(std::string_view id)
{
  const auto it = std::find_if(k_runtimes.begin(), k_runtimes.end(), [&](const RuntimeInfo& runtime) { return runtime.id == id; });
  return it == k_runtimes.end() ? nullptr : &*it;
}

bool is_possibly_newer_runtime(std::string_view id)
{
  const Versioned candidate = split_version(id);
  if (candidate.version < 0) {
    return false;
  }
  int newest = -1;
  for (const RuntimeInfo& runtime : k_runtimes) {
    const Versioned known = split_version(runtime.id);
    if (known.family == candidate.family) {
      newest = std::max(newest, known.version);
    }
  }
  // A release a few versions ahead of the newest known one, not an arbitrary number.
  return newest >= 0 && candidate.version > newest && candidate.version <= newest + 10;
}

std::string_view nearest_runtime(std::string_view id)
{
  std::string_view best;
  std::size_t best_distance = id.size() <= 6 ? 2 : 3; // exclusive limit
  bool ambiguous = false;
  for (const RuntimeInfo& runtime : k_runtimes) {
    const std::size_t d = edit_distance(id, runtime.id);
    if (d < best_distance) {
      best_distance = d;
      best = runtime.id;
      ambiguous = false;
    } else if (d == best_distance && !best.empty()) {
      ambiguous = true;
    }
  }
  return ambiguous ? std::string_view() : best;
}

} // namespace lint::rules
