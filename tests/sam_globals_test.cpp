// SAM Globals: merged into each resource with the translator's rules, at the Value level so every
// inherited value keeps the range where it is written.

#include "sam_test_support.h"

#include "rules/registry.h"

#include <algorithm>

using namespace lint;
using lint::sam_test::build;

namespace {

constexpr const char* k_globals = R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 60
    Runtime: python3.12
    MemorySize: 512
    Layers:
      - arn:aws:lambda:us-east-1:123456789012:layer:shared:1
    Environment:
      Variables:
        STAGE: prod
        TABLE: global-table
    VpcConfig:
      SubnetIds: [subnet-1, subnet-2]
  Api:
    TracingEnabled: true
Conditions:
  IsProd: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  Inherits:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
  Overrides:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Timeout: 10
      MemorySize: !If [IsProd, 1024, 256]
      Layers:
        - arn:aws:lambda:us-east-1:123456789012:layer:own:1
      Environment:
        Variables:
          TABLE: own-table
          EXTRA: x
      VpcConfig: !Ref AWS::NoValue
  IgnoresAll:
    Type: AWS::Serverless::Function
    IgnoreGlobals: "*"
    Properties:
      Handler: app.handler
  IgnoresSome:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Timeout]
    Properties:
      Handler: app.handler
      Events:
        Get:
          Type: Api
          Properties: {Path: /, Method: get}
)";

} // namespace

TEST_CASE("Globals scalars apply unless the resource writes its own, keeping the Globals range")
{
  const auto built = build(k_globals);
  const Function& inherits = built->function("Inherits");
  REQUIRE(inherits.timeout != nullptr);
  CHECK(as_integer(inherits.timeout) == 60);
  CHECK(built->line(inherits.timeout) == 4);
  CHECK(inherits.timeout->from_globals);
  CHECK(is_text(inherits.runtime, "python3.12"));
  CHECK(built->line(inherits.runtime) == 5);

  const Function& overrides = built->function("Overrides");
  CHECK(as_integer(overrides.timeout) == 10);
  CHECK(built->line(overrides.timeout) == 28);
  CHECK_FALSE(overrides.timeout->from_globals);
  // An intrinsic function is a scalar for the merge: the local Fn::If replaces the Globals value.
  REQUIRE(overrides.memory_size != nullptr);
  CHECK(overrides.memory_size->kind == ValueKind::choice);
  // AWS::NoValue locally is a local scalar too: the VpcConfig of Globals is not inherited.
  CHECK_FALSE(is_set(overrides.vpc_config));
}

TEST_CASE("Globals maps merge key by key and lists concatenate, Globals items first")
{
  const auto built = build(k_globals);
  const Function& overrides = built->function("Overrides");
  REQUIRE(overrides.environment_variables != nullptr);
  const Value& variables = *overrides.environment_variables;
  REQUIRE(variables.entries.size() == 3);
  CHECK(variables.entries[0].key == "STAGE");
  CHECK(variables.entries[0].value->from_globals);
  CHECK(variables.entries[1].key == "TABLE");
  CHECK(is_text(variables.entries[1].value, "own-table"));
  CHECK(built->line(variables.entries[1].value) == 34);
  CHECK(variables.entries[2].key == "EXTRA");

  const auto layers = list_items(overrides.layers);
  REQUIRE(layers.size() == 2);
  CHECK(built->line(layers[0]) == 8);
  CHECK(layers[0]->from_globals);
  CHECK(built->line(layers[1]) == 31);
  CHECK_FALSE(layers[1]->from_globals);
  // The function's resource properties are the merged ones, so property readers see them too.
  CHECK(built->model->find_resource("Inherits")->property("Timeout") == built->function("Inherits").timeout);
}

TEST_CASE("IgnoreGlobals drops all or some Globals properties")
{
  const auto built = build(k_globals);
  const Function& all = built->function("IgnoresAll");
  CHECK(all.timeout == nullptr);
  CHECK(all.runtime == nullptr);
  const Function& some = built->function("IgnoresSome");
  CHECK(some.timeout == nullptr);
  CHECK(is_text(some.runtime, "python3.12"));
}

TEST_CASE("the implicit ServerlessRestApi takes the Api Globals")
{
  const auto built = build(k_globals);
  const Resource* api = built->model->find_resource("ServerlessRestApi");
  REQUIRE(api != nullptr);
  CHECK(api->generated);
  CHECK(is_text(api->property("TracingEnabled"), "true"));
  CHECK(built->line(api->id_range) == 48); // the Api event that creates it
}

TEST_CASE("a finding on an inherited value is at the Globals line, with the inheriting function related")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 60
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties: {Path: /, Method: get}
)");
  const UnitResult result = lint_text("t.yaml", std::string(built->file->text()), rules::all(), {});
  const auto found = std::find_if(result.findings.begin(), result.findings.end(), [](const Finding& f) { return f.rule_id == "LL401"; });
  REQUIRE(found != result.findings.end());
  CHECK(built->line(found->primary.range) == 4);
  const bool related = std::any_of(found->related.begin(), found->related.end(), [&](const RelatedLocation& r) {
    return r.message == "inherited by function 'Fn'" && built->line(r.location.range) == 6;
  });
  CHECK(related);
}
