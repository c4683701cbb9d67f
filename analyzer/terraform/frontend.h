#pragma once
// Terraform: a module directory (all its .tf files, its local and downloaded child modules, the
// root's tfvars) → one Model with the same facets as CloudFormation, so every rule applies.
// Terraform resource types map to CloudFormation type names where a rule depends on the type;
// resource ids are Terraform addresses (aws_lambda_function.api, module.jobs.aws_sqs_queue.this).

#include "analyzer/model.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lint::terraform {

/// Builds the model of the module in `directory`. Syntax errors become LL001, undeclared
/// var./local./module./resource references LL003. Never throws.
std::unique_ptr<Model> build_model(const std::filesystem::path& directory);

/// The model of a single text as a one-file module (tests; the LSP's unsaved buffers).
std::unique_ptr<Model> build_model_from_text(const std::string& path, std::string text);

/// The CloudFormation type name a Terraform resource type stands for ("aws_sqs_queue" →
/// "AWS::SQS::Queue"), or the Terraform type itself when no rule needs the mapping.
std::string_view cloudformation_type(std::string_view terraform_type);

} // namespace lint::terraform
