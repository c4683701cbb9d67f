// The CloudFormation frontend: intrinsics evaluate symbolically, parameters resolve to their
// defaults, facets link to each other, and unresolved names become LL003 problems.

#include "analyzer/cfn/frontend.h"
#include "analyzer/driver.h"
#include "template_model.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

using namespace lint;

namespace {

using test::Built;
using test::build;

const Value* property(const Model& model, std::string_view resource, std::string_view name)
{
  const Resource* found = model.find_resource(resource);
  REQUIRE(found != nullptr);
  return found->property(name);
}

std::vector<std::string> problems(const Model& model, std::string_view rule)
{
  std::vector<std::string> out;
  for (const ModelProblem& problem : model.problems) {
    if (problem.rule_id == rule) {
      out.push_back(problem.message);
    }
  }
  return out;
}

constexpr const char* k_template = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Timeout:
    Type: Number
    Default: 45
  Stage:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Mappings:
  Sizes:
    prod: {Memory: 1024}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !Ref Timeout
      MemorySize: !FindInMap [Sizes, prod, Memory]
      Role: !GetAtt Role.Arn
      ReservedConcurrentExecutions: !If [IsProd, 10, !Ref AWS::NoValue]
      Environment:
        Variables:
          TABLE: !Sub "${Table}-${AWS::Region}"
          JOINED: !Join ["-", [a, !Ref Stage, c]]
          LITERAL: !Sub "plain"
          PICK: !Select [1, [x, y, z]]
          PART: !Select [0, !Split [",", "p,q"]]
  Role:
    Type: AWS::IAM::Role
  Table:
    Type: AWS::DynamoDB::Table
  Alias:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Fn
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 5
  Queue:
    Type: AWS::SQS::Queue
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Alias
      EventSourceArn: !GetAtt Queue.Arn
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      Integration:
        Type: AWS_PROXY
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Rule:
    Type: AWS::Events::Rule
    Properties:
      Targets:
        - Id: t
          Arn:
            Fn::GetAtt: [Fn, Arn]
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${Fn}
      RetentionInDays: 14
)";

} // namespace

TEST_CASE("parameters, mappings, Sub, Join, Select, Split and If evaluate symbolically")
{
  const auto built = build(k_template);
  const Model& model = *built->model;
  CHECK(problems(model, "LL003").empty());

  const Value* timeout = property(model, "Fn", "Timeout");
  CHECK(as_integer(timeout) == 45);
  CHECK(timeout->via_parameter == "Timeout");
  CHECK(built->file->byte_position(timeout->range.begin) == LineColumn{17, 16});
  CHECK(built->file->byte_position(timeout->parameter_range.begin) == LineColumn{5, 14});

  CHECK(as_integer(property(model, "Fn", "MemorySize")) == 1024);

  const Value* role = property(model, "Fn", "Role");
  REQUIRE(role->kind == ValueKind::reference);
  CHECK(role->reference.name == "Role");
  CHECK(role->reference.attribute == "Arn");

  const Value* reserved = property(model, "Fn", "ReservedConcurrentExecutions");
  REQUIRE(reserved->kind == ValueKind::choice);
  CHECK(reserved->condition == "IsProd");
  CHECK(possible_values(reserved).size() == 1); // the NoValue branch is absent
  CHECK(is_set(reserved));

  const Value* variables = get_path(model.find_resource("Fn")->properties, {"Environment", "Variables"});
  const Value* table = variables->get("TABLE");
  REQUIRE(table->kind == ValueKind::text_template);
  REQUIRE(single_reference(table) != nullptr);
  CHECK(single_reference(table)->name == "Table");
  const Value* joined = variables->get("JOINED");
  REQUIRE(joined->kind == ValueKind::text_template); // Stage has no default: stays a reference
  CHECK(as_string(variables->get("LITERAL")) == "plain");
  CHECK(as_string(variables->get("PICK")) == "y");
  CHECK(as_string(variables->get("PART")) == "p");
  // Stage has no default: it stays a reference inside the template, never a guessed value.
  bool stage_is_reference = false;
  for (const TemplatePart& part : joined->parts) {
    stage_is_reference = stage_is_reference || (part.is_reference && part.reference.target == Reference::Target::parameter &&
                                                 part.reference.name == "Stage");
  }
  CHECK(stage_is_reference);
}

TEST_CASE("facets link functions, aliases, mappings, queues, triggers and log groups")
{
  const auto built = build(k_template);
  const Model& model = *built->model;
  REQUIRE(model.functions.size() == 1);
  const Function* fn = &model.functions.front();
  CHECK(fn->timeout_seconds() == 45);

  REQUIRE(model.event_source_mappings.size() == 1);
  const EventSourceMapping& mapping = model.event_source_mappings.front();
  CHECK(mapping.function == fn); // through the alias
  CHECK(mapping.source_kind == SourceKind::sqs);
  REQUIRE(mapping.queue != nullptr);
  CHECK(mapping.queue->visibility_timeout_seconds() == 30); // the default

  REQUIRE(model.provisioned_concurrency.size() == 1);
  CHECK(model.provisioned_concurrency.front().function == fn);

  REQUIRE(model.triggers.size() == 2);
  CHECK(model.triggers[0].kind == TriggerKind::api_rest);
  CHECK(model.triggers[0].function == fn);
  CHECK(model.triggers[1].kind == TriggerKind::events);
  CHECK(is_asynchronous(model.triggers[1].kind));

  REQUIRE(model.log_groups.size() == 1);
  CHECK(model.log_groups.front().function == fn);

  // The mapping names the alias; the triggers name the function itself.
  CHECK(model.invocation_qualifier(mapping.function_name) == InvocationQualifier::version_or_alias);
  CHECK(model.invocation_qualifier(model.triggers[1].target) == InvocationQualifier::unqualified);
}

TEST_CASE("function names and ARNs give the function's name and qualifier")
{
  auto address = [](std::string_view text) {
    const auto found = function_address(text);
    return found ? std::string(found->name) + "|" + std::string(found->qualifier) : std::string("none");
  };
  CHECK(address("arn:aws:lambda:eu-west-1:123456789012:function:worker") == "worker|");
  CHECK(address("arn:aws:lambda:eu-west-1:123456789012:function:worker:live") == "worker|live");
  CHECK(address("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:worker:3/invocations") ==
        "worker|3");
  CHECK(address("123456789012:function:worker") == "worker|");
  CHECK(address("worker:live") == "worker|live");
  CHECK(address("${AWS::StackName}-worker") == "${AWS::StackName}-worker|");
  CHECK(address("arn:aws:sqs:eu-west-1:123456789012:queue") == "none");
}

TEST_CASE("names that are not declared are LL003 problems at the name")
{
  const auto built = build(R"(Resources:
  Fn:
    Type: AWS::Lambda::Function
    DependsOn: [Missing1]
    Condition: NoSuchCondition
    Properties:
      Role: !GetAtt Missing2.Arn
      Handler: !Ref Missing3
      Description: !Sub "${Missing4} ${!Escaped} ${AWS::Region} ${Local}"
      Runtime: !Sub ["${Local}", {Local: x}]
)");
  const std::vector<std::string> found = problems(*built->model, "LL003");
  REQUIRE(found.size() == 6); // ${Local} has no variable map in Description
  std::vector<std::uint32_t> lines;
  for (const ModelProblem& problem : built->model->problems) {
    lines.push_back(built->file->byte_position(problem.location.range.begin).line);
  }
  std::sort(lines.begin(), lines.end());
  CHECK(lines == std::vector<std::uint32_t>{4, 5, 7, 8, 9, 9});
}

TEST_CASE("templates are recognised by content")
{
  auto is_template = [](std::string text) {
    auto file = std::make_shared<const SourceFile>("t", std::move(text));
    const ParsedDocument doc = parse_document(file);
    return cfn::is_template(doc.root);
  };
  CHECK(is_template("AWSTemplateFormatVersion: '2010-09-09'\n"));
  CHECK(is_template("Transform: AWS::Serverless-2016-10-31\nResources: {}\n"));
  CHECK(is_template("Resources:\n  A:\n    Type: AWS::SQS::Queue\n"));
  CHECK(is_template("{\"Resources\": {\"A\": {\"Type\": \"AWS::SQS::Queue\"}}}"));
  CHECK_FALSE(is_template("name: ci\non: push\n"));
  CHECK_FALSE(is_template("Resources:\n  A:\n    Type: something\n"));
  CHECK_FALSE(is_template("[1, 2]"));
}

TEST_CASE("lint_text never throws on hostile bytes")
{
  DriverOptions options;
  options.explicitly_named = true;
  const std::string inputs[] = {std::string("\x00\x01\x02", 3), "\xFF\xFE" "A\0W\0S\0", "AWSTemplateFormatVersion: \xC3\x28\n",
                                std::string(1 << 20, 'a'), "Resources: !Ref\n", "Resources:\n  X: !GetAtt\n"};
  for (const std::string& input : inputs) {
    const UnitResult result = lint_text("t.yaml", input, {}, options);
    CHECK(result.internal_errors.empty());
  }
  // Invalid UTF-8 in a template is an LL001 problem at the byte, and the template is still analysed.
  CHECK(find_invalid_utf8("ok \xC3\x28") == 3u);
  CHECK(find_invalid_utf8("ok \xE2\x82\xAC") == std::nullopt);
  CHECK(find_invalid_utf8("\xED\xA0\x80") == 0u); // encoded surrogate
}
