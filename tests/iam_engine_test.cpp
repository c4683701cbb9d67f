// The IAM engine (analyzer/iam/): action catalog, symbolic resource matching, evaluation.

#include "analyzer/cfn/frontend.h"
#include "analyzer/driver.h"
#include "analyzer/iam/actions.h"
#include "analyzer/iam/policy.h"
#include "template_model.h"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <thread>

using namespace lint;
using namespace lint::iam;

namespace {

using test::Built;
using test::build;

CompiledStatement plain(bool allow, std::vector<std::string> actions, std::vector<std::string> resources, bool has_condition = false)
{
  ManagedStatement statement;
  statement.allow = allow;
  statement.actions = std::move(actions);
  statement.resources = std::move(resources);
  statement.has_condition = has_condition;
  return compile_statement(statement);
}

Decision decide(const std::vector<CompiledStatement>& statements, std::string_view action, std::string_view resource)
{
  return evaluate(statements, false, action, literal_text(resource)).decision;
}

} // namespace

TEST_CASE("iam actions: wildcards, case, catalog expansion, unknown actions")
{
  CHECK(action_matches("s3:Get*", "s3:GetObject"));
  CHECK(action_matches("S3:getobject", "s3:GetObject"));
  CHECK(action_matches("*", "kms:Decrypt"));
  CHECK(action_matches("s3:?etObject", "s3:GetObject"));
  CHECK_FALSE(action_matches("s3:Get*", "s3:PutObject"));
  CHECK_FALSE(action_matches("s3:GetObject", "s3:GetObjectAcl"));

  const std::vector<CatalogAction> gets = expand_actions("s3:GetObject*");
  CHECK(gets.size() > 5);
  for (const CatalogAction& action : gets) {
    CHECK(std::string(action.action->name).starts_with("GetObject"));
  }
  CHECK(expand_actions("*").size() == catalog_action_count());
  CHECK(catalog_action_count() > 10000);
  CHECK(expand_actions("nosuchservice:*").empty());

  CHECK(check_action("s3:GetObject").status == ActionCheck::Status::known);
  CHECK(check_action("s3:get*").status == ActionCheck::Status::known);
  CHECK(check_action("*").status == ActionCheck::Status::known);
  const ActionCheck typo = check_action("s3:GetObjects");
  CHECK(typo.status == ActionCheck::Status::unknown_action);
  CHECK(typo.suggestion == "s3:GetObject");
  const ActionCheck service = check_action("sqs3:ReceiveMessage");
  CHECK(service.status == ActionCheck::Status::unknown_service);
  CHECK(check_action("s3:Gett*").status == ActionCheck::Status::unknown_action);
  CHECK(check_action("GetObject").status == ActionCheck::Status::malformed);
}

TEST_CASE("iam resources: literal and symbolic ARN matching")
{
  CHECK(resource_matches(literal_text("*"), literal_text("arn:aws:s3:::b/k")) == Decision::yes);
  CHECK(resource_matches(literal_text("arn:aws:s3:::b/*"), literal_text("arn:aws:s3:::b/k")) == Decision::yes);
  CHECK(resource_matches(literal_text("arn:aws:s3:::b"), literal_text("arn:aws:s3:::b/k")) == Decision::no);
  CHECK(resource_matches(literal_text("arn:aws:s3:::B/*"), literal_text("arn:aws:s3:::b/k")) == Decision::no);
  CHECK(resource_matches(literal_text("arn:aws:sqs:us-east-?:*:q"), literal_text("arn:aws:sqs:us-east-1:1:q")) == Decision::yes);
  CHECK(resource_matches(policy_text("arn:aws:s3:::b/${aws:username}/*"), literal_text("arn:aws:s3:::b/x/y")) == Decision::maybe);

  const auto built = build(R"(Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Named:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: orders}
  Queue:
    Type: AWS::SQS::Queue
  Other:
    Type: AWS::SQS::Queue
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: "*"
            Resource:
              - !GetAtt Table.Arn
              - !GetAtt Table.StreamArn
              - !Sub "${Table.Arn}/stream/*"
              - !Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}"
              - arn:aws:dynamodb:*:*:table/orders
              - !GetAtt Queue.Arn
              - !Ref Queue
              - !Join ["", ["arn:aws:sqs:", !Ref "AWS::Region", ":", !Ref "AWS::AccountId", ":*"]]
)");
  const Model& model = *built->model;
  const std::vector<Statement>& statements = model.policies.front().statements;
  REQUIRE(statements.size() == 1);
  const std::span<const Value* const> items = list_items(statements[0].resource);
  REQUIRE(items.size() == 8);
  auto text = [&](std::size_t i) { return symbolic_text(model, items[i]); };
  auto reference = [&](std::string_view resource, std::string_view attribute) {
    Value& value = const_cast<Model&>(model).values.make(ValueKind::reference, {});
    value.reference = {Reference::Target::resource, std::string(resource), std::string(attribute)};
    return symbolic_text(model, &value);
  };
  const SymbolicText table_arn = reference("Table", "Arn");
  const SymbolicText stream_arn = reference("Table", "StreamArn");
  const SymbolicText named_arn = reference("Named", "Arn");
  const SymbolicText queue_arn = reference("Queue", "Arn");
  const SymbolicText other_arn = reference("Other", "Arn");

  CHECK(resource_matches(text(0), table_arn) == Decision::yes);
  CHECK(resource_matches(text(0), stream_arn) == Decision::no);   // Table.Arn does not cover the stream
  CHECK(resource_matches(text(1), stream_arn) == Decision::maybe); // stream label unknown on both sides
  CHECK(resource_matches(text(2), stream_arn) == Decision::yes);
  CHECK(resource_matches(text(2), table_arn) == Decision::no);
  CHECK(resource_matches(text(3), table_arn) == Decision::yes);   // Sub with Ref (name) = GetAtt Arn
  CHECK(resource_matches(text(4), named_arn) == Decision::yes);   // stars absorb region and account
  CHECK(resource_matches(text(4), table_arn) == Decision::maybe); // unnamed table: could be "orders"
  CHECK(resource_matches(text(5), queue_arn) == Decision::yes);
  CHECK(resource_matches(text(5), other_arn) == Decision::no);    // another queue of the stack
  CHECK(resource_matches(text(6), queue_arn) == Decision::maybe); // Ref Queue is its URL
  CHECK(resource_matches(text(7), queue_arn) == Decision::yes);
  CHECK(resource_matches(text(7), table_arn) == Decision::no);
  CHECK(to_display(stream_arn) == "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}/stream/${Table.StreamLabel}");
}

TEST_CASE("iam evaluation: explicit deny, NotAction, NotResource, conditions, unknown policies")
{
  const std::vector<CompiledStatement> allow_get = {plain(true, {"s3:Get*"}, {"arn:aws:s3:::b/*"})};
  CHECK(decide(allow_get, "s3:GetObject", "arn:aws:s3:::b/k") == Decision::yes);
  CHECK(decide(allow_get, "s3:PutObject", "arn:aws:s3:::b/k") == Decision::no);
  CHECK(evaluate(allow_get, true, "s3:PutObject", literal_text("arn:aws:s3:::b/k")).decision == Decision::maybe);

  std::vector<CompiledStatement> with_deny = allow_get;
  with_deny.push_back(plain(false, {"s3:GetObject"}, {"*"}));
  const Verdict denied = evaluate(with_deny, false, "s3:GetObject", literal_text("arn:aws:s3:::b/k"));
  CHECK(denied.decision == Decision::no);
  CHECK(denied.explicit_deny);
  REQUIRE(denied.deciding.size() == 1);
  CHECK(decide(with_deny, "s3:GetObjectAcl", "arn:aws:s3:::b/k") == Decision::yes);

  std::vector<CompiledStatement> conditional_deny = allow_get;
  conditional_deny.push_back(plain(false, {"s3:*"}, {"*"}, true));
  CHECK(decide(conditional_deny, "s3:GetObject", "arn:aws:s3:::b/k") == Decision::maybe);

  const std::vector<CompiledStatement> conditional_allow = {plain(true, {"s3:*"}, {"*"}, true)};
  CHECK(decide(conditional_allow, "s3:GetObject", "arn:aws:s3:::b/k") == Decision::maybe);
  CHECK(decide(conditional_allow, "sqs:SendMessage", "arn:aws:sqs:r:1:q") == Decision::no);

  ManagedStatement not_action;
  not_action.not_action = true;
  not_action.actions = {"iam:*"};
  not_action.resources = {"*"};
  const std::vector<CompiledStatement> power = {compile_statement(not_action)};
  CHECK(decide(power, "s3:GetObject", "arn:aws:s3:::b/k") == Decision::yes);
  CHECK(decide(power, "iam:PassRole", "arn:aws:iam::1:role/r") == Decision::no);

  ManagedStatement not_resource;
  not_resource.actions = {"s3:*"};
  not_resource.not_resource = true;
  not_resource.resources = {"arn:aws:s3:::secret/*"};
  const std::vector<CompiledStatement> all_but = {compile_statement(not_resource)};
  CHECK(decide(all_but, "s3:GetObject", "arn:aws:s3:::b/k") == Decision::yes);
  CHECK(decide(all_but, "s3:GetObject", "arn:aws:s3:::secret/k") == Decision::no);
}

TEST_CASE("iam evaluation: a role's effective policy with managed policies and a boundary")
{
  const auto built = build(R"(Parameters:
  Unknown: {Type: String}
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole
      Policies:
        - PolicyName: deny
          PolicyDocument:
            Statement:
              - {Effect: Deny, Action: sqs:DeleteMessage, Resource: !GetAtt Queue.Arn}
  Bounded:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: "sqs:*", Resource: "*"}]
  Opaque:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [!Ref Unknown]
  Fenced:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref DeletionFence
      Policies:
        - PolicyName: consume
          PolicyDocument:
            Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage], Resource: !GetAtt Queue.Arn}]
  DeletionFence:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: "sqs:*", Resource: "*"}
          - {Sid: NoDelete, Effect: Deny, Action: "sqs:Delete*", Resource: "*"}
)");
  const Model& model = *built->model;
  auto queue_arn = [&] {
    Value& value = const_cast<Model&>(model).values.make(ValueKind::reference, {});
    value.reference = {Reference::Target::resource, "Queue", "Arn"};
    return symbolic_text(model, &value);
  }();
  const EffectivePolicy role(model, *model.find_role("Role"));
  const Verdict receive = role.allows("sqs:ReceiveMessage", queue_arn);
  CHECK(receive.decision == Decision::yes);
  REQUIRE(receive.deciding.size() == 1);
  CHECK(receive.deciding[0]->statement == nullptr); // from the managed policy's data
  CHECK(receive.deciding[0]->policy->name == "AWSLambdaSQSQueueExecutionRole");
  CHECK(role.allows("sqs:DeleteMessage", queue_arn).decision == Decision::no);
  CHECK(role.allows("sqs:SendMessage", queue_arn).decision == Decision::no);

  const EffectivePolicy bounded(model, *model.find_role("Bounded"));
  CHECK(bounded.allows("sqs:SendMessage", queue_arn).decision == Decision::yes);
  const Verdict outside = bounded.allows("s3:GetObject", literal_text("arn:aws:s3:::b/k"));
  CHECK(outside.decision == Decision::no);
  CHECK(outside.boundary_refuses);

  // A Deny in the boundary is an explicit deny, also where the role's own policies only deny
  // implicitly (found by the differential test against iam-simulate).
  const EffectivePolicy fenced(model, *model.find_role("Fenced"));
  const Verdict unlisted = fenced.allows("sqs:DeleteQueue", queue_arn);
  CHECK(unlisted.decision == Decision::no);
  CHECK(unlisted.explicit_deny);
  CHECK(unlisted.boundary_refuses);
  REQUIRE(unlisted.deciding.size() == 1);
  CHECK(unlisted.deciding[0]->sid == "NoDelete");
  const Verdict granted = fenced.allows("sqs:DeleteMessage", queue_arn);
  CHECK(granted.decision == Decision::no);
  CHECK(granted.explicit_deny);
  CHECK(granted.boundary_refuses);
  const Verdict implicit = fenced.allows("s3:GetObject", literal_text("arn:aws:s3:::b/k"));
  CHECK(implicit.decision == Decision::no);
  CHECK_FALSE(implicit.explicit_deny);
  CHECK_FALSE(implicit.boundary_refuses);
  CHECK(implicit.deciding.empty());
  CHECK(fenced.allows("sqs:ReceiveMessage", queue_arn).decision == Decision::yes);

  const EffectivePolicy opaque(model, *model.find_role("Opaque"));
  CHECK(opaque.unknown_policies().size() == 1);
  CHECK(opaque.allows("sqs:ReceiveMessage", queue_arn).decision == Decision::maybe);
}

TEST_CASE("iam managed policies: every document in the data set parses, once, from several threads")
{
  const auto policies = data::managed_policies();
  CHECK(policies.size() > 1000);
  std::vector<std::thread> threads;
  std::vector<std::size_t> statement_counts(4, 0);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t t = 0; t < statement_counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (const data::ManagedPolicySpec& policy : policies) {
        statement_counts[t] += managed_statements(policy).size();
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("managed policies: ", policies.size(), ", statements: ", statement_counts[0], ", actions in catalog: ",
          catalog_action_count(), ", materialising all (4 threads racing): ", elapsed, " ms");
  CHECK(statement_counts[0] > policies.size());
  for (std::size_t count : statement_counts) {
    CHECK(count == statement_counts[0]);
  }
  // Every managed policy has at least one statement (a parse failure would leave none).
  for (const data::ManagedPolicySpec& policy : policies) {
    INFO(policy.name);
    CHECK_FALSE(managed_statements(policy).empty());
  }
}
