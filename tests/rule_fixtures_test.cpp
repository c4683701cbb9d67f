// Every rule's fixtures under fixtures/rules/<family>/<name>/: only the rule under test runs
// (clang-tidy's --checks=-*,X), each `# expect: LLnnn` comment must be matched by a finding of
// that rule starting on that line, and any finding that was not expected fails the test.
//
// Expectation forms:
//   <line with the fault>   # expect: LL401          finding starts on this line
//   <line with the fault>   # expect: LL401@14       ... at byte column 14
//   # expect-at: 12 LL401                              finding on line 12 (JSON, block scalars)
//   <fixture>.expect                                   sidecar: one "12 LL401" or "12:5 LL401" a line
//   # as-of: 2026-01-01                                 date for runtime rules (default 2026-06-01)
// good_* fixtures must stay silent; bad_* fixtures must expect at least one finding.
// Every bad fixture also has a snapshot <fixture>.snap next to it: each finding's position, rule,
// message and fix title, so a rule cannot say something wrong and stay green.
// LINT_UPDATE_SNAPSHOTS=1 rewrites them (review the diff).
// A fixture may also be a directory: a Terraform module (its .tf files, local child modules in
// subdirectories), linted as one unit; `# expect: LLnnn` comments in any of its .tf files (child
// modules included) name findings in that file, compared as "file:line rule"; a .tf.json file's
// expectations are in its <name>.tf.json.expect sidecar.

#include "analyzer/driver.h"
#include "rules/registry.h"
#include "tests/test_files.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace {

using lint::test::read_file;

/// Compares the findings' text with <fixture>.snap (bad fixtures), or rewrites it when
/// LINT_UPDATE_SNAPSHOTS is set.
void check_snapshot(const fs::path& fixture, const std::string& actual)
{
  const fs::path snapshot = fs::path(fixture.string() + ".snap");
  if (std::getenv("LINT_UPDATE_SNAPSHOTS") != nullptr) {
    std::ofstream(snapshot, std::ios::binary) << actual;
    return;
  }
  REQUIRE_MESSAGE(fs::exists(snapshot), "missing " << snapshot.string() << " (run with LINT_UPDATE_SNAPSHOTS=1)");
  CHECK(read_file(snapshot) == actual);
}

std::string snapshot_line(const std::string& where, const lint::Finding& finding)
{
  std::string line = fmt::format("{} {} {}\n", where, finding.rule_id, finding.message);
  if (finding.fix) {
    // A fix that edits another file than the finding's (LL308: the template, for a call in the
    // code) names the files it edits.
    std::vector<std::string> elsewhere;
    for (const lint::TextEdit& edit : finding.fix->edits) {
      const lint::SourceFilePtr& file = lint::edited_file(finding, edit);
      const std::string name = file ? fs::path(file->path()).filename().string() : "?";
      if ((file == nullptr || finding.primary.file == nullptr || file->path() != finding.primary.file->path()) &&
          std::find(elsewhere.begin(), elsewhere.end(), name) == elsewhere.end()) {
        elsewhere.push_back(name);
      }
    }
    const std::string_view applicability = finding.fix->applicability == lint::Applicability::display_only ? " (display only)" : "";
    line += elsewhere.empty() ? fmt::format("  fix: {}{}\n", finding.fix->title, applicability)
                              : fmt::format("  fix: {}{} [edits {}]\n", finding.fix->title, applicability, fmt::join(elsewhere, ", "));
  }
  return line;
}

struct Expectation {
  std::uint32_t line = 0;
  std::uint32_t column = 0; // 0 = any
  std::string rule;
  bool operator<(const Expectation& other) const { return std::tie(line, rule, column) < std::tie(other.line, other.rule, other.column); }
};

std::chrono::sys_days default_as_of()
{
  return std::chrono::sys_days{std::chrono::year{2026} / 6 / 1};
}

struct FixtureSpec {
  std::vector<Expectation> expected;
  std::chrono::sys_days as_of = default_as_of();
};

FixtureSpec parse_expectations(const fs::path& fixture, const std::string& text)
{
  FixtureSpec spec;
  static const std::regex inline_expect(R"(#\s*expect:\s*(.*)$)");
  static const std::regex item(R"((LL\d{3})(?:@(\d+))?)");
  static const std::regex expect_at(R"(#\s*expect-at:\s*(\d+)(?::(\d+))?\s+(LL\d{3}))");
  static const std::regex as_of(R"(#\s*as-of:\s*(\d{4})-(\d{2})-(\d{2}))");
  std::istringstream lines(text);
  std::string line;
  std::uint32_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::smatch match;
    if (std::regex_search(line, match, expect_at)) {
      spec.expected.push_back({static_cast<std::uint32_t>(std::stoul(match[1])),
                               match[2].matched ? static_cast<std::uint32_t>(std::stoul(match[2])) : 0u, match[3]});
    } else if (std::regex_search(line, match, inline_expect)) {
      const std::string items = match[1];
      for (auto it = std::sregex_iterator(items.begin(), items.end(), item); it != std::sregex_iterator(); ++it) {
        spec.expected.push_back({number, (*it)[2].matched ? static_cast<std::uint32_t>(std::stoul((*it)[2])) : 0u, (*it)[1]});
      }
    }
    if (std::regex_search(line, match, as_of)) {
      spec.as_of = std::chrono::sys_days{std::chrono::year{std::stoi(match[1])} / std::stoi(match[2]) / std::stoi(match[3])};
    }
  }
  const fs::path sidecar = fs::path(fixture.string() + ".expect");
  if (fs::exists(sidecar)) {
    static const std::regex sidecar_line(R"(^\s*(\d+)(?::(\d+))?\s+(LL\d{3})\s*$)");
    std::istringstream sidecar_lines(read_file(sidecar));
    while (std::getline(sidecar_lines, line)) {
      std::smatch match;
      if (std::regex_match(line, match, sidecar_line)) {
        spec.expected.push_back({static_cast<std::uint32_t>(std::stoul(match[1])),
                                 match[2].matched ? static_cast<std::uint32_t>(std::stoul(match[2])) : 0u, match[3]});
      }
    }
  }
  std::sort(spec.expected.begin(), spec.expected.end());
  return spec;
}

bool is_fixture_file(const fs::path& path)
{
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml" || extension == ".json" || extension == ".template";
}

std::vector<fs::path> fixtures_of(const lint::rules::Entry& entry)
{
  std::vector<fs::path> out;
  const fs::path directory = fs::path(LINT_SOURCE_DIR) / "fixtures" / "rules" / entry.path;
  if (!fs::is_directory(directory)) {
    return out;
  }
  for (const auto& file : fs::directory_iterator(directory)) {
    if (file.is_regular_file() && is_fixture_file(file.path())) {
      out.push_back(file.path());
    } else if (file.is_directory()) {
      out.push_back(file.path()); // a Terraform module fixture
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// A Terraform module fixture, or a Serverless Framework project (a directory holding
/// serverless.yml): expectations from every .tf file (serverless.yml) under the directory, findings
/// compared by file (relative to the fixture) and line.
void check_module_fixture(const lint::Rule& rule, const fs::path& fixture)
{
  std::vector<std::string> expected;
  std::chrono::sys_days as_of = default_as_of();
  const bool serverless = fs::is_regular_file(fixture / "serverless.yml");
  for (const auto& file : fs::recursive_directory_iterator(fixture)) {
    // .py: a module's Lambda source (code analysis findings land there). A .tf.json file has no
    // comments: its expectations are in a <name>.tf.json.expect sidecar.
    const bool tf_json = file.path().filename().string().ends_with(".tf.json");
    const bool serverless_config = file.path().filename() == "serverless.yml";
    if (!file.is_regular_file() ||
        (file.path().extension() != ".tf" && file.path().extension() != ".py" && !tf_json && !serverless_config)) {
      continue;
    }
    const FixtureSpec spec = parse_expectations(file.path(), read_file(file.path()));
    const std::string relative = fs::relative(file.path(), fixture).string();
    for (const Expectation& e : spec.expected) {
      expected.push_back(fmt::format("{}:{} {}", relative, e.line, e.rule));
    }
    if (spec.as_of != default_as_of()) {
      as_of = spec.as_of;
    }
  }
  lint::DriverOptions options;
  options.explicitly_named = true;
  options.rule_options.as_of = as_of;
  options.selection.enable.insert(std::string(rule.meta.id));
  options.policy.known_rules = lint::rules::all(); // suppressions may name any rule
  const lint::Rule* only[] = {&rule};
  const lint::UnitResult result = serverless ? lint::lint_file((fixture / "serverless.yml").string(), only, options)
                                              : lint::lint_terraform_module(fixture.string(), only, options);
  CHECK_MESSAGE(result.internal_errors.empty(), fmt::format("{}", fmt::join(result.internal_errors, "\n")));
  std::vector<std::string> actual;
  std::string messages;
  std::vector<std::string> snapshot;
  for (const lint::Finding& finding : result.findings) {
    const auto position = finding.primary.file->byte_position(finding.primary.range.begin);
    const std::string relative = fs::path(finding.primary.file->path()).lexically_relative(fixture).string();
    actual.push_back(fmt::format("{}:{} {}", relative, position.line, finding.rule_id));
    messages += fmt::format("\n  {}:{}:{}: {} {}", relative, position.line, position.column, finding.rule_id, finding.message);
    snapshot.push_back(snapshot_line(fmt::format("{}:{}:{}", relative, position.line, position.column), finding));
  }
  std::sort(snapshot.begin(), snapshot.end());
  if (fixture.filename().string().starts_with("bad")) {
    check_snapshot(fixture, fmt::format("{}", fmt::join(snapshot, "")));
  }
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  INFO(fixture.string(), messages);
  CHECK(fmt::format("{}", fmt::join(actual, ", ")) == fmt::format("{}", fmt::join(expected, ", ")));
  const std::string name = fixture.filename().string();
  if (name.starts_with("good")) {
    CHECK(expected.empty());
  } else if (name.starts_with("bad")) {
    CHECK_FALSE(expected.empty());
  }
}

/// A project fixture (code analysis): a directory holding template.yaml (or template.json) and the
/// code it names.
/// Findings land in the code files too; expectations are `# expect: LLnnn` (Python, YAML) or
/// `// expect: LLnnn` (JavaScript, TypeScript) comments in any file, compared by file and line.
void check_project_fixture(const lint::Rule& rule, const fs::path& fixture)
{
  static const std::regex comment_expect(R"((?:#|//)\s*expect:\s*(LL\d{3}))");
  std::vector<std::string> expected;
  for (const auto& file : fs::recursive_directory_iterator(fixture)) {
    if (!file.is_regular_file()) {
      continue;
    }
    std::istringstream lines(read_file(file.path()));
    std::string line;
    for (std::uint32_t number = 1; std::getline(lines, line); ++number) {
      std::smatch match;
      if (std::regex_search(line, match, comment_expect)) {
        expected.push_back(fmt::format("{}:{} {}", fs::relative(file.path(), fixture).string(), number, match[1].str()));
      }
    }
  }
  lint::DriverOptions options;
  options.explicitly_named = true;
  options.rule_options.as_of = default_as_of();
  options.selection.enable.insert(std::string(rule.meta.id));
  options.policy.known_rules = lint::rules::all();
  const lint::Rule* only[] = {&rule};
  const fs::path template_path = fs::exists(fixture / "template.yaml") ? fixture / "template.yaml" : fixture / "template.json";
  const lint::UnitResult result = lint::lint_file(template_path.string(), only, options);
  CHECK_MESSAGE(result.internal_errors.empty(), fmt::format("{}", fmt::join(result.internal_errors, "\n")));
  std::vector<std::string> actual;
  std::string messages;
  std::vector<std::string> snapshot;
  for (const lint::Finding& finding : result.findings) {
    const auto position = finding.primary.file->byte_position(finding.primary.range.begin);
    const std::string relative = fs::path(finding.primary.file->path()).lexically_relative(fixture).string();
    actual.push_back(fmt::format("{}:{} {}", relative, position.line, finding.rule_id));
    messages += fmt::format("\n  {}:{}:{}: {} {}", relative, position.line, position.column, finding.rule_id, finding.message);
    snapshot.push_back(snapshot_line(fmt::format("{}:{}:{}", relative, position.line, position.column), finding));
  }
  std::sort(snapshot.begin(), snapshot.end());
  if (fixture.filename().string().starts_with("bad")) {
    check_snapshot(fixture, fmt::format("{}", fmt::join(snapshot, "")));
  }
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  INFO(fixture.string(), messages);
  CHECK(fmt::format("{}", fmt::join(actual, ", ")) == fmt::format("{}", fmt::join(expected, ", ")));
  const std::string name = fixture.filename().string();
  if (name.starts_with("good")) {
    CHECK(expected.empty());
  } else if (name.starts_with("bad")) {
    CHECK_FALSE(expected.empty());
  }
}

} // namespace

void check_file_fixture(const lint::rules::Entry& entry, const fs::path& fixture, const std::string& name);

TEST_CASE("rule fixtures fire exactly where expected")
{
  std::size_t fixtures = 0;
  for (const lint::rules::Entry& entry : lint::rules::all_entries()) {
    for (const fs::path& fixture : fixtures_of(entry)) {
      ++fixtures;
      const std::string name = fixture.filename().string();
      SUBCASE((std::string(entry.rule->meta.id) + " " + name).c_str())
      {
        if (fs::is_directory(fixture) && (fs::exists(fixture / "template.yaml") || fs::exists(fixture / "template.json"))) {
          check_project_fixture(*entry.rule, fixture);
        } else if (fs::is_directory(fixture)) {
          check_module_fixture(*entry.rule, fixture);
        } else {
          check_file_fixture(entry, fixture, name);
        }
      }
    }
  }
  CHECK(fixtures > 0);
}

void check_file_fixture(const lint::rules::Entry& entry, const fs::path& fixture, const std::string& name)
{
  const std::string text = read_file(fixture);
  const FixtureSpec spec = parse_expectations(fixture, text);
  lint::DriverOptions options;
  options.explicitly_named = true;
  options.rule_options.as_of = spec.as_of;
  const lint::Rule* only[] = {entry.rule};
  options.selection.enable.insert(std::string(entry.rule->meta.id));
  options.policy.known_rules = lint::rules::all(); // suppressions may name any rule
  const lint::UnitResult result = lint::lint_text(fixture.string(), text, only, options);
  CHECK_MESSAGE(result.internal_errors.empty(), fmt::format("{}", fmt::join(result.internal_errors, "\n")));
  std::vector<Expectation> actual;
  for (const lint::Finding& finding : result.findings) {
    const auto position = finding.primary.file->byte_position(finding.primary.range.begin);
    actual.push_back({position.line, position.column, std::string(finding.rule_id)});
  }
  std::sort(actual.begin(), actual.end());
  // Columns are compared only where the expectation names one.
  std::vector<Expectation> comparable = actual;
  for (Expectation& found : comparable) {
    const bool column_expected = std::any_of(spec.expected.begin(), spec.expected.end(), [&](const Expectation& e) {
      return e.line == found.line && e.rule == found.rule && e.column != 0;
    });
    if (!column_expected) {
      found.column = 0;
    }
  }
  std::sort(comparable.begin(), comparable.end());
  auto describe = [](const std::vector<Expectation>& list) {
    std::string out;
    for (const Expectation& e : list) {
      out += e.column ? fmt::format(" {}:{} {}", e.line, e.column, e.rule) : fmt::format(" {} {}", e.line, e.rule);
    }
    return out.empty() ? std::string(" (none)") : out;
  };
  std::string messages;
  std::vector<std::string> snapshot;
  for (const lint::Finding& finding : result.findings) {
    const auto position = finding.primary.file->byte_position(finding.primary.range.begin);
    messages += fmt::format("\n  {}:{}: {} {}", position.line, position.column, finding.rule_id, finding.message);
    snapshot.push_back(snapshot_line(fmt::format("{}:{}", position.line, position.column), finding));
  }
  std::sort(snapshot.begin(), snapshot.end());
  if (name.starts_with("bad")) {
    check_snapshot(fixture, fmt::format("{}", fmt::join(snapshot, "")));
  }
  INFO(fixture.string(), "\nexpected:", describe(spec.expected), "\nactual:  ", describe(actual), messages);
  CHECK(describe(comparable) == describe(spec.expected));
  if (name.starts_with("good")) {
    CHECK(spec.expected.empty());
  } else if (name.starts_with("bad")) {
    CHECK_FALSE(spec.expected.empty());
  }
}

TEST_CASE("every rule has metadata, docs sections and fixtures that fire and stay silent")
{
  static const std::regex id_pattern(R"(^LL\d{3}$)");
  static const std::regex name_pattern(R"(^[a-z0-9]+(-[a-z0-9]+)*$)");
  std::set<std::string_view> ids;
  for (const lint::rules::Entry& entry : lint::rules::all_entries()) {
    const lint::RuleMeta& meta = entry.rule->meta;
    INFO(meta.id, " ", entry.path);
    CHECK(std::regex_match(std::string(meta.id), id_pattern));
    CHECK(std::regex_match(std::string(meta.name), name_pattern));
    CHECK(ids.insert(meta.id).second);
    CHECK_FALSE(meta.summary.empty());
    CHECK(meta.help_uri.starts_with("https://"));
    CHECK(meta.explanation.find("## What it does") != std::string_view::npos);
    CHECK(meta.explanation.find("## Why is this bad?") != std::string_view::npos);
    CHECK(meta.explanation.find("## Example") != std::string_view::npos);
    if (meta.has_fix) {
      CHECK(meta.explanation.find("## Fix safety") != std::string_view::npos);
    }
    // The default set is the "default" group; the opt-in hardening group is off by default.
    CHECK((meta.group == "default" || meta.group == "hardening"));
    CHECK(meta.enabled_by_default == (meta.group == "default"));
    CHECK(entry.path.starts_with(meta.family));
    bool has_good = false;
    bool has_bad = false;
    for (const fs::path& fixture : fixtures_of(entry)) {
      has_good = has_good || fixture.filename().string().starts_with("good");
      has_bad = has_bad || fixture.filename().string().starts_with("bad");
    }
    CHECK_MESSAGE(has_good, "no good_* fixture in fixtures/rules/", entry.path);
    CHECK_MESSAGE(has_bad, "no bad_* fixture in fixtures/rules/", entry.path);
  }
}
