// libFuzzer target: the IAM policy parser and engine. The input is a policy document (JSON); it
// becomes the inline policy of a role in a small template (so Fn::GetAtt / Fn::Sub resources in
// the document resolve against real resources), then the role's EffectivePolicy answers
// allows(action, resource) for fixed requests and for every action and resource the document
// itself names (patterns matched against patterns: the wildcard matcher's hardest inputs).
#include "analyzer/cfn/frontend.h"
#include "analyzer/iam/policy.h"
#include "parsers/node.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

constexpr std::string_view k_prefix = R"({"Resources": {
  "Queue": {"Type": "AWS::SQS::Queue"},
  "Bucket": {"Type": "AWS::S3::Bucket"},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {
    "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    "Policies": [{"PolicyName": "fuzzed", "PolicyDocument": )";
constexpr std::string_view k_suffix = R"(}]}},
  "Managed": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"Roles": [{"Ref": "Role"}],
    "PolicyDocument": {"Statement": [{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}]}}}
}}
)";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string text(k_prefix);
  text.append(reinterpret_cast<const char*>(data), size);
  text.append(k_suffix);
  auto file = std::make_shared<const lint::SourceFile>("fuzz.json", std::move(text));
  const lint::ParsedDocument document = lint::parse_json(file);
  if (document.root == nullptr) {
    return 0;
  }
  const auto model = lint::cfn::build_model(document);
  if (model == nullptr) {
    return 0;
  }
  static const std::string_view fixed_actions[] = {"s3:GetObject", "sqs:SendMessage", "lambda:InvokeFunction", "iam:PassRole", "kms:Decrypt"};
  static const lint::iam::SymbolicText fixed_resources[] = {
    lint::iam::literal_text("arn:aws:s3:::bucket/key"),
    lint::iam::literal_text("*"),
    lint::iam::policy_text("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:queue"),
  };
  for (const lint::Role& role : model->roles) {
    const lint::iam::EffectivePolicy policy(*model, role);
    for (std::string_view action : fixed_actions) {
      for (const lint::iam::SymbolicText& resource : fixed_resources) {
        (void)policy.allows(action, resource);
      }
    }
    // Bounded: a document with thousands of actions must not turn one input into minutes.
    std::size_t budget = 256;
    for (const lint::iam::CompiledStatement& statement : policy.statements()) {
      for (const std::string& action : statement.actions) {
        for (const lint::iam::SymbolicText& resource : statement.resources) {
          if (budget-- == 0) {
            return 0;
          }
          (void)policy.allows(action, resource);
          (void)lint::iam::to_display(resource);
        }
      }
    }
  }
  return 0;
}
