#pragma once
// terraform-aws-modules/lambda/aws, the most used Lambda module, modelled when `terraform init`
// has not downloaded it: a module of lambdalint's own, written in HCL, that takes the registry
// module's documented inputs and declares the resources the registry module creates from them
// (the function, its log group, the generated role and the policies its attach_* inputs attach,
// the permissions of allowed_triggers, the event source mappings). The front end reads it like
// any module and places what it finds at the module call (analyzer/terraform/frontend.cpp).

#include "analyzer/terraform/module.h"

#include <filesystem>
#include <memory>
#include <string_view>

namespace lint::terraform {

/// True when a module source names the registry's terraform-aws-modules/lambda/aws.
bool is_lambda_module_source(std::string_view source);

/// The built-in model of that module, as a module of one file whose path is under `directory`
/// (the file does not exist on disk; ModuleSource::builtin is set).
std::unique_ptr<ModuleSource> load_lambda_module(const std::filesystem::path& directory);

} // namespace lint::terraform
