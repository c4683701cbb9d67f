#pragma once
// LL004 for Terraform configurations: arguments and nested blocks of a resource that the AWS
// provider's schema of its type does not have (terraform validate: "An argument named "timout" is
// not expected here"), or that the provider computes and a configuration cannot set. The schemas
// are the pinned transcription in data/terraform_schema.h; a type it does not hold is not judged.
// Only written configuration is checked (.tf and .tf.json): a plan or a state holds what the
// provider itself accepted and computed.

#include "analyzer/model.h"

#include <cstdint>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace lint::terraform {

/// Where LL004 was already reported (file, byte offset): a body evaluated once per count/for_each
/// instance or module call is reported once.
using ReportedArguments = std::set<std::pair<const SourceFile*, std::uint32_t>>;

/// Appends an LL004 problem for every argument of `resource` (a `resource` block of type
/// `terraform_type`, its evaluated body in resource.properties) the provider schema does not allow.
void check_arguments(std::string_view terraform_type, const Resource& resource, ReportedArguments& reported,
                     std::vector<ModelProblem>& problems);

} // namespace lint::terraform
