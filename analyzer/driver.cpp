#include "analyzer/driver.h"

#include "analyzer/audit/snapshot.h"
#include "analyzer/cfn/frontend.h"
#include "analyzer/terraform/frontend.h"
#include "analyzer/terraform/module.h"
#include "analyzer/terraform/plan_frontend.h"
#include "parsers/node.h"
#include "support/encoding.h"
#include "support/read_file.h"
#include "support/text.h"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lint {
namespace {

/// Cheap text test before parsing during directory walks: a template names AWS resource types
/// or its format version. Files without either are not parsed at all.
bool may_be_template(std::string_view text)
{
  return text.find("AWSTemplateFormatVersion") != std::string_view::npos || text.find("AWS::") != std::string_view::npos;
}

UnitResult lint_export(UnitResult result, ParsedDocument document, audit::ExportKind kind, std::span<const Rule* const> rules,
                       const DriverOptions& options)
{
  const std::unique_ptr<Model> model = audit::model_of_export(std::move(document), kind);
  if (model == nullptr) {
    return result;
  }
  result.linted = true;
  RuleSelection selection = options.selection;
  if (kind != audit::ExportKind::get_template) {
    for (const std::string_view id : audit::SnapshotBuilder::rules_without_facts()) {
      selection.disable.emplace(id);
    }
  }
  EngineResult engine = run_rules(*model, rules, options.rule_options, selection);
  for (Finding& finding : engine.findings) {
    finding.fix.reset(); // an export is a record of what is deployed, not a file to edit
  }
  result.findings = std::move(engine.findings);
  apply_policies(*model, result.findings, rules, selection, options.policy, options.rule_options.as_of);
  result.internal_errors = std::move(engine.internal_errors);
  return result;
}

} // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view text)
{
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > n) {
      return i;
    }
    std::uint32_t cp = c & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(text[i + k]);
      if ((continuation & 0xC0) != 0x80) {
        return i;
      }
      cp = (cp << 6) | (continuation & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::nullopt;
}

bool has_template_extension(std::string_view path)
{
  for (std::string_view extension : {".yaml", ".yml", ".json", ".template", ".cfn"}) {
    if (path.size() >= extension.size() && path.substr(path.size() - extension.size()) == extension) {
      return true;
    }
  }
  return false;
}

UnitResult lint_model(std::string path, const Model& model, std::span<const Rule* const> rules, const DriverOptions& options)
{
  UnitResult result;
  result.path = std::move(path);
  result.linted = true;
  EngineResult engine = run_rules(model, rules, options.rule_options, options.selection);
  result.findings = std::move(engine.findings);
  apply_policies(model, result.findings, rules, options.selection, options.policy, options.rule_options.as_of);
  result.internal_errors = std::move(engine.internal_errors);
  return result;
}

UnitResult lint_text(std::string path, std::string bytes, std::span<const Rule* const> rules, const DriverOptions& options)
{
  UnitResult result;
  result.path = path;
  // UTF-32/UTF-16 with a byte order mark → UTF-8 (support/encoding.h); then a NUL byte means a
  // binary file. One in the first 8 KiB: not a text file at all (skipped in walks); one further
  // on, in a file that looked like text: said, rather than a misleading parse error.
  if (auto converted = utf8_from_bom_text(bytes)) {
    bytes = std::move(*converted);
  }
  if (const std::size_t nul = first_nul(bytes); nul != std::string::npos) {
    if (options.explicitly_named || (nul >= 8192 && may_be_template(bytes))) {
      result.input_error = nul < 8192 ? std::string("binary file (contains NUL bytes), not a template")
                                      : fmt::format("contains a NUL byte at offset {}: not a text file", nul);
    }
    return result;
  }
  if (terraform::looks_like_plan_json(bytes)) {
    // terraform show -json output. Beside a module's .tf files, the module's directory unit
    // lints it (docs/terraform.md), so a walk does not report it twice.
    const std::filesystem::path directory = std::filesystem::path(path).parent_path();
    if (!options.explicitly_named && terraform::is_module_directory(directory.empty() ? std::filesystem::path(".") : directory)) {
      return result;
    }
    auto plan_file = std::make_shared<const SourceFile>(path, bytes);
    if (std::unique_ptr<Model> plan = terraform::build_plan_model(plan_file)) {
      return lint_model(std::move(path), *plan, rules, options);
    }
  }
  if (!options.explicitly_named && !may_be_template(bytes) && !audit::may_be_export(bytes)) {
    return result;
  }
  auto file = std::make_shared<const SourceFile>(std::move(path), std::move(bytes));
  ParsedDocument document = parse_document(file);
  if (document.root != nullptr && !cfn::is_template(document.root)) {
    // AWS CLI output (get-template, IAM authorization details, Lambda exports: analyzer/audit/).
    if (const audit::ExportKind kind = audit::detect_export(document.root); kind != audit::ExportKind::none) {
      return lint_export(std::move(result), std::move(document), kind, rules, options);
    }
    return result; // valid YAML/JSON, but not a template: not ours to judge
  }
  if (document.root == nullptr && !options.explicitly_named && !has_template_extension(file->path())) {
    return result;
  }
  if (const auto invalid = find_invalid_utf8(file->text())) {
    const auto at = static_cast<std::uint32_t>(*invalid);
    document.problems.insert(document.problems.begin(),
                             {SyntaxProblem::Kind::parse_error, {at, at + 1},
                              fmt::format("invalid UTF-8 byte 0x{:02x}; templates must be UTF-8", static_cast<unsigned char>(file->text()[at])),
                              {}});
  }
  result.linted = true;
  const std::unique_ptr<Model> model = cfn::build_model(document);
  EngineResult engine = run_rules(*model, rules, options.rule_options, options.selection);
  result.findings = std::move(engine.findings);
  apply_policies(*model, result.findings, rules, options.selection, options.policy, options.rule_options.as_of);
  result.internal_errors = std::move(engine.internal_errors);
  return result;
}

UnitResult lint_terraform_module(const std::string& directory, std::span<const Rule* const> rules, const DriverOptions& options,
                                 const std::map<std::string, std::string, std::less<>>* buffers)
{
  UnitResult result;
  result.path = directory;
  try {
    const std::map<std::string, std::string, std::less<>> no_buffers;
    const terraform::BufferOverlay overlay(buffers != nullptr ? *buffers : no_buffers);
    std::unique_ptr<Model> model;
    if (const std::string plan = terraform::plan_beside(directory); !plan.empty()) {
      // A plan or state beside the .tf files wins for values; findings land on the .tf lines.
      ReadResult read = read_regular_file(plan, k_max_plan_bytes); // never blocks on a FIFO; bounded
      if (!read.text) {
        result.input_error = fmt::format("{}: {}", plan, read.error);
        return result;
      }
      model = terraform::build_plan_model(std::make_shared<const SourceFile>(plan, std::move(*read.text)));
    }
    if (model == nullptr) {
      model = terraform::build_model(directory);
    }
    result.linted = true;
    EngineResult engine = run_rules(*model, rules, options.rule_options, options.selection);
    result.findings = std::move(engine.findings);
    apply_policies(*model, result.findings, rules, options.selection, options.policy, options.rule_options.as_of);
    result.internal_errors = std::move(engine.internal_errors);
  } catch (const std::exception& error) {
    result.internal_errors.push_back(fmt::format("{}: internal error in the Terraform frontend: {}", directory, error.what()));
  }
  return result;
}

UnitResult lint_file(const std::string& path, std::span<const Rule* const> rules, const DriverOptions& options)
{
  if (std::error_code ignored; std::filesystem::is_directory(path, ignored)) {
    return lint_terraform_module(path, rules, options);
  }
  // Never blocks on a FIFO or a device, never reads more than the size limit (support/read_file.h).
  // A pipe named on the command line (`check <(generate)`) is read too, with a time limit.
  ReadResult read = options.explicitly_named ? read_named_file(path) : read_regular_file(path);
  if (!read.text) {
    UnitResult result;
    result.path = path;
    result.input_error = std::move(read.error);
    return result;
  }
  return lint_text(path, std::move(*read.text), rules, options);
}

} // namespace lint
