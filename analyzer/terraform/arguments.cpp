#include "analyzer/terraform/arguments.h"

#include "data/terraform_schema.h"
#include "support/text.h"

#include <fmt/format.h>

#include <string>

namespace lint::terraform {
namespace {

using data::TerraformArgument;

constexpr int k_max_depth = 32;

/// The argument a misspelt key most likely meant: one differing only by case (Terraform names
/// are case-sensitive: `Timeout` is not `timeout`), else the unique one within a small edit
/// distance. Computed-only names are never suggested (they cannot be set either). Empty when
/// nothing is close or the choice is ambiguous.
std::string_view nearest_argument(std::span<const TerraformArgument> arguments, std::string_view key)
{
  for (const TerraformArgument& argument : arguments) {
    if (argument.kind != TerraformArgument::Kind::computed && equal_ignoring_case(argument.name, key)) {
      return argument.name;
    }
  }
  return nearest_name(key, arguments, [](const TerraformArgument& argument) {
    return argument.kind == TerraformArgument::Kind::computed ? std::string_view() : std::string_view(argument.name);
  });
}

class ArgumentChecker {
public:
  ArgumentChecker(std::string_view terraform_type, const Resource& resource, ReportedArguments& reported, std::vector<ModelProblem>& problems)
      : m_type(terraform_type), m_resource(resource), m_reported(reported), m_problems(problems)
  {
  }

  /// The arguments written in one body (`owner`: the map holding them), against the arguments
  /// of the resource (`block` empty) or of one of its nested blocks.
  void check_body(const Value* owner, std::span<const TerraformArgument> arguments, const std::string& block, int depth)
  {
    if (owner == nullptr || owner->kind != ValueKind::map || depth > k_max_depth) {
      return;
    }
    for (const ValueEntry& entry : owner->entries) {
      if (entry.key == "//") {
        continue; // a .tf.json comment property (https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties)
      }
      const std::string path = block.empty() ? entry.key : block + "." + entry.key;
      const TerraformArgument* argument = data::find_terraform_argument(arguments, entry.key);
      if (argument == nullptr) {
        report(owner, entry, path, fmt::format("which is not an argument of {}{} in AWS provider {}: Terraform refuses to plan it",
                                                      block.empty() ? "" : fmt::format("the {} block of ", block), m_type,
                                                      data::terraform_provider_version()),
               nearest_argument(arguments, entry.key));
        continue;
      }
      if (argument->kind == TerraformArgument::Kind::computed) {
        report(owner, entry, path,
               fmt::format("which {} computes in AWS provider {}: a configuration cannot set it and Terraform refuses to plan it", m_type,
                           data::terraform_provider_version()),
               {});
        continue;
      }
      if (argument->kind == TerraformArgument::Kind::block) {
        // HCL gives a list of bodies (one per block, `dynamic` blocks expanded); .tf.json writes
        // one object or an array of them. A value that cannot be read (a reference, a `dynamic`
        // block over an unknown collection) is not checked.
        if (entry.value != nullptr && entry.value->kind == ValueKind::list) {
          for (const Value* item : entry.value->items) {
            check_body(item, argument->nested, path, depth + 1);
          }
        } else {
          check_body(entry.value, argument->nested, path, depth + 1);
        }
      }
    }
  }

private:
  void report(const Value* owner, const ValueEntry& entry, const std::string& path, std::string reason, std::string_view nearest)
  {
    const SourceFilePtr& file = owner->file ? owner->file : m_resource.file;
    SourceRange range = entry.key_range;
    // An object key of .tf.json (or a quoted HCL key, a `dynamic "label"`): the name, without quotes.
    if (file != nullptr && range.end <= file->text().size() && range.end - range.begin >= 2 && file->text()[range.begin] == '"' &&
        file->text()[range.end - 1] == '"') {
      ++range.begin;
      --range.end;
    }
    if (file == nullptr || !m_reported.emplace(file.get(), range.begin).second) {
      return;
    }
    ModelProblem problem;
    problem.rule_id = "LL004";
    problem.location = {file, range};
    problem.message = fmt::format("Resource '{}' sets '{}', {}", m_resource.id, path, reason);
    if (!nearest.empty()) {
      problem.message += fmt::format(" (did you mean {}?)", nearest);
    }
    problem.fingerprint = fmt::format("{}/{}", m_resource.id, path);
    m_problems.push_back(std::move(problem));
  }

  std::string_view m_type;
  const Resource& m_resource;
  ReportedArguments& m_reported;
  std::vector<ModelProblem>& m_problems;
};

} // namespace

void check_arguments(std::string_view terraform_type, const Resource& resource, ReportedArguments& reported, std::vector<ModelProblem>& problems)
{
  const data::TerraformResourceSchema* schema = data::find_terraform_resource(terraform_type);
  if (schema == nullptr) {
    return; // not transcribed: unknown types, other providers, types not yet in data/
  }
  ArgumentChecker(terraform_type, resource, reported, problems).check_body(resource.properties, schema->arguments, {}, 0);
}

} // namespace lint::terraform
