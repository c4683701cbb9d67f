// Suppressions written as .tf.json comment properties ("//": "lambdalint:ignore ...", Terraform's
// JSON comments: https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties),
// read by analyzer/suppression_directives.cpp: each covers the object it is written in.

#include "analyzer/driver.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace lint;

namespace {

/// "RULE resource line[ suppressed]" for every finding, sorted.
std::vector<std::string> findings_of(const UnitResult& result)
{
  std::vector<std::string> out;
  for (const Finding& finding : result.findings) {
    REQUIRE(finding.primary.file != nullptr);
    CHECK(finding.primary.file->path().ends_with("main.tf.json"));
    const std::uint32_t line = finding.primary.file->byte_position(finding.primary.range.begin).line;
    out.push_back(fmt::format("{} {} {}{}", finding.rule_id, finding.resource, line, finding.suppression ? " suppressed" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

UnitResult lint_fixture()
{
  DriverOptions options;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1}; // the day expiries are judged
  options.include_suppressed = true;
  for (const char* id : {"LL010", "LL011", "LL012", "LL502", "LL701"}) {
    options.selection.enable.insert(id);
  }
  options.policy.known_rules = rules::all();
  std::vector<const Rule*> ran;
  for (const char* id : {"LL010", "LL011", "LL012", "LL502", "LL701"}) {
    ran.push_back(rules::find(id));
    REQUIRE(ran.back() != nullptr);
  }
  return lint_terraform_module((fs::path(LINT_SOURCE_DIR) / "fixtures" / "terraform" / "json_comments").string(), ran, options);
}

const Finding* find(const UnitResult& result, std::string_view rule, std::string_view resource)
{
  for (const Finding& finding : result.findings) {
    if (finding.rule_id == rule && finding.resource == resource) {
      return &finding;
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("terraform json: a \"//\" comment property holds a lambdalint:ignore directive")
{
  const UnitResult result = lint_fixture();
  CHECK(findings_of(result) == std::vector<std::string>{
                                 // The directive of the resource's body covers the resource (LL701 is at its name key).
                                 "LL010 aws_lambda_function.no_reason 14", // no reason given
                                 "LL011 aws_lambda_function.nested 44",    // covers the environment object only
                                 "LL011 aws_lambda_function.unused 22",    // LL502: no VPC, nothing to suppress
                                 "LL012 aws_lambda_function.expired 30",
                                 "LL701 aws_lambda_function.batch 5 suppressed",
                                 "LL701 aws_lambda_function.expired 29", // expired: reported again
                                 "LL701 aws_lambda_function.nested 37",
                                 "LL701 aws_lambda_function.no_reason 13 suppressed",
                                 "LL701 aws_lambda_function.note 48", // a "//" that is no directive
                                 "LL701 aws_lambda_function.unused 21 suppressed", // the second string of an array
                               });
  const Finding* suppressed = find(result, "LL701", "aws_lambda_function.batch");
  REQUIRE(suppressed != nullptr);
  REQUIRE(suppressed->suppression.has_value());
  CHECK(suppressed->suppression->via == "comment");
  CHECK(suppressed->suppression->justification == "a nightly batch job: throttling is acceptable");

  // Meta findings point into the string, at what they are about.
  const Finding* unused = find(result, "LL011", "aws_lambda_function.unused");
  REQUIRE(unused != nullptr);
  CHECK(unused->message == "Suppression of LL502 matches no finding; remove it");
  const auto text = [](const Finding& finding) {
    return std::string(finding.primary.file->text().substr(finding.primary.range.begin, finding.primary.range.end - finding.primary.range.begin));
  };
  CHECK(text(*unused) == "LL502");
  const Finding* expired = find(result, "LL012", "aws_lambda_function.expired");
  REQUIRE(expired != nullptr);
  CHECK(expired->message == "Suppression of LL701 expired on 2020-01-31; its findings are reported again");
  CHECK(text(*expired) == "lambdalint:ignore LL701 until=2020-01-31 load test first");
  const Finding* no_reason = find(result, "LL010", "aws_lambda_function.no_reason");
  REQUIRE(no_reason != nullptr);
  CHECK(no_reason->message == "Suppression of LL701 gives no reason; say why the finding is accepted");
}

TEST_CASE("terraform json: a \"//\" property at the top of the file covers the file; .tf files are unaffected")
{
  const fs::path directory = fs::temp_directory_path() / "lambdalint_json_comment_top";
  fs::remove_all(directory);
  fs::create_directories(directory);
  {
    std::ofstream(directory / "main.tf.json") << R"({
  "//": "lambdalint:ignore LL701 every function here is a low-volume batch job",
  "resource": {"aws_lambda_function": {"a": {"function_name": "a", "role": "arn:aws:iam::123456789012:role/fn",
    "runtime": "python3.12", "handler": "app.handler", "filename": "app.zip"}}}
})";
    // "//" means nothing in a .tf file's strings.
    std::ofstream(directory / "other.tf") << R"(resource "aws_lambda_function" "b" {
  function_name = "b"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  description   = "// lambdalint:ignore LL701 not a comment"
}
)";
  }
  DriverOptions options;
  options.include_suppressed = true;
  options.selection.enable.insert("LL701");
  const Rule* only[] = {rules::find("LL701")};
  REQUIRE(only[0] != nullptr);
  const UnitResult result = lint_terraform_module(directory.string(), only, options);
  std::vector<std::string> seen;
  for (const Finding& finding : result.findings) {
    seen.push_back(finding.resource + (finding.suppression ? " suppressed" : ""));
  }
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<std::string>{"aws_lambda_function.a suppressed", "aws_lambda_function.b"});
  fs::remove_all(directory);
}
