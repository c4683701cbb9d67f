// Our side of the IAM differential test (docs/iam.md, "Differential test"): reads the cases written by
// generate.mjs, builds each case as a CloudFormation template (a role with the case's policies attached
// inline, as AWS::IAM::ManagedPolicy, as AWS::IAM::Policy or as an AWS managed policy ARN, and its
// permissions boundary as an AWS::IAM::ManagedPolicy), runs EffectivePolicy::allows and writes one
// decision per case:
//
//   iam_differential_decide cases.json decisions.json
//
// A test tool, not a user-facing command.

#include "analyzer/cfn/frontend.h"
#include "analyzer/iam/policy.h"
#include "parsers/node.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using nlohmann::json;
using namespace lint;

json build_template(const json& test_case)
{
  json resources = json::object();
  json role_properties = {
      {"AssumeRolePolicyDocument",
       {{"Version", "2012-10-17"},
        {"Statement", json::array({{{"Effect", "Allow"},
                                    {"Principal", {{"Service", "lambda.amazonaws.com"}}},
                                    {"Action", "sts:AssumeRole"}}})}}},
      {"Policies", json::array()},
      {"ManagedPolicyArns", json::array()}};
  for (const json& policy : test_case.at("policies")) {
    const std::string kind = policy.at("kind");
    const std::string name = policy.at("name");
    if (kind == "inline") {
      role_properties["Policies"].push_back({{"PolicyName", name}, {"PolicyDocument", policy.at("document")}});
    } else if (kind == "managed") {
      resources[name] = {{"Type", "AWS::IAM::ManagedPolicy"}, {"Properties", {{"PolicyDocument", policy.at("document")}}}};
      role_properties["ManagedPolicyArns"].push_back({{"Ref", name}});
    } else if (kind == "standalone") {
      resources[name] = {{"Type", "AWS::IAM::Policy"},
                         {"Properties",
                          {{"PolicyName", name}, {"PolicyDocument", policy.at("document")}, {"Roles", json::array({{{"Ref", "Subject"}}})}}}};
    } else { // "aws": an AWS managed policy by ARN, read from the compiled data set
      role_properties["ManagedPolicyArns"].push_back(policy.at("arn"));
    }
  }
  if (!test_case.at("boundary").is_null()) {
    resources["Boundary"] = {{"Type", "AWS::IAM::ManagedPolicy"}, {"Properties", {{"PolicyDocument", test_case.at("boundary")}}}};
    role_properties["PermissionsBoundary"] = {{"Ref", "Boundary"}};
  } else if (const auto managed = test_case.find("boundary_managed"); managed != test_case.end() && !managed->is_null()) {
    role_properties["PermissionsBoundary"] = managed->at("arn");
  }
  resources["Subject"] = {{"Type", "AWS::IAM::Role"}, {"Properties", role_properties}};
  return {{"AWSTemplateFormatVersion", "2010-09-09"}, {"Resources", resources}};
}

/// The Sid of a written statement, or "<policy ARN>#<index>" for an AWS managed policy's statement.
std::string statement_label(const iam::CompiledStatement& statement)
{
  if (statement.statement == nullptr && statement.policy != nullptr) {
    return statement.policy->name + "#" + std::to_string(statement.managed_index);
  }
  return statement.sid;
}

json decide(const json& test_case)
{
  json out = {{"id", test_case.at("id")}};
  auto file = std::make_shared<const SourceFile>("case.json", build_template(test_case).dump(1));
  const ParsedDocument document = parse_document(file);
  const std::unique_ptr<Model> model = cfn::build_model(document);
  const Role* subject = nullptr;
  for (const Role& role : model->roles) {
    if (role.id == "Subject") {
      subject = &role;
    }
  }
  if (subject == nullptr) {
    out["error"] = "the role was not built";
    return out;
  }
  const iam::EffectivePolicy policy(*model, *subject);
  if (!policy.unknown_policies().empty()) {
    out["error"] = "a policy document could not be seen: " + policy.unknown_policies().front()->name;
  }
  const iam::Verdict verdict = policy.allows(test_case.at("action").get<std::string>(),
                                             iam::literal_text(test_case.at("resource").get<std::string>()));
  out["decision"] = std::string(iam::to_string(verdict.decision));
  out["explicit_deny"] = verdict.explicit_deny;
  out["boundary_refuses"] = verdict.boundary_refuses;
  json deciding = json::array();
  for (const iam::CompiledStatement* statement : verdict.deciding) {
    deciding.push_back(statement_label(*statement));
  }
  out["deciding"] = deciding;
  return out;
}

} // namespace

int main(int argc, char** argv)
{
  if (argc != 3) {
    std::cerr << "usage: iam_differential_decide cases.json decisions.json\n";
    return 2;
  }
  try {
    std::ifstream input(argv[1]);
    const json cases = json::parse(input);
    json decisions = json::array();
    for (const json& test_case : cases.at("cases")) {
      decisions.push_back(decide(test_case));
    }
    std::ofstream output(argv[2]);
    output << json{{"decisions", decisions}}.dump(1) << "\n";
    return output.good() ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "iam_differential_decide: " << error.what() << "\n";
    return 1;
  }
}
