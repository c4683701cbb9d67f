// The Lambda runtime table (rules/common/runtimes.cpp) is data that AWS keeps changing: every row
// names its source and the day it was checked, and this test fails once today is more than 180
// days past the table's oldest check, so a stale table is noticed instead of silently misreporting.

#include "rules/common/runtimes.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <set>
#include <string>

namespace {

using namespace std::chrono;

std::string format_day(sys_days day)
{
  const year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

} // namespace

TEST_CASE("runtime table: re-checked against the AWS runtime pages within 180 days")
{
  const sys_days today = floor<days>(system_clock::now());
  const sys_days checked_until = lint::rules::runtime_table_checked_until();
  INFO("the table was last checked on ", format_day(checked_until), "; today is ", format_day(today),
       ": re-derive every date from https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html "
       "and update each row's checked date in rules/common/runtimes.cpp");
  CHECK(today - checked_until <= days{180});
}

TEST_CASE("runtime table: every row has a source, a check date and dates in lifecycle order")
{
  std::set<std::string_view> ids;
  for (const lint::rules::RuntimeInfo& runtime : lint::rules::lambda_runtimes()) {
    INFO(runtime.id);
    CHECK(ids.insert(runtime.id).second);
    CHECK_FALSE(runtime.source.empty());
    CHECK(lint::rules::is_dated(runtime.checked));
    if (lint::rules::is_dated(runtime.block_create) && lint::rules::is_dated(runtime.block_update)) {
      CHECK(runtime.block_create <= runtime.block_update);
    }
    if (lint::rules::is_dated(runtime.deprecated) && lint::rules::is_dated(runtime.block_update)) {
      CHECK(runtime.deprecated <= runtime.block_update);
    }
    if (!runtime.successor.empty()) {
      CHECK(lint::rules::find_runtime(runtime.successor) != nullptr);
    }
  }
}

TEST_CASE("runtime table: dates re-derived from the AWS pages on 2026-12-02")
{
  using lint::rules::find_runtime;
  const auto day = [](int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / std::chrono::day{d}}; };
  // ruby4.0 is a known runtime (LL005 must not call it unknown), with AWS's published dates.
  const lint::rules::RuntimeInfo* ruby = find_runtime("ruby4.0");
  REQUIRE(ruby != nullptr);
  CHECK(ruby->deprecated == day(2029, 3, 31));
  CHECK(ruby->block_update == day(2029, 5, 31));
  // The Amazon Linux 2 runtimes AWS extended to 2027.
  for (const char* id : {"java8.al2", "java11", "java17", "python3.11"}) {
    INFO(id);
    REQUIRE(find_runtime(id) != nullptr);
    CHECK(find_runtime(id)->deprecated == day(2027, 6, 30));
    CHECK(find_runtime(id)->block_update == day(2027, 8, 31));
  }
  CHECK(find_runtime("dotnet6")->block_update == day(2027, 3, 3));
  // Block dates no stored AWS page confirmed stay unset, so LL801 never escalates on them.
  for (const char* id : {"nodejs18.x", "nodejs16.x", "python3.8", "python3.9"}) {
    INFO(id);
    REQUIRE(find_runtime(id) != nullptr);
    CHECK_FALSE(lint::rules::is_dated(find_runtime(id)->block_update));
  }
}
