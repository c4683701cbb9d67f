#pragma once
// The Terraform resource → facet mapping, shared by every Terraform input: HCL modules
// (frontend.cpp) and `terraform show -json` plans and state (plan_frontend.cpp). It reads
// resources whose properties are in the AWS provider's attribute shape (attributes by name,
// nested blocks as lists of maps: `vpc_config[0].subnet_ids`), whatever produced them.

#include "analyzer/model.h"

#include <map>
#include <string>

namespace lint::terraform {

/// Fills functions, queues, topics, mappings, triggers, permissions, log groups, roles and
/// policies (and the rest) from `model.resources`. `terraform_types` gives each resource's
/// Terraform type ("aws_lambda_function"); resources it does not name are skipped.
void build_facets(Model& model, const std::map<const Resource*, std::string>& terraform_types);

} // namespace lint::terraform
