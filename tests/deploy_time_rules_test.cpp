// The deploy-time reproductions of issue 18 through the default rule selection: each construct AWS
// rejects gives exactly its finding (rule and line), and the deploy-time rules say nothing else.

#include "analyzer/driver.h"
#include "rules/registry.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

namespace {

using namespace lint;

/// "line rule" for each finding of the deploy-time rules, in position order.
std::vector<std::string> deploy_time_findings(const std::string& path, const std::string& text)
{
  DriverOptions options;
  options.explicitly_named = true;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1};
  options.policy.known_rules = rules::all();
  const UnitResult result = lint_text(path, text, rules::all(), options);
  CHECK(result.internal_errors.empty());
  static const std::set<std::string, std::less<>> deploy_time{"LL005", "LL006", "LL008", "LL009", "LL809", "LL810"};
  std::vector<std::string> out;
  for (const Finding& finding : result.findings) {
    if (deploy_time.contains(finding.rule_id)) {
      const auto at = finding.primary.file->byte_position(finding.primary.range.begin);
      out.push_back(fmt::format("{} {}", at.line, finding.rule_id));
    }
  }
  return out;
}

} // namespace

TEST_CASE("the reproductions of deploy-time errors give exactly the expected findings")
{
  const std::string text = R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fn
      Runtime: python3.12
      Handler: app.handler
      Code:
        ZipFile: "def handler(event, context): pass"
  Queue:
    Type: AWS::SQS::Queue
  FifoQueue:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
  Map:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Queue.Arn
      BatchSize: 100
  FMap:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt FifoQueue.Arn
      MaximumBatchingWindowInSeconds: 10
  Fn2:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fn
      PackageType: Image
      Code:
        ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
      Runtime: python3.12
      Handler: app.handler
  Fn3:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Code:
        ZipFile: "def handler(event, context): pass"
      LoggingConfig:
        LogFormat: Text
        ApplicationLogLevel: INFO
)";
  const std::vector<std::string> expected{
    "22 LL005", // Map: BatchSize 100 on a standard queue without a batching window
    "28 LL005", // FMap: a batching window on a FIFO queue
    "36 LL008", // Fn2: Runtime on an image
    "37 LL008", // Fn2: Handler on an image
    "38 LL006", // Fn3: no Role
    "47 LL810", // Fn3: a log level with LogFormat Text
  };
  CHECK(deploy_time_findings("repro.yaml", text) == expected);
}

TEST_CASE("a template AWS accepts gives no deploy-time finding")
{
  const std::string text = R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: worker
      Role: arn:aws:iam::123456789012:role/fn
      Runtime: java21
      Handler: app.Handler::handleRequest
      Code:
        S3Bucket: artifacts
        S3Key: app.jar
      SnapStart:
        ApplyOn: PublishedVersions
      LoggingConfig:
        LogFormat: JSON
        ApplicationLogLevel: INFO
  FnVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Fn
  FnAlias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Fn
      FunctionVersion: !GetAtt FnVersion.Version
      Name: live
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: worker-jobs
  # The mapping invokes the alias: SnapStart applies to published versions only (LL809).
  Map:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref FnAlias
      EventSourceArn: !GetAtt Queue.Arn
      BatchSize: 100
      MaximumBatchingWindowInSeconds: 5
)";
  CHECK(deploy_time_findings("accepted.yaml", text).empty());
}
