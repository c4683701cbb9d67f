#pragma once
// The Terraform resource → facet mapping, shared by every Terraform input: HCL modules
// (frontend.cpp) and `terraform show -json` plans and state (plan_frontend.cpp). It reads
// resources whose properties are in the AWS provider's attribute shape (attributes by name,
// nested blocks as lists of maps: `vpc_config[0].subnet_ids`), whatever produced them.

#include "analyzer/model.h"

#include <map>
#include <set>
#include <string>

namespace lint::terraform {

/// Fills functions, queues, topics, mappings, triggers, permissions, log groups, roles and
/// policies (and the rest) from `model.resources`. `terraform_types` gives each resource's
/// Terraform type ("aws_lambda_function"); resources it does not name are skipped.
/// `lambda_module_resources` are the resources of the built-in terraform-aws-modules/lambda/aws
/// model (lambda_module.h): their settings are named by the module's inputs (tracing_mode,
/// vpc_subnet_ids, cloudwatch_logs_retention_in_days, ...), as the user wrote them.
void build_facets(Model& model, const std::map<const Resource*, std::string>& terraform_types,
                  const std::set<const Resource*>& lambda_module_resources = {});

} // namespace lint::terraform
