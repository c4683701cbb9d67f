// `check --fix` / `--diff` building blocks (cli/fix.h): which fixes are chosen, the text they
// produce, the unified diff, and the refusal to write a file that changed since it was read.

#include "cli/fix.h"
#include "tests/test_files.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>

namespace {

lint::Finding finding_with_fix(const std::shared_ptr<const lint::SourceFile>& file, std::uint32_t begin, std::uint32_t end, std::string text,
                               lint::Applicability applicability, std::string title)
{
  lint::Finding finding;
  finding.rule_id = "LL004";
  finding.primary = lint::Location{file, {begin, end}};
  finding.fix = lint::Fix{std::move(title), {lint::TextEdit{{begin, end}, std::move(text)}}, applicability};
  return finding;
}

} // namespace

TEST_CASE("plan_fixes applies safe fixes, unsafe ones only when asked, never display-only or suppressed ones")
{
  const std::string text = "a: 1\nTimout: 2\nc: 3\nMemorySiz: 4\n";
  auto file = std::make_shared<const lint::SourceFile>("t.yaml", text);
  std::vector<lint::Finding> findings;
  findings.push_back(finding_with_fix(file, 5, 11, "Timeout", lint::Applicability::safe, "Rename 'Timout' to 'Timeout'"));
  findings.push_back(finding_with_fix(file, 20, 29, "MemorySize", lint::Applicability::unsafe, "Rename 'MemorySiz'"));
  findings.push_back(finding_with_fix(file, 0, 1, "z", lint::Applicability::display_only, "never"));
  lint::Finding suppressed = finding_with_fix(file, 15, 16, "x", lint::Applicability::safe, "suppressed");
  suppressed.suppression = lint::Suppression{"comment", "why", std::nullopt, false};
  findings.push_back(suppressed);

  const auto safe = lint::cli::plan_fixes(findings, false);
  REQUIRE(safe.size() == 1);
  CHECK(safe[0].fixed == "a: 1\nTimeout: 2\nc: 3\nMemorySiz: 4\n");
  CHECK(safe[0].titles == std::vector<std::string>{"Rename 'Timout' to 'Timeout'"});
  const auto all = lint::cli::plan_fixes(findings, true);
  REQUIRE(all.size() == 1);
  CHECK(all[0].fixed == "a: 1\nTimeout: 2\nc: 3\nMemorySize: 4\n");
  CHECK(all[0].titles.size() == 2);
}

TEST_CASE("plan_fixes leaves a fix overlapping an earlier one for the next pass")
{
  auto file = std::make_shared<const lint::SourceFile>("t.yaml", "Timout: 2\n");
  std::vector<lint::Finding> findings;
  findings.push_back(finding_with_fix(file, 0, 6, "Timeout", lint::Applicability::safe, "first"));
  findings.push_back(finding_with_fix(file, 0, 9, "Timeout: 3", lint::Applicability::safe, "second"));
  const auto fixes = lint::cli::plan_fixes(findings, false);
  REQUIRE(fixes.size() == 1);
  CHECK(fixes[0].fixed == "Timeout: 2\n");
  CHECK(fixes[0].titles == std::vector<std::string>{"first"});
}

TEST_CASE("unified_diff: hunks with three lines of context, line counts, no newline at the end")
{
  const std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  const std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
  CHECK(lint::cli::unified_diff("t.yaml", before, after) ==
        "--- a/t.yaml\n+++ b/t.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  CHECK(lint::cli::unified_diff("t.yaml", "a\n", "a\nb") == "--- a/t.yaml\n+++ b/t.yaml\n@@ -1,1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n");
  CHECK(lint::cli::unified_diff("t.yaml", "same\n", "same\n").empty());
}

TEST_CASE("write_fix refuses a file that changed since it was read and writes one that did not")
{
  const std::filesystem::path directory = std::filesystem::temp_directory_path() / "lambdalint_fix_test";
  std::filesystem::create_directories(directory);
  const std::string path = (directory / "t.yaml").string();
  lint::cli::FileFix fix{path, "Timout: 2\n", "Timeout: 2\n", {"Rename"}};
  std::ofstream(path, std::ios::binary) << "Timout: 3\n"; // edited after the lint
  CHECK(lint::cli::write_fix(fix) == "changed since it was read; not fixed (run again)");
  CHECK(lint::test::read_file(path) == "Timout: 3\n");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "Timout: 2\n";
  CHECK(lint::cli::write_fix(fix).empty());
  CHECK(lint::test::read_file(path) == "Timeout: 2\n");
  std::filesystem::remove_all(directory);
}
