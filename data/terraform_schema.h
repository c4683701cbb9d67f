#pragma once
// The AWS provider's resource schemas for the Terraform resource types whose arguments lambdalint
// checks (LL004), hand-transcribed from the provider's own Go schema at one pinned commit (see
// data/terraform_schema.cpp for the commit, the version and how to refresh it). Static constant
// data: nothing is read at run time, and nothing is downloaded.
#include <cstdint>
#include <span>
#include <string_view>

namespace lint::data {

struct TerraformArgument {
  enum class Kind : std::uint8_t {
    argument, // an attribute the configuration may set (Optional or Required in the schema)
    block,    // a nested block (TypeList/TypeSet of a schema.Resource): its own arguments in `nested`
    computed, // Computed only: the provider sets it, and Terraform rejects a configured value
  };
  std::string_view name;
  Kind kind = Kind::argument;
  bool required = false;
  std::span<const TerraformArgument> nested; // sorted by name; blocks only
};

struct TerraformResourceSchema {
  std::string_view type;                        // "aws_lambda_function"
  std::span<const TerraformArgument> arguments; // sorted by name
};

/// The provider release the schemas are transcribed from, for messages ("v6.28").
std::string_view terraform_provider_version();

/// The schema of a Terraform resource type, or nullptr when it is not transcribed (then nothing
/// can be said about its arguments).
const TerraformResourceSchema* find_terraform_resource(std::string_view terraform_type);

const TerraformArgument* find_terraform_argument(std::span<const TerraformArgument> arguments, std::string_view name);

} // namespace lint::data
