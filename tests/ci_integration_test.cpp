// Configuration, suppressions, baselines and the CI output formats (issue 8): what a team relies
// on to adopt lambdalint in a repository with existing findings.

#include "analyzer/baseline.h"
#include "analyzer/config.h"
#include "analyzer/driver.h"
#include "analyzer/suppressions.h"
#include "report/report.h"
#include "rules/registry.h"
#include "tests/test_files.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace lint;

namespace {

using lint::test::read_file;

DriverOptions driver_options()
{
  DriverOptions options;
  options.explicitly_named = true;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1};
  options.policy.known_rules = rules::all();
  options.include_suppressed = true; // these tests look at how each finding was suppressed
  // LL701 (hardening, opt-in) is these tests' resource-level finding.
  options.selection.enable.insert("LL701");
  return options;
}

UnitResult lint_template(const std::string& path, const std::string& text, const DriverOptions& options = driver_options())
{
  return lint_text(path, text, rules::all(), options);
}

/// "line rule" for each unsuppressed finding, and "line rule (via)" for suppressed ones.
std::vector<std::string> summary(const UnitResult& result)
{
  std::vector<std::string> out;
  for (const Finding& finding : result.findings) {
    const auto at = finding.primary.file->byte_position(finding.primary.range.begin);
    out.push_back(finding.suppression ? fmt::format("{} {} ({})", at.line, finding.rule_id, finding.suppression->via)
                                      : fmt::format("{} {}", at.line, finding.rule_id));
  }
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item)
{
  return std::find(list.begin(), list.end(), item) != list.end();
}

// A function with no reserved concurrency (LL701 at its logical id) and a deprecated runtime
// (LL801 at Runtime), so both resource-level and property-level findings exist.
const char* const k_function = R"(  {id}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.7
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/worker
      Code: {{ZipFile: "def handler(event, context): pass"}}
)";

std::string function(std::string_view id)
{
  return fmt::format(fmt::runtime(k_function), fmt::arg("id", id));
}

const std::string k_header = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n";

struct TempDir {
  fs::path path;
  TempDir()
  {
    path = fs::temp_directory_path() / fmt::format("lambdalint-ci-test-{}", ::getpid());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& text) const
  {
    const fs::path file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
};

} // namespace

TEST_CASE("configuration: values, origins and problems with positions")
{
  const std::string text = R"(enable: [implicit-defaults]
disable:
  - LL501
  - vpc
levels:
  hygiene: warning
  LL701: error
fail-on: note
options:
  account-concurrency: 5000
  api-gateway-timeout: 60
  secret-name-patterns: ['(?i).*_CREDENTIALS']
  as-of: 2026-01-15
ignore-paths: [build/**, generated]
respect-other-tools: true
)";
  const LoadedConfig loaded = parse_config("/repo/.lambdalint.yaml", text, rules::all());
  CHECK(loaded.problems.empty());
  const Config& config = loaded.config;
  REQUIRE(config.enable.size() == 1);
  CHECK(config.enable[0].value == "implicit-defaults");
  CHECK(config.enable[0].origin == "/repo/.lambdalint.yaml:1:10");
  CHECK(config.disable.size() == 2);
  CHECK(config.levels.at("LL701").value == Level::error);
  CHECK(config.fail_on->value == Level::note);
  CHECK(config.account_concurrency->value == 5000);
  CHECK(config.account_concurrency->origin == "/repo/.lambdalint.yaml:10:24");
  CHECK(config.api_gateway_timeout->value == 60);
  CHECK(config.as_of->value == std::chrono::sys_days{std::chrono::year{2026} / 1 / 15});
  CHECK(config.respect_other_tools->value);

  RuleSelection selection;
  RuleOptions options;
  config.apply_to(selection, options);
  CHECK(selection.enable.contains("implicit-defaults"));
  CHECK(selection.disable.contains("vpc"));
  CHECK(options.account_concurrency_limit == 5000);
  CHECK(options.api_gateway_timeout_seconds == 60);
  CHECK(options.secret_name_patterns.size() == 1);

  SUBCASE("every bad value and unknown key is reported at its position")
  {
    const std::string bad = R"(enable: [LL999]
levels:
  LL701: fatal
  nonsense: note
fail-on: sometimes
options:
  account-concurrency: 12
  secret-name-patterns: ['(unclosed']
  all-roles: yes please
  acount-concurrency: 3000
ignore-path: [x]
)";
    const LoadedConfig result = parse_config("cfg.yaml", bad, rules::all());
    std::vector<std::string> problems;
    for (const ConfigProblem& problem : result.problems) {
      problems.push_back(problem.to_string());
    }
    INFO(fmt::format("{}", fmt::join(problems, "\n")));
    REQUIRE(problems.size() == 9);
    CHECK(problems[0] == "cfg.yaml:1:10: error: 'LL999' is not a rule id, rule name, family or group (see `lambdalint rules`)");
    CHECK(problems[1] == "cfg.yaml:3:10: error: levels.LL701: error, warning or note");
    CHECK(problems[2] == "cfg.yaml:4:3: error: levels: 'nonsense' is not a rule id, rule name or family");
    CHECK(problems[3] == "cfg.yaml:5:10: error: fail-on: error, warning, note or none");
    CHECK(problems[4] == "cfg.yaml:7:24: error: options.account-concurrency: a whole number of at least 100");
    CHECK(problems[5].starts_with("cfg.yaml:8:26: error: options.secret-name-patterns: invalid RE2 pattern"));
    CHECK(problems[6] == "cfg.yaml:9:14: error: options.all-roles: true or false");
    CHECK(problems[7] == "cfg.yaml:10:3: error: unknown option 'acount-concurrency' (did you mean 'account-concurrency'?)");
    CHECK(problems[8] == "cfg.yaml:11:1: error: unknown key 'ignore-path' (did you mean 'ignore-paths'?)");
  }

  SUBCASE("a YAML syntax error is a problem with its position")
  {
    const LoadedConfig result = parse_config("cfg.yaml", "enable: [LL701\n", rules::all());
    REQUIRE_FALSE(result.problems.empty());
    CHECK(result.problems[0].position.line == 1);
  }

  SUBCASE("flags win over the file; list items move between enable and disable")
  {
    Config flags;
    flags.account_concurrency = Setting<std::int64_t>{2000, "--account-concurrency"};
    flags.enable.push_back({"LL501", "--enable"});
    Config merged = config;
    merged.merge_from(flags);
    CHECK(merged.account_concurrency->value == 2000);
    CHECK(merged.account_concurrency->origin == "--account-concurrency");
    CHECK(merged.api_gateway_timeout->value == 60); // untouched by flags
    CHECK(std::none_of(merged.disable.begin(), merged.disable.end(), [](const auto& item) { return item.value == "LL501"; }));
    const std::string shown = merged.show();
    CHECK(shown.find("account-concurrency: 2000") != std::string::npos);
    CHECK(shown.find("# --account-concurrency") != std::string::npos);
    CHECK(shown.find("# /repo/.lambdalint.yaml:11:24") != std::string::npos); // api-gateway-timeout
  }

  SUBCASE("ignore-paths")
  {
    Config ignoring = config;
    ignoring.base_directory = "/repo";
    CHECK(ignoring.is_ignored("/repo/build/out/app.yaml"));
    CHECK(ignoring.is_ignored("/repo/src/generated/app.yaml")); // no '/': any component
    CHECK_FALSE(ignoring.is_ignored("/repo/src/app.yaml"));
    CHECK(glob_match("templates/*.yaml", "templates/a.yaml"));
    CHECK_FALSE(glob_match("templates/*.yaml", "templates/sub/a.yaml"));
    CHECK(glob_match("templates/**/*.yaml", "templates/a.yaml"));
    CHECK(glob_match("templates/**/*.yaml", "templates/sub/deep/a.yaml"));
  }
}

TEST_CASE("configuration file search: upward to the repository root")
{
  TempDir dir;
  dir.write("repo/.git/HEAD", "ref: refs/heads/main\n");
  const fs::path config = dir.write("repo/.lambdalint.yaml", "disable: [LL501]\n");
  dir.write("repo/stacks/api/app.yaml", "x");
  const auto found = find_config_file(dir.path / "repo/stacks/api/app.yaml");
  REQUIRE(found);
  CHECK(fs::equivalent(*found, config));
  // Above the repository root nothing is searched (a stray file in a parent does not apply).
  dir.write(".lambdalint.yaml", "disable: [LL701]\n");
  const auto again = find_config_file(dir.path / "repo/stacks");
  REQUIRE(again);
  CHECK(fs::equivalent(*again, config));
}

TEST_CASE("comment suppressions: on the line, above the resource or property, with until")
{
  SUBCASE("line above the resource covers everything in it; the reason is kept")
  {
    const std::string text = k_header + "  # lambdalint:ignore LL701,LL801 legacy batch job, replaced in Q3\n" + function("Worker");
    const auto result = lint_template("app.yaml", text);
    const auto found = summary(result);
    INFO(fmt::format("{}", fmt::join(found, "\n")));
    CHECK(has(found, "4 LL701 (comment)"));
    CHECK(has(found, "7 LL801 (comment)"));
    for (const Finding& finding : result.findings) {
      if (finding.rule_id == "LL701") {
        CHECK(finding.suppression->justification == "legacy batch job, replaced in Q3");
        CHECK(finding.resource == "Worker");
      }
    }
  }
  SUBCASE("trailing comment on the finding's line; line above a property")
  {
    std::string text = k_header + function("Worker");
    const auto runtime = text.find("python3.7");
    text.insert(runtime + 9, "  # lambdalint:ignore LL801 pinned by the vendor");
    const auto found = summary(lint_template("app.yaml", text));
    CHECK(has(found, "6 LL801 (comment)"));
    CHECK(has(found, "3 LL701")); // other rules untouched

    std::string above = k_header + function("Worker");
    above.insert(above.find("      Runtime"), "      # lambdalint:ignore deprecated-runtime pinned by the vendor\n");
    const auto found_above = summary(lint_template("app.yaml", above));
    CHECK(has(found_above, "7 LL801 (comment)")); // by rule name
  }
  SUBCASE("expired suppressions stop applying and are reported")
  {
    const std::string text = k_header + "  # lambdalint:ignore LL801 until=2026-05-31 migrating this sprint\n" + function("Worker");
    const auto found = summary(lint_template("app.yaml", text));
    CHECK(has(found, "7 LL801"));
    CHECK(has(found, "3 LL012"));
    const std::string valid = k_header + "  # lambdalint:ignore LL801 until=2026-06-01 migrating this sprint\n" + function("Worker");
    CHECK(has(summary(lint_template("app.yaml", valid)), "7 LL801 (comment)"));
  }
  SUBCASE("no reason: still suppresses, reported as LL010; unused: LL011")
  {
    const std::string text = k_header + "  # lambdalint:ignore LL801\n" + function("Worker") + "  # lambdalint:ignore LL805 too many layers\n" +
                             function("Other");
    const auto found = summary(lint_template("app.yaml", text));
    INFO(fmt::format("{}", fmt::join(found, "\n")));
    CHECK(has(found, "7 LL801 (comment)"));
    CHECK(has(found, "3 LL010"));
    CHECK(has(found, "11 LL011"));
    CHECK(has(found, "15 LL801")); // Other keeps its finding
    // A comment on its own line above an indented key belongs to the resource it covers.
    const auto result = lint_template("app.yaml", text);
    for (const Finding& finding : result.findings) {
      if (finding.rule_id == "LL010") {
        CHECK(finding.resource == "Worker");
      } else if (finding.rule_id == "LL011") {
        CHECK(finding.resource == "Other");
      }
    }
  }
  SUBCASE("quoted '#' is not a comment; disabled rules are not judged unused")
  {
    std::string text = k_header + function("Worker");
    text.insert(text.find("      Role"), "      Description: \"see # lambdalint:ignore LL801 not a comment\"\n");
    CHECK(has(summary(lint_template("app.yaml", text)), "6 LL801"));

    DriverOptions options = driver_options();
    options.selection.disable.insert("LL805");
    const std::string unused = k_header + "  # lambdalint:ignore LL805 layers are vendored\n" + function("Worker");
    const auto found = summary(lint_template("app.yaml", unused, options));
    CHECK_FALSE(has(found, "3 LL011"));
  }
}

TEST_CASE("Metadata suppressions: resource and template level")
{
  std::string resource_level = k_header + function("Worker") + function("Other");
  resource_level.insert(resource_level.find("    Properties"),
                        "    Metadata:\n      lambdalint:\n        ignore:\n          - {rule: LL701, reason: runs once a day}\n");
  const auto found = summary(lint_template("app.yaml", resource_level));
  INFO(fmt::format("{}", fmt::join(found, "\n")));
  CHECK(has(found, "3 LL701 (metadata)"));
  CHECK(has(found, "14 LL701")); // only the resource that says so

  const std::string template_level = "AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n  lambdalint:\n    ignore:\n"
                                     "      - {rule: LL701, reason: concurrency is managed per account}\nResources:\n" +
                                     function("Worker") + function("Other");
  const auto everywhere = summary(lint_template("app.yaml", template_level));
  CHECK(has(everywhere, "7 LL701 (template-metadata)"));
  CHECK(has(everywhere, "14 LL701 (template-metadata)"));
}

TEST_CASE("--respect-other-tools: cfn-lint, checkov and cfn_nag suppressions of mapped rules")
{
  std::string text = k_header + function("Worker") + function("Other") + function("Third");
  text.insert(text.find("    Properties"), "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - {id: W92, reason: batch}\n");
  text.insert(text.find("  Other:") + 9, "    #checkov:skip=CKV_AWS_115:managed elsewhere\n");
  text.insert(text.find("  Third:"), "  # lambdalint:ignore LL701 owned by the platform team\n");
  text = "AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n  cfn-lint: {config: {ignore_checks: [W2531]}}\n" +
         text.substr(text.find("Resources:"));
  DriverOptions options = driver_options();
  const auto without = summary(lint_template("app.yaml", text, options));
  INFO(fmt::format("{}", fmt::join(without, "\n")));
  CHECK(std::count_if(without.begin(), without.end(), [](const std::string& s) { return s.ends_with("LL701"); }) == 2);
  options.policy.respect_other_tools = true;
  const auto with = summary(lint_template("app.yaml", text, options));
  INFO(fmt::format("{}", fmt::join(with, "\n")));
  CHECK(has(with, "5 LL701 (cfn_nag)"));
  CHECK(has(with, "16 LL701 (checkov)"));
  CHECK(std::count_if(with.begin(), with.end(), [](const std::string& s) { return s.ends_with("LL801 (cfn-lint)"); }) == 3);
  // Another tool's id that maps to nothing we have is not our business (never LL011).
  CHECK(std::none_of(with.begin(), with.end(), [](const std::string& s) { return s.find("LL011") != std::string::npos; }));
}

TEST_CASE("baseline: round trip, and a moved resource stays baselined")
{
  TempDir dir;
  const std::string original = k_header + function("Worker") + function("Other");
  const fs::path template_path = dir.write("stacks/app.yaml", original);
  const UnitResult first = lint_template(template_path.string(), original);
  REQUIRE(first.findings.size() >= 4);

  Baseline created(Baseline::root_for(dir.path / "baseline.json"));
  for (const Finding& finding : first.findings) {
    created.add(finding);
  }
  const fs::path baseline_path = dir.write("baseline.json", created.to_json());
  const std::string json = read_file(baseline_path);
  CHECK(json.find("\"file\": \"stacks/app.yaml\"") != std::string::npos);
  CHECK(json.find("\"resource\": \"Worker\"") != std::string::npos);
  CHECK(json.find("\"line") == std::string::npos); // never line numbers
  CHECK(json.find("Line") == std::string::npos);

  std::string error;
  const std::optional<Baseline> loaded = Baseline::load(baseline_path, error);
  REQUIRE_MESSAGE(loaded, error);
  CHECK(loaded->size() == created.size());

  // Other moves above Worker, behind a comment block; a new function arrives.
  const std::string moved = k_header + "  # moved up\n\n" + function("Other") + "\n" + function("Worker") + function("Fresh");
  const fs::path moved_path = dir.write("stacks/app.yaml", moved);
  DriverOptions options = driver_options();
  options.policy.baseline = &*loaded;
  const UnitResult second = lint_template(moved_path.string(), moved, options);
  std::size_t baselined = 0;
  for (const Finding& finding : second.findings) {
    INFO(finding.rule_id, " ", finding.resource);
    if (finding.resource == "Fresh") {
      CHECK_FALSE(finding.suppression); // new findings fail
    } else {
      REQUIRE(finding.suppression);
      CHECK(finding.suppression->via == "baseline");
      CHECK(finding.suppression->external);
      ++baselined;
    }
  }
  CHECK(baselined == first.findings.size());

  CHECK_FALSE(Baseline::load(dir.write("bad.json", "{\"findings\": []}"), error));
  CHECK(error.find("not a lambdalint baseline") != std::string::npos);
}

namespace {

std::string render(void (*writer)(std::ostream&, const report::ReportInput&), const std::vector<Finding>& findings,
                   const fs::path& base, std::span<const std::string> files = {})
{
  report::ReportInput input;
  input.findings = findings;
  input.rules = rules::all();
  input.tool_version = "0.1.0";
  input.base_directory = base;
  input.files_checked = 1;
  input.checked_files = files;
  std::ostringstream out;
  writer(out, input);
  return out.str();
}

} // namespace

TEST_CASE("github and junit output (golden)")
{
  TempDir dir;
  const std::string text = k_header + function("Worker");
  const fs::path path = dir.write("stacks/a,b:c.yaml", text);
  UnitResult result = lint_template(path.string(), text);
  auto finding_of = [&](std::string_view rule) {
    const auto it = std::find_if(result.findings.begin(), result.findings.end(), [&](const Finding& f) { return f.rule_id == rule; });
    REQUIRE(it != result.findings.end());
    return *it;
  };
  std::vector<Finding> two{finding_of("LL701"), finding_of("LL801")};
  two[0].message = "100% sure\nsecond line";

  const std::string github = render(report::write_github, two, dir.path);
  CHECK(github ==
        "::notice file=stacks/a%2Cb%3Ac.yaml,line=3,endLine=3,col=3,endColumn=9,title=LL701 no-reserved-concurrency::100%25 sure%0Asecond line\n"
        "::error file=stacks/a%2Cb%3Ac.yaml,line=6,endLine=6,col=16,endColumn=25,title=LL801 deprecated-runtime::" +
          two[1].message + "\n");

  const std::vector<std::string> files{path.string(), (dir.path / "clean.yaml").string()};
  std::vector<Finding> one{finding_of("LL801")};
  one[0].message = "a <b> & 'c'";
  const std::string junit = render(report::write_junit, one, dir.path, files);
  const std::string p = path.string();
  const std::string clean = (dir.path / "clean.yaml").string();
  CHECK(junit == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<testsuites name=\"lambdalint\" tests=\"2\" failures=\"1\" errors=\"0\">\n"
                 "  <testsuite name=\"" + p + "\" tests=\"1\" failures=\"1\" errors=\"0\">\n"
                 "    <testcase name=\"LL801 deprecated-runtime Worker\" classname=\"" + p + "\">\n"
                 "      <failure type=\"error\" message=\"a &lt;b&gt; &amp; &apos;c&apos;\">" + p +
                 ":6:16: error[LL801]: a &lt;b&gt; &amp; &apos;c&apos;</failure>\n"
                 "    </testcase>\n"
                 "  </testsuite>\n"
                 "  <testsuite name=\"" + clean + "\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
                 "    <testcase name=\"lambdalint\" classname=\"" + clean + "\"/>\n"
                 "  </testsuite>\n"
                 "</testsuites>\n");
}

TEST_CASE("SARIF: partialFingerprints survive a line shift, suppressions only when included")
{
  TempDir dir;
  const std::string text = k_header + function("Worker");
  const std::string shifted = "# a comment\n\n" + k_header + "\n" + function("Worker");
  auto fingerprints = [&](const std::string& body, std::vector<int>* lines) {
    const fs::path path = dir.write("app.yaml", body);
    const UnitResult result = lint_template(path.string(), body);
    const nlohmann::json log = nlohmann::json::parse(render(report::write_sarif, result.findings, dir.path));
    std::vector<std::string> out;
    for (const auto& sarif_result : log["runs"][0]["results"]) {
      out.push_back(sarif_result["partialFingerprints"]["lambdalintFingerprint/v1"].get<std::string>());
      lines->push_back(sarif_result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>());
    }
    return out;
  };
  std::vector<int> before_lines;
  std::vector<int> after_lines;
  const auto before = fingerprints(text, &before_lines);
  const auto after = fingerprints(shifted, &after_lines);
  REQUIRE_FALSE(before.empty());
  CHECK(before == after);
  CHECK(before_lines != after_lines);

  const std::string suppressed = k_header + "  # lambdalint:ignore LL701 batch\n" + function("Worker");
  const fs::path path = dir.write("app.yaml", suppressed);
  const UnitResult result = lint_template(path.string(), suppressed);
  const nlohmann::json log = nlohmann::json::parse(render(report::write_sarif, result.findings, dir.path));
  bool found = false;
  for (const auto& sarif_result : log["runs"][0]["results"]) {
    if (sarif_result["ruleId"] == "LL701") {
      found = true;
      const auto& suppression = sarif_result["suppressions"][0];
      CHECK(suppression["kind"] == "inSource");
      CHECK(suppression["justification"] == "batch");
      CHECK(suppression["location"]["physicalLocation"]["region"]["startLine"] == 3);
    }
  }
  CHECK(found);
}

TEST_CASE("comment scanner: YAML and HCL")
{
  const auto yaml = scan_comments("a: 'it''s # no' # yes\nb: it's # also\n# own line\nc: \"x\\\"#\" #z", CommentSyntax::yaml);
  REQUIRE(yaml.size() == 4);
  CHECK(yaml[0].text == " yes");
  CHECK(yaml[1].text == " also");
  CHECK(yaml[2].own_line);
  CHECK(yaml[3].text == "z");
  const auto hcl = scan_comments("a = \"#x\" // one\n# two\n/* three */ b = 1", CommentSyntax::hcl);
  REQUIRE(hcl.size() == 3);
  CHECK(hcl[0].text == " one");
  CHECK(hcl[1].own_line);
  CHECK(hcl[2].text == " three ");
  CHECK(scan_comments("{\"a\": \"# x\"}", CommentSyntax::none).empty());
}
