// Invoke permissions (analyzer/invoke.h), the fixes of LL201 and LL206 applied and re-linted, and
// the graph renderings (analyzer/graph.h), including the JSON model of a role filled by hand.

#include "analyzer/cfn/frontend.h"
#include "analyzer/driver.h"
#include "analyzer/graph.h"
#include "analyzer/invoke.h"
#include "rules/registry.h"
#include "tests/fix_support.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lint;
using invoke::Match;
using invoke::Piece;

namespace {

using lint::test::apply;
using lint::test::lint_with;
using lint::test::read_fixture;

std::vector<Piece> literal(std::string text)
{
  return {{std::move(text), false}};
}

} // namespace

TEST_CASE("glob matching with unknown pieces is three-valued")
{
  CHECK(invoke::glob_match(literal("arn:aws:s3:::uploads"), literal("arn:aws:s3:::uploads")) == Match::yes);
  CHECK(invoke::glob_match(literal("arn:aws:s3:::upl*"), literal("arn:aws:s3:::uploads")) == Match::yes);
  CHECK(invoke::glob_match(literal("arn:aws:s3:::uploads-?"), literal("arn:aws:s3:::uploads-1")) == Match::yes);
  CHECK(invoke::glob_match(literal("arn:aws:s3:::archive"), literal("arn:aws:s3:::uploads")) == Match::no);
  // The subject's bucket name is unknown: any literal name may be it.
  const std::vector<Piece> unknown_bucket{{"arn:", false}, {"", true}, {":s3:::", false}, {"", true}};
  CHECK(invoke::glob_match(literal("arn:aws:s3:::archive"), unknown_bucket) == Match::maybe);
  // ...but no SNS ARN can be an S3 bucket's.
  CHECK(invoke::glob_match(literal("arn:aws:sns:us-east-1:123456789012:topic"), unknown_bucket) == Match::no);
  // References in the pattern match anything.
  const std::vector<Piece> pattern{{"arn:aws:s3:::", false}, {"", true}};
  CHECK(invoke::glob_match(pattern, literal("arn:aws:s3:::uploads")) == Match::maybe);
  CHECK(invoke::glob_match(pattern, literal("arn:aws:sqs:::uploads")) == Match::no);
}

TEST_CASE("principals: exact, public, regional and other services")
{
  ValueArena arena;
  auto text = [&](std::string value) {
    Value& made = arena.make(ValueKind::string, {});
    made.text = std::move(value);
    return &made;
  };
  CHECK(invoke::principal_matches(text("s3.amazonaws.com"), "s3.amazonaws.com") == Match::yes);
  CHECK(invoke::principal_matches(text("*"), "s3.amazonaws.com") == Match::yes);
  CHECK(invoke::principal_matches(text("logs.eu-west-1.amazonaws.com"), "logs.amazonaws.com") == Match::maybe);
  CHECK(invoke::principal_matches(text("sns.amazonaws.com"), "s3.amazonaws.com") == Match::no);
  CHECK(invoke::principal_matches(text("123456789012"), "s3.amazonaws.com") == Match::no);
  CHECK(invoke::action_allows_invoke(text("lambda:*")) == Match::yes);
  CHECK(invoke::action_allows_invoke(text("Lambda:InvokeFunction")) == Match::yes);
  CHECK(invoke::action_allows_invoke(text("lambda:InvokeFunctionUrl")) == Match::no);
}

TEST_CASE("the CloudFormation frontend gives triggers their principal and source ARN")
{
  const std::string text = read_fixture("fixtures/rules/invoke/missing_invoke_permission/bad_services.yaml");
  auto file = std::make_shared<const SourceFile>("t.yaml", text);
  const ParsedDocument document = parse_document(file);
  const std::unique_ptr<Model> model = cfn::build_model(document);
  REQUIRE(model->triggers.size() >= 10);
  const Trigger& s3 = model->triggers.front();
  CHECK(s3.kind == TriggerKind::s3);
  CHECK(s3.principal == "s3.amazonaws.com");
  REQUIRE(s3.source_resource != nullptr);
  CHECK(s3.source_resource->id == "Uploads");
  const Trigger* logs = nullptr;
  for (const Trigger& trigger : model->triggers) {
    if (trigger.kind == TriggerKind::logs) {
      logs = &trigger;
    }
  }
  REQUIRE(logs != nullptr);
  REQUIRE(logs->source_resource != nullptr);
  CHECK(logs->source_resource->id == "AppLogs"); // through LogGroupName: !Ref AppLogs
  CHECK(logs->principal == "logs.amazonaws.com");
}

TEST_CASE("LL201's fix, applied, leaves no LL201 or LL206 and parses (YAML and JSON)")
{
  for (const std::string fixture : {"fixtures/rules/invoke/missing_invoke_permission/bad_services.yaml",
                                    "fixtures/rules/invoke/missing_invoke_permission/bad_rest.json"}) {
    CAPTURE(fixture);
    std::string text = read_fixture(fixture);
    const std::string path = fixture.ends_with(".json") ? "t.json" : "t.yaml";
    const UnitResult before = lint_with(path, text, {"LL201"});
    REQUIRE_FALSE(before.findings.empty());
    std::size_t fixed = 0;
    // Apply one fix at a time (each insertion moves the offsets of the next).
    for (int round = 0; round < 20; ++round) {
      const UnitResult result = lint_with(path, text, {"LL201"});
      const auto with_fix = std::find_if(result.findings.begin(), result.findings.end(), [](const Finding& f) { return f.fix.has_value(); });
      if (with_fix == result.findings.end()) {
        break;
      }
      text = apply(text, *with_fix->fix);
      ++fixed;
    }
    CHECK(fixed + 1 >= before.findings.size()); // every finding but the ALB one has a fix
    const UnitResult after = lint_with(path, text, {"LL001", "LL002", "LL003", "LL201", "LL203", "LL206"});
    std::string left;
    for (const Finding& finding : after.findings) {
      left += fmt::format("{} {}\n", finding.rule_id, finding.message);
    }
    INFO(text);
    INFO(left);
    // Only the ALB target group (no fix offered) and the fixture's own unscoped permission remain.
    CHECK(std::all_of(after.findings.begin(), after.findings.end(), [](const Finding& f) {
      return (f.rule_id == "LL201" && f.message.find("target group") != std::string::npos) ||
             (f.rule_id == "LL203" && f.message.find("'OtherFunctionPermission'") != std::string::npos);
    }));
  }
}

TEST_CASE("LL206's fix adds DependsOn and the finding goes away, the cycle case has no fix")
{
  for (const std::string fixture : {"fixtures/rules/invoke/notification_before_permission/bad_order.yaml",
                                    "fixtures/rules/invoke/notification_before_permission/bad_order.json"}) {
    CAPTURE(fixture);
    std::string text = read_fixture(fixture);
    const std::string path = fixture.ends_with(".json") ? "t.json" : "t.yaml";
    const UnitResult before = lint_with(path, text, {"LL206"});
    REQUIRE_FALSE(before.findings.empty());
    for (const Finding& finding : before.findings) {
      const bool cycle = finding.message.find("cycle") != std::string::npos;
      CHECK(finding.fix.has_value() == !cycle);
      if (finding.fix) {
        CHECK(finding.fix->applicability == Applicability::safe);
        text = apply(text, *finding.fix);
      }
    }
    const UnitResult after = lint_with(path, text, {"LL001", "LL003", "LL206"});
    for (const Finding& finding : after.findings) {
      CHECK(finding.rule_id == "LL206");
      CHECK(finding.message.find("cycle") != std::string::npos);
    }
  }
}

TEST_CASE("graph: dot and mermaid name the functions and mark findings")
{
  const std::string text = read_fixture("fixtures/rules/invoke/notification_before_permission/bad_order.yaml");
  auto file = std::make_shared<const SourceFile>("t.yaml", text);
  const ParsedDocument document = parse_document(file);
  const std::unique_ptr<Model> model = cfn::build_model(document);
  const UnitResult result = lint_with("t.yaml", text, {"LL206"});
  // Findings are located in a different SourceFile object there: re-run on this model instead.
  std::vector<Finding> findings;
  for (Finding finding : result.findings) {
    finding.primary.file = file;
    findings.push_back(std::move(finding));
  }
  const std::string dot = graph::render(*model, findings, graph::Format::dot);
  CHECK(dot.starts_with("digraph lambdalint {"));
  CHECK(dot.find("Processor") != std::string::npos);
  CHECK(dot.find("Uploads\\nAWS::S3::Bucket\\nLL206") != std::string::npos);
  CHECK(dot.find("label=\"s3\"") != std::string::npos);
  const std::string mermaid = graph::render(*model, findings, graph::Format::mermaid);
  CHECK(mermaid.starts_with("flowchart LR"));
  CHECK(mermaid.find("class ") != std::string::npos);
}

TEST_CASE("graph json: the role's effective statements with their origin and location")
{
  const std::string text = R"(Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt WorkerRole.Arn
      Timeout: 30
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::bucket/*
)";
  auto file = std::make_shared<const SourceFile>("t.yaml", text);
  const ParsedDocument document = parse_document(file);
  std::unique_ptr<Model> model = cfn::build_model(document);
  // The IAM helper fills Role/Policy facets; here they are filled by hand from the written values.
  const Resource* role_resource = model->find_resource("WorkerRole");
  REQUIRE(role_resource != nullptr);
  Policy& policy = model->policies.emplace_back();
  policy.origin = PolicyOrigin::inline_policy;
  policy.name = "read";
  policy.resource = role_resource;
  const Value* entry = list_items(role_resource->property("Policies"))[0];
  policy.location = role_resource->location(entry->range);
  policy.document = get_path(entry, {"PolicyDocument"});
  policy.statements = policy_statements(policy.document);
  Role& role = model->roles.emplace_back();
  role.id = "WorkerRole";
  role.resource = role_resource;
  role.location = role_resource->at_id();
  role.trust_policy = role_resource->property("AssumeRolePolicyDocument");
  role.trust_statements = policy_statements(role.trust_policy);
  role.policies.push_back(&policy);
  Function& function = model->functions.front();
  function.execution_role = &role;
  role.functions.push_back(&function);

  const nlohmann::json document_json = nlohmann::json::parse(graph::render(*model, {}, graph::Format::json));
  CHECK(document_json["version"] == graph::k_json_version);
  const auto& worker = document_json["functions"][0];
  CHECK(worker["id"] == "Worker");
  CHECK(worker["settings"]["Timeout"]["value"] == 30);
  CHECK(worker["settings"]["Timeout"]["location"]["line"] == 6);
  CHECK(worker["settings"]["MemorySize"]["defaulted"] == true);
  const auto& role_json = worker["role"];
  CHECK(role_json["id"] == "WorkerRole");
  CHECK(role_json["resolved"] == true);
  REQUIRE(role_json["policies"].size() == 1);
  CHECK(role_json["policies"][0]["origin"] == "inline");
  CHECK(role_json["policies"][0]["name"] == "read");
  const auto& statement = role_json["policies"][0]["statements"][0];
  CHECK(statement["Action"] == "s3:GetObject");
  CHECK(statement["Resource"] == "arn:aws:s3:::bucket/*");
  CHECK(statement["location"]["line"] == 19);
  CHECK(role_json["trust"][0]["Action"] == "sts:AssumeRole");
  // The graph has an edge from the function to its role.
  bool runs_as = false;
  for (const auto& edge : document_json["edges"]) {
    runs_as = runs_as || (edge["from"] == "Worker" && edge["to"] == "WorkerRole" && edge["label"] == "runs as");
  }
  CHECK(runs_as);
}
