// Reporters: exact text, JSON fields and SARIF shape (UTF-16 columns, ruleIndex, GitHub's
// property conventions) on a source with multi-byte text.

#include "report/report.h"
#include "support/paths.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;
using lint::Finding;
using lint::Level;
using lint::Rule;
using lint::SourceRange;
using lint::report::InputError;
using lint::report::ReportInput;

namespace {

constexpr std::string_view kTimeoutExplanation = R"(## What it does
Checks that a function's `Timeout` does not exceed the
**29 second** limit of an [API Gateway integration](https://docs.aws.amazon.com/apigateway/).

## Why is this bad?
The client gets a 504 while the function keeps running.

## Example
```yaml
Timeout: 60
```
)";

const Rule kTimeoutRule{{.id = "LL401",
                         .name = "timeout-exceeds-integration",
                         .family = "timeout",
                         .level = Level::warning,
                         .summary = "Function timeout exceeds its API Gateway integration timeout.",
                         .explanation = kTimeoutExplanation,
                         .help_uri = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
                         .tags = "lambda, reliability,lambda",
                         .has_fix = true}};
const Rule kPublicRule{{.id = "LL101",
                        .name = "public-function-url",
                        .family = "iam",
                        .level = Level::error,
                        .summary = "Function URL allows unauthenticated access.",
                        .explanation = "## What it does\nFlags `AuthType: NONE`.\n",
                        .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
                        .security_severity = 7.5,
                        .tags = "iam"}};
const Rule kHygieneRule{{.id = "LL901",
                         .name = "emoji-in-description",
                         .family = "hygiene",
                         .level = Level::note,
                         .summary = "Description contains an emoji.",
                         .explanation = "",
                         .precision = "medium"}};
// Deliberately unsorted: SARIF lists rules by id (LL101, LL401, LL901) and ruleIndex follows.
const Rule* const kRules[] = {&kHygieneRule, &kTimeoutRule, &kPublicRule};

// Line 5: 16 ASCII bytes, then "ünïcode" (9 bytes, 7 UTF-16 units), a space, an emoji (4 bytes,
// 2 UTF-16 units, 2 terminal cells), a quote and two spaces before "Timeout: 60".
constexpr std::string_view kSource = "Resources:\n"
                                     "  Fn:\n"
                                     "    Type: AWS::Serverless::Function\n"
                                     "    Properties:\n"
                                     "  Description: \"\xC3\xBCn\xC3\xAF" "code \xF0\x9F\x98\x80\"  Timeout: 60\n"
                                     "\tHandler: index.handler\r\n"
                                     "    Runtime: python3.12\n";

SourceRange range_of(std::string_view needle, std::size_t occurrence = 0)
{
  std::size_t at = kSource.find(needle);
  while (occurrence-- > 0) {
    at = kSource.find(needle, at + 1);
  }
  REQUIRE(at != std::string_view::npos);
  return {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + needle.size())};
}

struct Fixture {
  lint::SourceFilePtr file = std::make_shared<lint::SourceFile>("stacks/app v2.yaml", std::string(kSource));
  std::vector<Finding> findings;
  std::vector<InputError> errors{{"stacks/broken.yaml", "cannot read file: permission denied"}};

  Fixture()
  {
    Finding timeout;
    timeout.rule_id = "LL401";
    timeout.level = Level::warning;
    timeout.message = "Timeout 60 exceeds the 29 s API Gateway limit.";
    timeout.primary = {file, range_of("60")};
    timeout.related.push_back({{file, range_of("Fn")}, "function defined here"});
    timeout.fix = lint::Fix{"Set Timeout to 29", {{range_of("60"), "29"}}, lint::Applicability::unsafe};
    timeout.fingerprint = "LL401/Fn/Timeout";

    Finding emoji;
    emoji.rule_id = "LL901";
    emoji.level = Level::note;
    emoji.message = "Description contains an emoji.";
    emoji.primary = {file, range_of("\xF0\x9F\x98\x80")};
    emoji.fingerprint = "LL901/Fn/Description";

    Finding handler; // after a tab: the caret line must copy the tab
    handler.rule_id = "LL101";
    handler.level = Level::error;
    handler.message = "Handler is public.";
    handler.primary = {file, range_of("index.handler")};
    handler.fingerprint = "LL101/Fn";

    Finding multiline; // spans two lines: underline to the end of the first
    multiline.rule_id = "LL401";
    multiline.level = Level::warning;
    multiline.message = "Spans lines.";
    multiline.primary = {file, {range_of("Type").begin, range_of("Properties").end}};
    multiline.fingerprint = "LL401/Fn/Type";

    Finding empty; // zero width at the start of "Runtime"
    empty.rule_id = "LL999"; // not registered: no name, no ruleIndex
    empty.level = Level::warning;
    empty.message = "Insert here.";
    empty.primary = {file, {range_of("Runtime").begin, range_of("Runtime").begin}};
    empty.fingerprint = "LL999/x";

    findings = {timeout, emoji, handler, multiline, empty};
  }

  ReportInput input() const
  {
    ReportInput in;
    in.findings = findings;
    in.rules = kRules;
    in.input_errors = errors;
    in.tool_version = "0.1.0";
    in.base_directory = fs::current_path(); // the relative "stacks/..." paths resolve under it
    in.files_checked = 2;
    return in;
  }
};

} // namespace

TEST_CASE("text report: positions, carets, notes, fixes, summary")
{
  const Fixture fixture;
  std::ostringstream out;
  lint::report::write_text(out, fixture.input(), false);
  const std::string expected =
    "stacks/broken.yaml: error: cannot read file: permission denied\n"
    "stacks/app v2.yaml:5:43: warning[LL401]: Timeout 60 exceeds the 29 s API Gateway limit.\n"
    "  Description: \"\xC3\xBCn\xC3\xAF" "code \xF0\x9F\x98\x80\"  Timeout: 60\n"
    "                                      ^~\n" // 16 + 7 + 1 + 2 (emoji) + 1 + 2 + 9 = 38 cells
    "  stacks/app v2.yaml:2:3: note: function defined here\n"
    "  fix: Set Timeout to 29\n"
    "stacks/app v2.yaml:5:27: note[LL901]: Description contains an emoji.\n"
    "  Description: \"\xC3\xBCn\xC3\xAF" "code \xF0\x9F\x98\x80\"  Timeout: 60\n"
    "                        ^~\n" // a wide character gets a two-cell underline
    "stacks/app v2.yaml:6:11: error[LL101]: Handler is public.\n"
    "\tHandler: index.handler\n"
    "\t         ^~~~~~~~~~~~~\n" // "index.handler": 13 characters
    "stacks/app v2.yaml:3:5: warning[LL401]: Spans lines.\n"
    "    Type: AWS::Serverless::Function\n"
    "    ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
    "stacks/app v2.yaml:7:5: warning[LL999]: Insert here.\n"
    "    Runtime: python3.12\n"
    "    ^\n"
    "5 findings (1 error, 3 warnings, 1 note) in 2 files; 1 file could not be read\n";
  CHECK(out.str() == expected);
}

TEST_CASE("text report: colour only on request, summary without findings")
{
  const Fixture fixture;
  ReportInput in = fixture.input();
  std::ostringstream colored;
  lint::report::write_text(colored, in, true);
  CHECK(colored.str().find("\x1b[1;35mwarning[LL401]:\x1b[0m") != std::string::npos);

  in.findings = {};
  in.input_errors = {};
  in.files_checked = 1;
  std::ostringstream plain;
  lint::report::write_text(plain, in, false);
  CHECK(plain.str() == "no findings in 1 file\n");
}

TEST_CASE("text report: long lines are shown as a window around the range")
{
  std::string text = std::string(300, 'a') + "TARGET" + std::string(300, 'b');
  auto file = std::make_shared<lint::SourceFile>("min.json", text);
  Finding finding;
  finding.rule_id = "LL401";
  finding.message = "m";
  finding.primary = {file, {300, 306}};
  const std::vector<Finding> findings{finding};
  ReportInput in;
  in.findings = findings;
  in.files_checked = 1;
  std::ostringstream out;
  lint::report::write_text(out, in, false);
  const std::string expected = "min.json:1:301: warning[LL401]: m\n"
                               "..." + std::string(40, 'a') + "TARGET" + std::string(114, 'b') + "...\n"
                               "   " + std::string(40, ' ') + "^~~~~~\n"
                               "1 finding (0 errors, 1 warning, 0 notes) in 1 file\n";
  CHECK(out.str() == expected);
}

TEST_CASE("json report: fields, byte columns, offsets, fix, summary")
{
  const Fixture fixture;
  std::ostringstream out;
  lint::report::write_json(out, fixture.input());
  const auto json = nlohmann::ordered_json::parse(out.str());

  std::vector<std::string> keys;
  for (const auto& item : json.items()) {
    keys.push_back(item.key());
  }
  CHECK(keys == std::vector<std::string>{"version", "files_checked", "findings", "errors", "summary"});
  CHECK(json["version"] == "0.1.0");
  CHECK(json["files_checked"] == 2);
  REQUIRE(json["findings"].size() == 5);

  const auto& first = json["findings"][0];
  CHECK(first["rule"] == "LL401");
  CHECK(first["name"] == "timeout-exceeds-integration");
  CHECK(first["level"] == "warning");
  CHECK(first["file"] == "stacks/app v2.yaml");
  const auto start = fixture.findings[0].primary.range.begin;
  CHECK(first["range"] == nlohmann::ordered_json::parse(
                            R"({"start": {"line": 5, "column": 43, "offset": )" + std::to_string(start) +
                            R"(}, "end": {"line": 5, "column": 45, "offset": )" + std::to_string(start + 2) + "}}"));
  CHECK(first["related"][0]["message"] == "function defined here");
  CHECK(first["related"][0]["range"]["start"]["line"] == 2);
  CHECK(first["fix"]["title"] == "Set Timeout to 29");
  CHECK(first["fix"]["applicability"] == "unsafe");
  CHECK(first["fix"]["edits"][0]["new_text"] == "29");
  CHECK(first["fix"]["edits"][0]["range"]["start"]["column"] == 43);
  CHECK(first["fingerprint"] == "LL401/Fn/Timeout");
  CHECK(json["findings"][1]["fix"].is_null());
  CHECK(json["findings"][4]["name"].is_null());

  CHECK(json["errors"] ==
        nlohmann::ordered_json::parse(R"([{"path": "stacks/broken.yaml", "message": "cannot read file: permission denied"}])"));
  CHECK(json["summary"] == nlohmann::ordered_json::parse(R"({"error": 1, "warning": 3, "note": 1, "suppressed": 0, "baselined": 0})"));
}

TEST_CASE("sarif report: GitHub shape, UTF-16 regions, rules, fingerprints")
{
  const Fixture fixture;
  std::ostringstream out;
  lint::report::write_sarif(out, fixture.input());
  const auto log = nlohmann::json::parse(out.str());

  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const auto& run = log["runs"][0];
  CHECK(run["columnKind"] == "utf16CodeUnits");
  CHECK(run["automationDetails"]["id"] == "lambdalint/");
  const std::string base_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  CHECK(base_uri.starts_with("file:///"));
  CHECK(base_uri.ends_with("/"));

  const auto& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "lambdalint");
  CHECK(driver["semanticVersion"] == "0.1.0");
  CHECK(driver["informationUri"] == "https://github.com/lambdalint/lambdalint");
  REQUIRE(driver["rules"].size() == 3);
  CHECK(driver["rules"][0]["id"] == "LL101");
  CHECK(driver["rules"][1]["id"] == "LL401");
  CHECK(driver["rules"][2]["id"] == "LL901");

  const auto& security = driver["rules"][0];
  CHECK(security["defaultConfiguration"]["level"] == "error");
  CHECK(security["properties"]["security-severity"].is_string());
  CHECK(security["properties"]["security-severity"] == "7.5");
  CHECK(security["properties"]["tags"] == nlohmann::json::parse(R"(["security", "iam"])"));
  CHECK_FALSE(security["properties"].contains("problem.severity"));

  const auto& timeout = driver["rules"][1];
  CHECK(timeout["name"] == "timeout-exceeds-integration");
  CHECK(timeout["shortDescription"]["text"] == "Function timeout exceeds its API Gateway integration timeout.");
  CHECK(timeout["fullDescription"]["text"] ==
        "Function timeout exceeds its API Gateway integration timeout. Checks that a function's Timeout does not "
        "exceed the 29 second limit of an API Gateway integration (https://docs.aws.amazon.com/apigateway/).");
  CHECK(timeout["help"]["markdown"] == kTimeoutExplanation);
  CHECK(timeout["help"]["text"] ==
        "What it does\nChecks that a function's Timeout does not exceed the\n29 second limit of an API Gateway "
        "integration (https://docs.aws.amazon.com/apigateway/).\n\nWhy is this bad?\nThe client gets a 504 while the "
        "function keeps running.\n\nExample\n    Timeout: 60");
  CHECK(timeout["helpUri"] == "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html");
  CHECK(timeout["properties"]["tags"] == nlohmann::json::parse(R"(["lambda", "reliability"])"));
  CHECK(timeout["properties"]["precision"] == "high");
  CHECK(timeout["properties"]["problem.severity"] == "warning");
  CHECK_FALSE(timeout["properties"].contains("security-severity"));

  const auto& hygiene = driver["rules"][2]; // no explanation: help falls back to the descriptions
  CHECK(hygiene["help"]["text"] == "Description contains an emoji.");
  CHECK_FALSE(hygiene["help"].contains("markdown"));
  CHECK_FALSE(hygiene.contains("helpUri"));
  CHECK(hygiene["properties"]["problem.severity"] == "recommendation");

  const auto& results = run["results"];
  REQUIRE(results.size() == 5);
  const auto& first = results[0];
  CHECK(first["ruleId"] == "LL401");
  CHECK(first["ruleIndex"] == 1);
  CHECK(first["level"] == "warning");
  CHECK(first["message"]["text"] == "Timeout 60 exceeds the 29 s API Gateway limit.");
  const auto& location = first["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "stacks/app%20v2.yaml");
  CHECK(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  // Byte column 43 is UTF-16 column 39: "ünïcode" saves 2 units, the emoji 2.
  CHECK(location["region"] ==
        nlohmann::json::parse(R"({"startLine": 5, "startColumn": 39, "endLine": 5, "endColumn": 41})"));
  CHECK(first["relatedLocations"][0]["id"] == 1);
  CHECK(first["relatedLocations"][0]["message"]["text"] == "function defined here");
  CHECK(first["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 2);
  CHECK(first["partialFingerprints"]["lambdalintFingerprint/v1"] == "f30abcc74a0f3088");
  CHECK_FALSE(first["partialFingerprints"].contains("primaryLocationLineHash"));
  const auto& fix = first["fixes"][0];
  CHECK(fix["description"]["text"] == "Set Timeout to 29");
  CHECK(fix["artifactChanges"][0]["artifactLocation"]["uri"] == "stacks/app%20v2.yaml");
  CHECK(fix["artifactChanges"][0]["replacements"][0] ==
        nlohmann::json::parse(R"({"deletedRegion": {"startLine": 5, "startColumn": 39, "endLine": 5, "endColumn": 41},
                                  "insertedContent": {"text": "29"}})"));

  // The emoji: 2 UTF-16 units after 24.
  CHECK(results[1]["ruleIndex"] == 2);
  CHECK(results[1]["level"] == "note");
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"] ==
        nlohmann::json::parse(R"({"startLine": 5, "startColumn": 25, "endLine": 5, "endColumn": 27})"));
  CHECK_FALSE(results[1].contains("fixes"));
  CHECK_FALSE(results[1].contains("relatedLocations"));

  CHECK(results[2]["ruleIndex"] == 0);
  CHECK(results[2]["level"] == "error");
  CHECK(results[3]["locations"][0]["physicalLocation"]["region"] ==
        nlohmann::json::parse(R"({"startLine": 3, "startColumn": 5, "endLine": 4, "endColumn": 15})"));
  // Unregistered rule: no ruleIndex; zero-width range widened to one character.
  CHECK_FALSE(results[4].contains("ruleIndex"));
  CHECK(results[4]["locations"][0]["physicalLocation"]["region"] ==
        nlohmann::json::parse(R"({"startLine": 7, "startColumn": 5, "endLine": 7, "endColumn": 6})"));

  const auto& invocation = run["invocations"][0];
  CHECK(invocation["executionSuccessful"] == true);
  const auto& notification = invocation["toolExecutionNotifications"][0];
  CHECK(notification["level"] == "error");
  CHECK(notification["message"]["text"] == "cannot read file: permission denied");
  CHECK(notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stacks/broken.yaml");
}

TEST_CASE("sarif report: results always present, output deterministic")
{
  ReportInput in;
  in.rules = kRules;
  in.tool_version = "0.1.0";
  in.base_directory = fs::current_path();
  std::ostringstream a;
  std::ostringstream b;
  lint::report::write_sarif(a, in);
  lint::report::write_sarif(b, in);
  CHECK(a.str() == b.str());
  const auto log = nlohmann::json::parse(a.str());
  CHECK(log["runs"][0]["results"].is_array());
  CHECK(log["runs"][0]["results"].empty());
  CHECK_FALSE(log["runs"][0]["invocations"][0].contains("toolExecutionNotifications"));
}

TEST_CASE("sarif and json reports: a fix that edits another file than its result names that file")
{
  // LL308: the result is at the call in the handler's code, the fix edits the template.
  auto code = std::make_shared<lint::SourceFile>("stacks/src/app.py", "table.put_item(Item=event)\n");
  auto template_file = std::make_shared<lint::SourceFile>("stacks/template.yaml", "Policies:\n  - A\n");
  Finding call;
  call.rule_id = "LL401"; // any registered rule: the reports do not depend on which
  call.level = Level::error;
  call.message = "calls PutItem";
  call.primary = {code, {0, 14}};
  call.fingerprint = "LL401/Fn/app.py";
  lint::TextEdit grant{{16, 16}, "  - B\n"}; // at the end of the template
  grant.file = template_file;
  call.fix = lint::Fix{"Allow B", {grant}, lint::Applicability::unsafe};
  const std::vector<Finding> findings{call};
  ReportInput in;
  in.findings = findings;
  in.rules = kRules;
  in.tool_version = "0.1.0";
  in.base_directory = fs::current_path();

  std::ostringstream sarif_out;
  lint::report::write_sarif(sarif_out, in);
  const auto log = nlohmann::json::parse(sarif_out.str());
  const auto& result = log["runs"][0]["results"].at(0);
  CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stacks/src/app.py");
  const auto& changes = result["fixes"].at(0)["artifactChanges"];
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["artifactLocation"]["uri"] == "stacks/template.yaml");
  CHECK(changes[0]["replacements"][0]["deletedRegion"] == nlohmann::json::parse(R"({"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 1})"));
  CHECK(changes[0]["replacements"][0]["insertedContent"]["text"] == "  - B\n");

  std::ostringstream json_out;
  lint::report::write_json(json_out, in);
  const auto json = nlohmann::json::parse(json_out.str());
  const auto& finding = json["findings"].at(0);
  CHECK(finding["file"] == "stacks/src/app.py");
  CHECK(finding["fix"]["edits"][0]["file"] == "stacks/template.yaml");
  CHECK(finding["fix"]["edits"][0]["range"]["start"]["line"] == 3);
}

TEST_CASE("sarif report: more than 25,000 results keeps the most severe")
{
  auto file = std::make_shared<lint::SourceFile>("a.yaml", "x: 1\n");
  std::vector<Finding> findings(25'010);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    findings[i].rule_id = "LL401";
    findings[i].message = "m" + std::to_string(i);
    findings[i].level = i < 20 ? Level::note : (i % 1000 == 0 ? Level::error : Level::warning);
    findings[i].primary = {file, {0, 1}};
  }
  ReportInput in;
  in.findings = findings;
  in.rules = kRules;
  in.base_directory = fs::current_path();
  std::ostringstream out;
  lint::report::write_sarif(out, in);
  const auto run = nlohmann::json::parse(out.str())["runs"][0];
  REQUIRE(run["results"].size() == 25'000);
  // The last 10 notes (m10..m19) are dropped; the rest keep the caller's order.
  CHECK(run["results"][0]["message"]["text"] == "m0");
  CHECK(run["results"][9]["message"]["text"] == "m9");
  CHECK(run["results"][10]["message"]["text"] == "m20");
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "warning");
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].get<std::string>().starts_with(
    "10 of 25010 results were dropped"));
}

TEST_CASE("relative_uri and find_repository_root")
{
  const fs::path root = fs::temp_directory_path() / "lambdalint-report-test";
  fs::remove_all(root);
  fs::create_directories(root / "repo" / ".git");
  fs::create_directories(root / "repo" / "sub dir");
  std::ofstream(root / "repo" / "sub dir" / "t.yaml") << "x: 1\n";

  const fs::path repo = fs::weakly_canonical(root / "repo");
  CHECK(lint::find_repository_root(root / "repo" / "sub dir") == repo);
  CHECK(lint::find_repository_root(root / "repo" / "sub dir" / "t.yaml") == repo);
  CHECK(lint::find_repository_root(root).is_absolute());

  CHECK(lint::report::relative_uri(repo / "sub dir" / "t.yaml", repo) == "sub%20dir/t.yaml");
  CHECK(lint::report::relative_uri(repo / "a" / ".." / "\xC3\xBC:x#.yaml", repo) == "%C3%BC%3Ax%23.yaml");
  const std::string outside = lint::report::relative_uri(root / "elsewhere.yaml", repo);
  CHECK(outside.starts_with("file:///"));
  CHECK(outside.ends_with("/lambdalint-report-test/elsewhere.yaml"));
  fs::remove_all(root);
}

TEST_CASE("sarif_fingerprint is FNV-1a 64 over fingerprint, NUL, uri")
{
  CHECK(lint::report::sarif_fingerprint("LL401/Fn/Timeout", "stacks/app%20v2.yaml") == "f30abcc74a0f3088");
}

// Writes the fixture's SARIF to $LINT_SARIF_SAMPLE so a ctest can run tools/validate-sarif.sh on it.
TEST_CASE("sarif report: sample file for the validator")
{
  const char* path = std::getenv("LINT_SARIF_SAMPLE");
  if (path == nullptr) {
    return;
  }
  const Fixture fixture;
  std::ofstream out(path);
  lint::report::write_sarif(out, fixture.input());
  CHECK(out.good());
}
