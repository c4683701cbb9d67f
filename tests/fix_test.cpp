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

TEST_CASE("plan_fixes writes a fix's edits into another file than the finding's only when the run lints that file")
{
  // LL308: the finding is at the call in the code, the fix adds the grant to the template.
  auto code = std::make_shared<const lint::SourceFile>("src/app.py", "table.put_item(Item=event)\n");
  auto template_file = std::make_shared<const lint::SourceFile>("template.yaml", "Policies:\n  - A\n");
  lint::Finding finding;
  finding.rule_id = "LL308";
  finding.primary = lint::Location{code, {0, 14}};
  lint::TextEdit edit{{16, 16}, "  - B\n"}; // at the end of the template
  edit.file = template_file;
  finding.fix = lint::Fix{"Allow B", {edit}, lint::Applicability::unsafe};
  const std::vector<lint::Finding> findings{finding};

  // Without knowing which files are linted, nothing is written outside the finding's own file.
  CHECK(lint::cli::plan_fixes(findings, true).empty());
  CHECK(lint::cli::plan_fixes(findings, true, [](const std::string& path) { return path == "src/app.py"; }).empty());
  const auto fixes = lint::cli::plan_fixes(findings, true, [](const std::string& path) { return path == "template.yaml"; });
  REQUIRE(fixes.size() == 1);
  CHECK(fixes[0].path == "template.yaml"); // never the code file
  CHECK(fixes[0].original == "Policies:\n  - A\n");
  CHECK(fixes[0].fixed == "Policies:\n  - A\n  - B\n");
  CHECK(fixes[0].titles == std::vector<std::string>{"Allow B"});
  // Unsafe: not without --unsafe-fixes.
  CHECK(lint::cli::plan_fixes(findings, false, [](const std::string&) { return true; }).empty());
}

TEST_CASE("plan_fixes takes a fix that edits two files whole, once, or leaves it whole for the next pass")
{
  auto a = std::make_shared<const lint::SourceFile>("a.yaml", "aaaa\n");
  auto b = std::make_shared<const lint::SourceFile>("b.yaml", "bbbb\n");
  lint::Finding both;
  both.rule_id = "LL308";
  both.primary = lint::Location{a, {0, 1}};
  lint::TextEdit in_b{{0, 1}, "B"};
  in_b.file = b;
  both.fix = lint::Fix{"both", {lint::TextEdit{{0, 1}, "A"}, in_b}, lint::Applicability::safe};
  // Another fix wanting b's first byte.
  lint::Finding first;
  first.rule_id = "LL004";
  first.primary = lint::Location{b, {0, 1}};
  first.fix = lint::Fix{"first", {lint::TextEdit{{0, 1}, "x"}}, lint::Applicability::safe};
  const auto everything = [](const std::string&) { return true; };
  {
    const auto fixes = lint::cli::plan_fixes(std::vector<lint::Finding>{both}, false, everything);
    REQUIRE(fixes.size() == 2);
    CHECK(fixes[0].fixed == "Aaaa\n");
    CHECK(fixes[1].fixed == "Bbbb\n");
    CHECK(fixes[0].titles.size() + fixes[1].titles.size() == 1); // counted once
  }
  {
    // Sorted by the file each fix edits first: `both` (a.yaml) is taken; `first` overlaps it in
    // b.yaml and waits for the next pass.
    const auto fixes = lint::cli::plan_fixes(std::vector<lint::Finding>{first, both}, false, everything);
    REQUIRE(fixes.size() == 2);
    CHECK(fixes[0].fixed == "Aaaa\n");
    CHECK(fixes[1].fixed == "Bbbb\n");
    CHECK(fixes[0].titles == std::vector<std::string>{"both"});
    CHECK(fixes[1].titles.empty());
  }
  {
    // When b.yaml may not be written, `both` is left out whole (a.yaml untouched) and `first`,
    // in its own file, applies.
    const auto fixes = lint::cli::plan_fixes(std::vector<lint::Finding>{first, both}, false,
                                             [](const std::string& path) { return path == "a.yaml"; });
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0].path == "b.yaml");
    CHECK(fixes[0].fixed == "xbbb\n");
  }
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
