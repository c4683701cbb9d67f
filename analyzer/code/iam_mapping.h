#pragma once
// From an SDK operation to the IAM actions it needs. Most operations need the action of the same
// name under the service's IAM prefix (the model's signingName, checked against the IAM catalog);
// the few whose action differs are rows of a reviewed table, each citing AWS's documentation.

#include "analyzer/code/sdk_models.h"

#include <string>
#include <string_view>
#include <vector>

namespace lint::code {

struct ActionMapping {
  enum class Status : std::uint8_t {
    mapped,        // `actions` are what the call needs
    no_permission, // the operation needs no IAM permission (sts:GetCallerIdentity)
    unmapped,      // no action of that name and no reviewed row: never reported as missing
  };
  Status status = Status::unmapped;
  std::vector<std::string> actions;  // "dynamodb:PutItem"
  std::string_view source;           // "model", or the documentation the reviewed row cites
};

ActionMapping iam_actions_for(const SdkService& service, std::string_view operation);

/// A reviewed row: an operation whose IAM action is not its own name.
struct ActionException {
  std::string_view service_key;   // SdkService::key
  std::string_view operation;
  std::string_view actions;       // comma-separated; empty = no permission needed
  std::string_view documentation; // the AWS page that says so
};
std::span<const ActionException> action_exceptions();

} // namespace lint::code
