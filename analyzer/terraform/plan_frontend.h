#pragma once
// `terraform show -json` output, plans and state (https://developer.hashicorp.com/terraform/internals/json-format):
// recognised by content (format_version + terraform_version + planned_values / values /
// prior_state / resource_changes), never by file name. Resources go through the same facet
// mapping as HCL modules (facets.h), so every rule applies unchanged.
//
// Values: a plan's resource_changes[].change.after (what apply will produce; attributes listed in
// after_unknown stay unknown), else planned_values; a state's values. JSON strings in policy
// attributes are parsed into documents. Locations: when the module's .tf files sit beside the
// JSON file (same directory), findings land on the .tf line of the attribute that holds the
// value, matched by resource address; otherwise on the value inside the JSON file.

#include "analyzer/model.h"
#include "parsers/node.h"

#include <filesystem>
#include <memory>
#include <string_view>

namespace lint::terraform {

/// Cheap test on raw text: a JSON object that names format_version, terraform_version and one
/// of planned_values / values / prior_state / resource_changes. The parse confirms it.
bool looks_like_plan_json(std::string_view text);

struct PlanOptions {
  /// Read the .tf files beside the JSON file (same directory) for locations and for the
  /// expressions of values the plan only knows after apply. An audit of many state files may
  /// turn it off.
  bool use_configuration_beside = true;
};

/// The model of one plan or state file; nullptr when the text is not `terraform show -json`
/// output (not JSON, or JSON without its keys). Never throws on bad input.
std::unique_ptr<Model> build_plan_model(SourceFilePtr file, const PlanOptions& options = {});
/// The same for a document already parsed (an audit parses every file once); nullptr unless
/// is_plan_document(document.root).
std::unique_ptr<Model> build_plan_model(const ParsedDocument& document, const PlanOptions& options = {});

/// True when a parsed document has the keys of `terraform show -json` output (format_version,
/// terraform_version and planned_values / values / prior_state / resource_changes).
bool is_plan_document(const Node* root);

/// The plan or state file (by content) beside a module's .tf files that stands for the module
/// in a run: a plan first, else a state, lexically first among equals; empty when none.
std::string plan_beside(const std::filesystem::path& directory);

} // namespace lint::terraform
