// LL007's fix: the Transform line it inserts makes the finding go away, in YAML and JSON, and
// the SAM resources are still modelled (other rules report on them) while the Transform is missing.

#include "tests/fix_support.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace lint;

TEST_CASE("LL007: the fix declares the SAM transform before Resources (YAML)")
{
  const std::string text = "AWSTemplateFormatVersion: \"2010-09-09\"\n"
                           "Resources:\n"
                           "  Fn:\n"
                           "    Type: AWS::Serverless::Function\n"
                           "    Properties: {Runtime: python3.13, Handler: app.handler, CodeUri: src/}\n";
  const UnitResult result = test::lint_with("t.yaml", text, {"LL007"});
  REQUIRE(result.findings.size() == 1);
  const Finding& finding = result.findings[0];
  CHECK(finding.rule_id == "LL007");
  CHECK(finding.primary.file->byte_position(finding.primary.range.begin) == LineColumn{4, 11});
  CHECK(finding.message ==
        "Resource 'Fn' has type AWS::Serverless::Function, but the template does not declare 'Transform: "
        "AWS::Serverless-2016-10-31': CloudFormation rejects AWS::Serverless types without the SAM transform");
  REQUIRE(finding.fix.has_value());
  const std::string fixed = test::apply(text, *finding.fix);
  CHECK(fixed == "AWSTemplateFormatVersion: \"2010-09-09\"\n"
                 "Transform: AWS::Serverless-2016-10-31\n"
                 "Resources:\n"
                 "  Fn:\n"
                 "    Type: AWS::Serverless::Function\n"
                 "    Properties: {Runtime: python3.13, Handler: app.handler, CodeUri: src/}\n");
  CHECK(test::lint_with("t.yaml", fixed, {"LL007"}).findings.empty());
}

TEST_CASE("LL007: the fix in JSON, and no fix when another Transform is declared")
{
  const std::string json = "{\n  \"Resources\": {\n    \"Fn\": {\"Type\": \"AWS::Serverless::Function\"}\n  }\n}\n";
  const UnitResult result = test::lint_with("t.json", json, {"LL007"});
  REQUIRE(result.findings.size() == 1);
  REQUIRE(result.findings[0].fix.has_value());
  const std::string fixed = test::apply(json, *result.findings[0].fix);
  CHECK(fixed == "{\n  \"Transform\": \"AWS::Serverless-2016-10-31\",\n  \"Resources\": {\n    \"Fn\": {\"Type\": \"AWS::Serverless::Function\"}\n  }\n}\n");
  CHECK(test::lint_with("t.json", fixed, {"LL007"}).findings.empty());

  const std::string other = "Transform: AWS::LanguageExtensions\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n";
  const UnitResult with_other = test::lint_with("t.yaml", other, {"LL007"});
  REQUIRE(with_other.findings.size() == 1);
  CHECK_FALSE(with_other.findings[0].fix.has_value());
}

TEST_CASE("LL007: the SAM resources are still modelled without the Transform")
{
  // LL801 reads the SAM function's Runtime: it only can when the function is modelled as SAM.
  const std::string text = "Resources:\n"
                           "  Fn:\n"
                           "    Type: AWS::Serverless::Function\n"
                           "    Properties:\n"
                           "      Runtime: python3.6\n"
                           "      Handler: app.handler\n"
                           "      CodeUri: src/\n";
  DriverOptions options;
  options.explicitly_named = true;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1};
  const std::vector<const Rule*> selected{rules::find("LL007"), rules::find("LL801")};
  const UnitResult result = lint_text("t.yaml", text, selected, options);
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].rule_id == "LL007");
  CHECK(result.findings[1].rule_id == "LL801");
  CHECK(result.findings[1].primary.file->byte_position(result.findings[1].primary.range.begin).line == 5);
}
