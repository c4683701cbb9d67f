// CloudFormation → Role / Policy facets (analyzer/cfn/iam_frontend.cpp).

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

std::vector<std::string> origins(const Role& role)
{
  std::vector<std::string> out;
  for (const Policy* policy : role.policies) {
    out.push_back(std::string(to_string(policy->origin)) + ":" + policy->name);
  }
  return out;
}

constexpr const char* k_roles = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ExtraPolicy:
    Type: String
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, "123456789012"]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess
        - !Ref Shared
        - !Ref ExtraPolicy
        - !ImportValue other-stack-policy
        - arn:aws:iam::111122223333:policy/elsewhere
        - !If [IsProd, arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess, !Ref AWS::NoValue]
      Policies:
        - PolicyName: queue
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage]
                Resource: !GetAtt Queue.Arn
      PermissionsBoundary: arn:aws:iam::aws:policy/PowerUserAccess
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: shared
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: s3:GetObject, Resource: "*"}
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [worker-role, somebody-else]
      PolicyDocument:
        Statement: {Effect: Allow, Action: logs:*, Resource: "*"}
  Queue:
    Type: AWS::SQS::Queue
  ByGetAtt:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
  BySub:
    Type: AWS::Lambda::Function
    Properties:
      Role: !Sub "${Role.Arn}"
  ByName:
    Type: AWS::Lambda::Function
    Properties:
      Role: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}"
  ByLiteral:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/service/worker-role
  Elsewhere:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/other
)";

} // namespace

TEST_CASE("iam model: roles, their policies and the functions using them")
{
  const auto built = build(k_roles);
  const Model& model = *built->model;
  REQUIRE(model.roles.size() == 1);
  const Role& role = model.roles.front();
  CHECK(role.id == "Role");
  REQUIRE(role.trust_statements.size() == 1);
  CHECK(is_text(role.trust_statements[0].action, "sts:AssumeRole"));
  CHECK(is_text(role.permissions_boundary, "arn:aws:iam::aws:policy/PowerUserAccess"));
  const std::vector<std::string> expected = {
    "inline:queue",
    "customer-managed:shared", // through its Roles list (and the Ref in ManagedPolicyArns, once)
    "policy-resource:extra",   // Roles by literal RoleName
    "aws-managed:AWSLambdaBasicExecutionRole",
    "aws-managed:AmazonS3ReadOnlyAccess",
    "unknown:",                // parameter without default
    "unknown:",                // ImportValue
    "unknown:elsewhere",       // another account's policy
    "aws-managed:AWSXrayWriteOnlyAccess",
  };
  CHECK(origins(role) == expected);
  CHECK(role.policies.back()->conditional);
  CHECK_FALSE(role.policies.front()->conditional);
  REQUIRE(role.policies.front()->statements.size() == 1);
  CHECK(role.policies.front()->statements[0].action->kind == ValueKind::list);

  std::vector<std::string> functions;
  for (const Function* function : role.functions) {
    functions.push_back(function->resource->id);
    CHECK(function->execution_role == &role);
  }
  CHECK(functions == std::vector<std::string>{"ByGetAtt", "BySub", "ByName", "ByLiteral"});
  CHECK(model.find_function("Elsewhere")->execution_role == nullptr);
}

TEST_CASE("iam model: RolePolicy, conditional policies and bad input")
{
  const auto built = build(R"(Conditions:
  On: !Equals [a, b]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !Ref AWS::NoValue
      Policies:
        - !If
          - On
          - PolicyName: a
            PolicyDocument: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
          - !Ref AWS::NoValue
        - not a map
      ManagedPolicyArns: not-a-list
  Attached:
    Type: AWS::IAM::RolePolicy
    Condition: On
    Properties:
      RoleName: !Ref Role
      PolicyName: b
      PolicyDocument: {Statement: {Effect: Allow, Action: s3:*, Resource: "*"}}
)");
  const Model& model = *built->model;
  REQUIRE(model.roles.size() == 1);
  const Role& role = model.roles.front();
  CHECK(role.trust_statements.empty());
  REQUIRE(role.policies.size() == 2);
  CHECK(role.policies[0]->conditional);
  CHECK(role.policies[0]->statements.at(0).conditional);
  CHECK(role.policies[1]->origin == PolicyOrigin::policy_resource);
  CHECK(role.policies[1]->statements.at(0).conditional);
}
