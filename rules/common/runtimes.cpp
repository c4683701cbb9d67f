// The Lambda runtime table.
//
// Source: AWS Lambda Developer Guide, "Lambda runtimes" (supported and deprecated runtime tables),
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, retrieved 2026-11-23 through
// the search tool. The stored copy of that page did not expose its full tables, so the dates were
// cross-checked with sources that mirror it: the cfn-lint runtime lifecycle data
// (src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json), endoflife.date/aws-lambda
// (deprecation = "Standard Support" end, block update = "Deprecated Support" end) and dated
// reports of AWS's later extensions (nodejs16.x/nodejs18.x block update moved to 2026-03-09;
// python3.11 moved to 2027; nodejs20.x block create 2026-08-31). A date that no source gave is
// left unset (epoch): the rule then never escalates on it. Where sources disagree the later date
// is kept (a missed error costs less than a false one): python3.9 block dates were reported both
// as 2026-08-31/2026-09-30 and as 2027-02-01/2027-03-03. AWS extended the Amazon Linux 2 runtimes
// (python3.11 to 2027); the block-update dates first published for the other AL2 runtimes
// (python3.10, java8.al2, java11, java17, provided.al2: 2026-08-31) may have moved with them and
// are left unset. AWS moves these dates; update this table when it does.

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
const std::array k_runtimes{
  // Node.js
  RuntimeInfo{"nodejs24.x", "Node.js 24", d(2028, 4, 30), none, d(2028, 7, 1), ""},
  RuntimeInfo{"nodejs22.x", "Node.js 22", d(2027, 4, 30), d(2027, 6, 1), d(2027, 7, 1), "nodejs24.x"},
  RuntimeInfo{"nodejs20.x", "Node.js 20", d(2026, 4, 30), d(2026, 8, 31), none, "nodejs24.x"},
  RuntimeInfo{"nodejs18.x", "Node.js 18", d(2025, 9, 1), d(2025, 10, 1), d(2026, 3, 9), "nodejs24.x"},
  RuntimeInfo{"nodejs16.x", "Node.js 16", d(2024, 6, 12), d(2025, 10, 1), d(2026, 3, 9), "nodejs24.x"},
  RuntimeInfo{"nodejs14.x", "Node.js 14", d(2023, 12, 4), d(2024, 7, 9), d(2025, 11, 1), "nodejs24.x"},
  RuntimeInfo{"nodejs12.x", "Node.js 12", d(2023, 3, 31), d(2023, 3, 31), d(2023, 4, 30), "nodejs24.x"},
  RuntimeInfo{"nodejs10.x", "Node.js 10", d(2021, 7, 30), d(2021, 7, 30), d(2022, 2, 14), "nodejs24.x"},
  RuntimeInfo{"nodejs8.10", "Node.js 8.10", d(2020, 3, 6), d(2020, 3, 6), d(2020, 3, 6), "nodejs24.x"},
  RuntimeInfo{"nodejs6.10", "Node.js 6.10", d(2019, 8, 12), d(2019, 8, 12), d(2019, 8, 12), "nodejs24.x"},
  RuntimeInfo{"nodejs4.3-edge", "Node.js 4.3 edge", d(2019, 4, 30), d(2019, 4, 30), d(2019, 4, 30), "nodejs24.x"},
  RuntimeInfo{"nodejs4.3", "Node.js 4.3", d(2020, 3, 5), d(2020, 3, 5), d(2020, 3, 5), "nodejs24.x"},
  RuntimeInfo{"nodejs", "Node.js 0.10", d(2016, 10, 31), d(2016, 10, 31), d(2016, 10, 31), "nodejs24.x"},
  // Python
  RuntimeInfo{"python3.14", "Python 3.14", d(2029, 6, 30), none, d(2029, 8, 31), ""},
  RuntimeInfo{"python3.13", "Python 3.13", d(2029, 6, 30), none, d(2029, 8, 31), "python3.14"},
  RuntimeInfo{"python3.12", "Python 3.12", d(2028, 10, 31), none, d(2029, 1, 10), "python3.14"},
  RuntimeInfo{"python3.11", "Python 3.11", d(2027, 6, 30), d(2027, 7, 31), d(2027, 8, 31), "python3.14"},
  RuntimeInfo{"python3.10", "Python 3.10", d(2026, 6, 30), none, none, "python3.14"},
  RuntimeInfo{"python3.9", "Python 3.9", d(2025, 12, 15), d(2027, 2, 1), d(2027, 3, 3), "python3.14"},
  RuntimeInfo{"python3.8", "Python 3.8", d(2024, 10, 14), d(2025, 10, 1), d(2025, 11, 1), "python3.14"},
  RuntimeInfo{"python3.7", "Python 3.7", d(2023, 12, 4), d(2024, 1, 9), d(2025, 11, 1), "python3.14"},
  RuntimeInfo{"python3.6", "Python 3.6", d(2022, 7, 18), d(2022, 7, 18), d(2022, 8, 29), "python3.14"},
  RuntimeInfo{"python2.7", "Python 2.7", d(2021, 7, 15), d(2021, 7, 15), d(2022, 5, 30), "python3.14"},
  // Java
  RuntimeInfo{"java25", "Java 25", d(2029, 6, 30), none, d(2029, 8, 31), ""},
  RuntimeInfo{"java21", "Java 21", d(2029, 6, 30), none, d(2029, 8, 31), "java25"},
  RuntimeInfo{"java17", "Java 17", d(2026, 6, 30), none, none, "java25"},
  RuntimeInfo{"java11", "Java 11", d(2026, 6, 30), none, none, "java25"},
  RuntimeInfo{"java8.al2", "Java 8 (Amazon Linux 2)", d(2026, 6, 30), none, none, "java25"},
  RuntimeInfo{"java8", "Java 8 (Amazon Linux 1)", d(2024, 1, 8), d(2024, 2, 8), d(2025, 11, 1), "java25"},
  // .NET
  RuntimeInfo{"dotnet10", ".NET 10", d(2028, 11, 14), none, d(2029, 1, 15), ""},
  RuntimeInfo{"dotnet8", ".NET 8", d(2026, 11, 10), none, d(2027, 1, 11), "dotnet10"},
  RuntimeInfo{"dotnet7", ".NET 7", d(2024, 5, 14), d(2024, 5, 14), d(2024, 5, 14), "dotnet10"},
  RuntimeInfo{"dotnet6", ".NET 6", d(2024, 12, 20), d(2025, 10, 1), d(2025, 11, 1), "dotnet10"},
  RuntimeInfo{"dotnetcore3.1", ".NET Core 3.1", d(2023, 4, 3), d(2023, 4, 3), d(2023, 5, 3), "dotnet10"},
  RuntimeInfo{"dotnetcore2.1", ".NET Core 2.1", d(2022, 1, 5), d(2022, 1, 5), d(2022, 4, 13), "dotnet10"},
  RuntimeInfo{"dotnetcore2.0", ".NET Core 2.0", d(2019, 5, 30), d(2019, 5, 30), d(2019, 5, 30), "dotnet10"},
  RuntimeInfo{"dotnetcore1.0", ".NET Core 1.0", d(2019, 6, 27), d(2019, 7, 30), d(2019, 7, 30), "dotnet10"},
  // Ruby
  RuntimeInfo{"ruby3.4", "Ruby 3.4", d(2028, 3, 31), none, d(2028, 5, 31), ""},
  RuntimeInfo{"ruby3.3", "Ruby 3.3", d(2027, 3, 31), none, d(2027, 5, 31), "ruby3.4"},
  RuntimeInfo{"ruby3.2", "Ruby 3.2", d(2026, 3, 31), none, d(2026, 5, 31), "ruby3.4"},
  RuntimeInfo{"ruby2.7", "Ruby 2.7", d(2023, 12, 7), d(2024, 1, 9), d(2025, 11, 1), "ruby3.4"},
  RuntimeInfo{"ruby2.5", "Ruby 2.5", d(2021, 7, 30), d(2021, 7, 30), d(2022, 3, 31), "ruby3.4"},
  // OS-only runtimes (Go, Rust, custom runtimes)
  RuntimeInfo{"provided.al2023", "OS-only runtime (Amazon Linux 2023)", d(2029, 6, 30), none, d(2029, 8, 31), ""},
  RuntimeInfo{"provided.al2", "OS-only runtime (Amazon Linux 2)", d(2026, 6, 30), none, none, "provided.al2023"},
  RuntimeInfo{"provided", "Custom runtime (Amazon Linux 1)", d(2024, 1, 8), d(2024, 2, 8), d(2025, 11, 1), "provided.al2023"},
  RuntimeInfo{"go1.x", "Go 1.x", d(2024, 1, 8), d(2024, 2, 8), d(2025, 11, 1), "provided.al2023"},
};
// clang-format on

/// "python3.12" → ("python3.", 12); "nodejs22.x" → ("nodejs|.x", 22); "java21" → ("java", 21).
struct Versioned {
  std::string family;
  int version = -1;
};

Versioned split_version(std::string_view id)
{
  static constexpr std::string_view k_families[] = {"python3.", "nodejs", "java", "dotnet", "ruby3."};
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
