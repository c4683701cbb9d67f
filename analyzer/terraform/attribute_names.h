#pragma once
// Rule messages name settings by their CloudFormation property names ("Timeout",
// "RetentionInDays"). A finding about a Terraform model names the Terraform attribute instead
// ("timeout", "retention_in_days"): one table, applied by the engine to every finding of a
// Terraform model, so no rule needs a per-format branch.

#include "support/finding.h"

#include <string>
#include <string_view>
#include <vector>

namespace lint::terraform {

/// The text with each CloudFormation property name (a whole word, outside '...' quotes, which
/// hold user names) replaced by its AWS provider attribute name.
std::string with_attribute_names(std::string_view text);

/// Rewrites the messages (and related-location and fix texts) of findings about a Terraform model.
void use_attribute_names(std::vector<Finding>& findings);

} // namespace lint::terraform
