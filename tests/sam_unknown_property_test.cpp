// LL004 on SAM resources: messages, positions and the rename fix, checked against SAM's own schema
// (data/sam/sam-structure.json), including event sources chosen by Type, pass-through properties
// checked against the CloudFormation type SAM copies them to, and Globals keys reported once.

#include "tests/fix_support.h"

#include <doctest/doctest.h>

#include <string>

using namespace lint;

namespace {

/// One "line:column message" per finding, newline-separated (doctest prints strings on failure).
std::string describe(const UnitResult& result)
{
  std::string out;
  for (const Finding& finding : result.findings) {
    const LineColumn at = finding.primary.file->byte_position(finding.primary.range.begin);
    out += std::to_string(at.line) + ":" + std::to_string(at.column) + " " + finding.message + "\n";
  }
  return out;
}

} // namespace

TEST_CASE("LL004 SAM: event properties, pass-through structures and the nearest name")
{
  const std::string text = "Transform: AWS::Serverless-2016-10-31\n"
                           "Resources:\n"
                           "  Fn:\n"
                           "    Type: AWS::Serverless::Function\n"
                           "    Properties:\n"
                           "      Runtime: python3.13\n"
                           "      Handler: app.handler\n"
                           "      CodeUri: src/\n"
                           "      LoggingConfig: {LogGroupName: g}\n"
                           "      ImageConfig: {Timeout: 3}\n"
                           "      Events:\n"
                           "        Get:\n"
                           "          Type: Api\n"
                           "          Properties: {Path: /, Method: get, Cors: x}\n"
                           "        Q:\n"
                           "          Type: SQS\n"
                           "          Properties: {Queue: arn:aws:sqs:us-east-1:123456789012:q, BachSize: 5}\n";
  const UnitResult result = test::lint_with("t.yaml", text, {"LL004"});
  const std::string expected =
    "9:23 Resource 'Fn' sets property 'LoggingConfig.LogGroupName', which AWS::Lambda::Function.LoggingConfig does not define\n"
    "10:21 Resource 'Fn' sets property 'ImageConfig.Timeout', which AWS::Lambda::Function.ImageConfig does not define\n"
    "14:46 Resource 'Fn' sets property 'Events.Get.Properties.Cors', which AWS::Serverless::Function event type Api does not define\n"
    "17:69 Resource 'Fn' sets property 'Events.Q.Properties.BachSize', which AWS::Serverless::Function event type SQS does not define (did you mean BatchSize?)\n";
  CHECK(describe(result) == expected);
  // The rename fix applies to SAM keys as to CloudFormation ones.
  REQUIRE(result.findings.size() == 4);
  REQUIRE(result.findings[3].fix.has_value());
  const std::string fixed = test::apply(text, *result.findings[3].fix);
  CHECK(fixed.find("BatchSize: 5") != std::string::npos);
}

TEST_CASE("LL004 SAM: case matters, a Globals key is reported once, intrinsics are not judged")
{
  const std::string text = "Transform: AWS::Serverless-2016-10-31\n"
                           "Conditions:\n"
                           "  C: !Equals [a, b]\n"
                           "Globals:\n"
                           "  Function:\n"
                           "    Timeot: 3\n"
                           "Resources:\n"
                           "  A:\n"
                           "    Type: AWS::Serverless::Function\n"
                           "    Properties: {runtime: python3.13, Handler: h, CodeUri: s, VpcConfig: !If [C, {SubnetIds: []}, !Ref AWS::NoValue]}\n"
                           "  B:\n"
                           "    Type: AWS::Serverless::Function\n"
                           "    Properties: {Runtime: python3.13, Handler: h, CodeUri: s, Environment: !Ref AWS::NoValue, Events: !If [C, {}, {}]}\n";
  const UnitResult result = test::lint_with("t.yaml", text, {"LL004"});
  const std::string expected =
    "6:5 Resource 'A' sets property 'Timeot', which AWS::Serverless::Function does not define (did you mean Timeout?)\n"
    "10:18 Resource 'A' sets property 'runtime', which AWS::Serverless::Function does not define (did you mean Runtime?)\n";
  CHECK(describe(result) == expected);
}
