#include "analyzer/frontends.h"

#include "analyzer/audit/snapshot.h"
#include "analyzer/cdk/assembly.h"
#include "analyzer/cfn/frontend.h"
#include "analyzer/serverless/translate.h"
#include "analyzer/driver.h"
#include "analyzer/terraform/frontend.h"
#include "analyzer/terraform/module.h"
#include "analyzer/terraform/plan_frontend.h"
#include "support/read_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>

namespace lint {

FrontendInput::FrontendInput(SourceFilePtr file, bool explicitly_named)
  : m_path(file->path()), m_file(std::move(file)), m_explicitly_named(explicitly_named)
{
}

FrontendInput::FrontendInput(std::string directory, bool explicitly_named, const BufferMap* buffers)
  : m_path(std::move(directory)), m_explicitly_named(explicitly_named), m_buffers(buffers)
{
}

std::string_view FrontendInput::text() const
{
  return m_file != nullptr ? std::string_view(m_file->text()) : std::string_view();
}

ParsedDocument& FrontendInput::document() const
{
  if (m_document == nullptr) {
    m_document = std::make_unique<ParsedDocument>(parse_document(m_file));
  }
  return *m_document;
}

ParsedDocument FrontendInput::take_document() const
{
  ParsedDocument taken = std::move(document());
  m_document.reset();
  return taken;
}

bool is_terraform_file(std::string_view path)
{
  return terraform::is_terraform_file(path);
}

bool may_be_analysed(std::string_view text)
{
  return text.find("AWSTemplateFormatVersion") != std::string_view::npos || text.find("AWS::") != std::string_view::npos ||
         audit::may_be_export(text);
}

namespace {

/// Cheap text test before parsing during directory walks: a template names AWS resource types or
/// its format version, an export one of its keys. Files with none of them are not parsed at all.
bool worth_parsing(const FrontendInput& input)
{
  return input.explicitly_named() || may_be_analysed(input.text());
}

// --- Terraform module: a directory of .tf / .tf.json files (docs/terraform.md) ------------------

Claim detect_terraform_module(const FrontendInput& input)
{
  return input.is_directory() ? Claim::yes : Claim::no;
}

BuiltUnit build_terraform_module(const FrontendInput& input)
{
  static const BufferMap no_buffers;
  const terraform::BufferOverlay overlay(input.buffers() != nullptr ? *input.buffers() : no_buffers);
  BuiltUnit built;
  std::optional<ModelProblem> unreadable_plan;
  if (const std::string plan = terraform::plan_beside(input.path()); !plan.empty()) {
    // A plan or state beside the .tf files wins for values; findings land on the .tf lines.
    // Never blocks on a FIFO, bounded in size (support/read_file.h).
    ReadResult read = read_regular_file(plan, k_max_plan_bytes);
    if (read.text) {
      built.model = terraform::build_plan_model(std::make_shared<const SourceFile>(plan, std::move(*read.text)));
    } else {
      unreadable_plan = ModelProblem{"LL001", {std::make_shared<const SourceFile>(plan, std::string()), {}},
                                     fmt::format("cannot read the plan beside the module: {}", read.error), {}, "unreadable-plan"};
    }
  }
  if (built.model == nullptr) {
    built.model = terraform::build_model(input.path());
  }
  if (unreadable_plan && built.model != nullptr) {
    built.model->problems.push_back(std::move(*unreadable_plan));
  }
  return built;
}

// --- `terraform show -json` plan or state (a file) ---------------------------------------------

Claim detect_terraform_plan(const FrontendInput& input)
{
  if (input.is_directory() || !terraform::looks_like_plan_json(input.text())) {
    return Claim::no;
  }
  // Beside a module's .tf files, the module's directory unit lints it (docs/terraform.md), so a
  // walk does not report it twice.
  const std::filesystem::path directory = std::filesystem::path(input.path()).parent_path();
  if (!input.explicitly_named() && terraform::is_module_directory(directory.empty() ? std::filesystem::path(".") : directory)) {
    return Claim::elsewhere;
  }
  return Claim::yes;
}

BuiltUnit build_terraform_plan(const FrontendInput& input)
{
  return {terraform::build_plan_model(input.file()), {}, true};
}

// --- AWS CLI output: get-template, IAM authorization details, Lambda exports (analyzer/audit/) ---

Claim detect_export(const FrontendInput& input)
{
  if (input.is_directory() || !worth_parsing(input)) {
    return Claim::no;
  }
  const Node* root = input.document().root;
  return root != nullptr && !cfn::is_template(root) && audit::detect_export(root) != audit::ExportKind::none ? Claim::yes : Claim::no;
}

BuiltUnit build_export(const FrontendInput& input)
{
  const audit::ExportKind kind = audit::detect_export(input.document().root);
  BuiltUnit built;
  built.model = audit::model_of_export(input.take_document(), kind);
  if (kind != audit::ExportKind::get_template) {
    const auto without = audit::SnapshotBuilder::rules_without_facts();
    built.rules_without_facts.assign(without.begin(), without.end());
  }
  built.editable = false; // an export is a record of what is deployed, not a file to edit
  return built;
}

// --- AWS CDK cloud assembly stack templates (analyzer/cdk/, docs/cdk.md) ------------------------

Claim detect_cdk_stack(const FrontendInput& input)
{
  return !input.is_directory() && cdk::is_assembly_template(input.path()) ? Claim::yes : Claim::no;
}

// --- Serverless Framework configurations (analyzer/serverless/, docs/serverless.md) -------------

Claim detect_serverless(const FrontendInput& input)
{
  if (input.is_directory()) {
    return Claim::no;
  }
  // The packaged template beside its serverless.yml: reported through the configuration.
  if (!input.explicitly_named() && serverless::is_packaged_beside_config(input.path())) {
    return Claim::elsewhere;
  }
  if (!serverless::may_be_config(input.text())) {
    return Claim::no;
  }
  const Node* root = input.document().root;
  // A serverless.yml that does not parse is still one: its syntax error is reported.
  return serverless::is_config(root) || (root == nullptr && serverless::is_config_name(input.path())) ? Claim::yes : Claim::no;
}

// --- CloudFormation and SAM templates (analyzer/cfn/, analyzer/sam/) ----------------------------

Claim detect_cloudformation(const FrontendInput& input)
{
  if (input.is_directory() || !worth_parsing(input)) {
    return Claim::no;
  }
  const Node* root = input.document().root;
  if (root != nullptr) {
    return cfn::is_template(root) ? Claim::yes : Claim::no; // valid YAML/JSON, but not a template: not ours to judge
  }
  // Unparsable: a template with a syntax error when it is named so or has a template's extension.
  return input.explicitly_named() || has_template_extension(input.path()) ? Claim::yes : Claim::no;
}

BuiltUnit build_cloudformation(const FrontendInput& input)
{
  ParsedDocument& document = input.document();
  const SourceFile& file = *input.file();
  if (const auto invalid = find_invalid_utf8(file.text())) {
    const auto at = static_cast<std::uint32_t>(*invalid);
    document.problems.insert(document.problems.begin(),
                             {SyntaxProblem::Kind::parse_error, {at, at + 1},
                              fmt::format("invalid UTF-8 byte 0x{:02x}; templates must be UTF-8", static_cast<unsigned char>(file.text()[at])),
                              {}});
  }
  return {cfn::build_model(document), {}, true};
}

// The order matters only where two front ends could claim one input: a plan is JSON that is
// neither an export nor a template, and an export is never a template (detect_export requires
// !is_template), so the list reads as "most specific first".
constexpr Frontend k_frontends[] = {
  {"terraform-module", "Terraform", &detect_terraform_module, &build_terraform_module},
  {"terraform-plan", "Terraform plan/state", &detect_terraform_plan, &build_terraform_plan},
  {"aws-cli-export", "AWS CLI export", &detect_export, &build_export},
  {"cdk-assembly", "AWS CDK cloud assembly stack", &detect_cdk_stack, &cdk::build_stack},
  {"serverless", "Serverless Framework configuration", &detect_serverless, &serverless::build},
  {"cloudformation", "CloudFormation/SAM template", &detect_cloudformation, &build_cloudformation},
};

} // namespace

std::span<const Frontend> frontends()
{
  return k_frontends;
}

const Frontend* find_frontend(std::string_view name)
{
  for (const Frontend& frontend : k_frontends) {
    if (frontend.name == name) {
      return &frontend;
    }
  }
  return nullptr;
}

} // namespace lint
