#pragma once
// The AWS SDK service models compiled in (tools/gen_sdk_data from the pinned npm `aws-sdk` v2,
// whose apis/*.min.json are the models every AWS SDK is generated from): each service's client
// names in the SDKs, its operations and its waiters. Code analysis resolves a client to a service
// and a method to an operation with these, never with hand-written lists.

#include <optional>
#include <span>
#include <string_view>

namespace lint::code {

struct SdkWaiter {
  std::string_view name;       // "TableExists"
  std::string_view operation;  // the operation it polls: "DescribeTable"
};

struct SdkService {
  std::string_view key;              // aws-sdk v2 id: "dynamodb", "stepfunctions", "bedrockruntime"
  std::string_view v2_class;         // AWS.<v2_class>: "DynamoDB", "StepFunctions"
  std::string_view service_id;       // "DynamoDB", "SFN", "Secrets Manager"
  std::string_view endpoint_prefix;  // "dynamodb", "states", "bedrock-runtime"
  std::string_view signing_name;     // "dynamodb", "states", "bedrock": the IAM prefix of most services
  std::span<const std::string_view> operations; // sorted: "PutItem", "Query", ...
  std::span<const SdkWaiter> waiters;
};

/// Every service of the models (one entry per service, its newest API version).
std::span<const SdkService> sdk_services();

/// The service a boto3 client name means (`boto3.client("stepfunctions")`): botocore's names are
/// the v2 id with '-' (bedrock-runtime), else the endpoint prefix (logs, events), else the
/// serviceId in lower case with '-' for spaces (cognito-identity).
const SdkService* service_for_boto3(std::string_view name);
/// The service of an AWS SDK for JavaScript v3 package (`@aws-sdk/client-secrets-manager`): the
/// serviceId in lower case with '-' for spaces.
const SdkService* service_for_v3_package(std::string_view package);
/// The service of a v2 client class (`new AWS.DynamoDB()`, `require("aws-sdk/clients/s3")`).
const SdkService* service_for_v2_class(std::string_view name);
/// The v2 id of a service (for `aws-sdk/clients/<id>` imports).
const SdkService* service_for_v2_id(std::string_view id);

/// The operation a method name calls: `put_item` (boto3), `putItem` (JavaScript) and `PutItem`
/// all name PutItem (compared without case and underscores, as botocore's xform_name maps them).
std::optional<std::string_view> find_operation(const SdkService& service, std::string_view method);

/// The operation a waiter polls (`table_exists`, `tableExists`), if the service has that waiter.
std::optional<std::string_view> waiter_operation(const SdkService& service, std::string_view waiter);

} // namespace lint::code
