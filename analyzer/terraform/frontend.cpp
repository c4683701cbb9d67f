#include "analyzer/terraform/frontend.h"

#include "analyzer/terraform/facets.h"
#include "analyzer/terraform/evaluator.h"

#include <fmt/format.h>

namespace lint::terraform {

namespace fs = std::filesystem;

std::string_view cloudformation_type(std::string_view terraform_type)
{
  // Only the types rules (or facet linking) look at by name.
  static constexpr std::pair<std::string_view, std::string_view> k_types[] = {
    {"aws_lambda_function", "AWS::Lambda::Function"},
    {"aws_sqs_queue", "AWS::SQS::Queue"},
    {"aws_sns_topic", "AWS::SNS::Topic"},
    {"aws_subnet", "AWS::EC2::Subnet"},
    {"aws_apigatewayv2_api", "AWS::ApiGatewayV2::Api"},
    {"aws_kinesis_stream", "AWS::Kinesis::Stream"},
    {"aws_dynamodb_table", "AWS::DynamoDB::Table"},
    {"aws_iam_role", "AWS::IAM::Role"},
    {"aws_kms_key", "AWS::KMS::Key"},
    {"aws_s3_bucket", "AWS::S3::Bucket"},
    {"aws_cloudwatch_log_group", "AWS::Logs::LogGroup"},
    {"aws_lambda_layer_version", "AWS::Lambda::LayerVersion"},
    {"aws_sfn_state_machine", "AWS::StepFunctions::StateMachine"},
  };
  for (const auto& [from, to] : k_types) {
    if (from == terraform_type) {
      return to;
    }
  }
  return terraform_type;
}

namespace {

class Builder {
public:
  Builder(Model& model, ModuleLoader& loader) : m_model(model), m_loader(loader), m_evaluator(model, loader) {}

  void build(std::unique_ptr<ModuleSource> root_source)
  {
    m_model.format = SourceFormat::terraform;
    const ModuleSource* source = root_source.get();
    m_loader.set_root(std::move(root_source));
    if (!source->documents.empty()) {
      m_model.file = source->documents.front()->file;
    }
    m_root.source = source;
    add_instance(m_root);
    build_facets(m_model, m_terraform_types);
    resolve_archive_sources();
  }

private:
  /// A function deployed from `data "archive_file"` (filename = data.archive_file.x.output_path):
  /// its code is the archive's source_dir or source_file, a literal path relative to the module or
  /// written under ${path.module}
  /// (https://registry.terraform.io/providers/hashicorp/archive/latest/docs/data-sources/file).
  void resolve_archive_sources()
  {
    for (Function& function : m_model.functions) {
      const Value* filename = function.code.written;
      const auto instance = m_instances.find(function.resource);
      if (filename == nullptr || filename->kind != ValueKind::reference || filename->reference.attribute != "output_path" ||
          instance == m_instances.end()) {
        continue;
      }
      const std::string prefix = instance->second->prefix + "data.archive_file.";
      if (!filename->reference.name.starts_with(prefix)) {
        continue;
      }
      const ModuleSource& source = *instance->second->source;
      const Block* block = source.find_data("archive_file", std::string_view(filename->reference.name).substr(prefix.size()));
      for (const std::string_view key : {"source_dir", "source_file"}) {
        const hcl::Node value = block != nullptr ? block->attribute(key) : hcl::Node();
        if (!value) {
          continue;
        }
        std::string text(block->document->text(value));
        if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
          break;
        }
        text = text.substr(1, text.size() - 2);
        for (const std::string_view module_path : {"${path.module}/", "${path.module}"}) {
          if (text.starts_with(module_path)) {
            text = text.substr(module_path.size());
            break;
          }
        }
        if (text.find("${") == std::string::npos && text.find('\\') == std::string::npos) {
          function.code.kind = FunctionCode::Kind::local_path;
          // Absolute: the module directory may be given relative to where lambdalint runs.
          std::error_code error;
          const fs::path directory = fs::absolute(source.directory, error);
          function.code.local_path = ((error ? source.directory : directory) / text).lexically_normal().string();
        }
        break;
      }
    }
  }

  void add_problems(const ModuleSource& source)
  {
    if (!m_problem_sources.insert(&source).second) {
      return;
    }
    for (const FileProblem& problem : source.problems) {
      ModelProblem out;
      out.rule_id = "LL001";
      out.location = {problem.file, problem.range};
      out.message = problem.message;
      out.fingerprint = "parse:" + fs::path(problem.file->path()).filename().string();
      m_model.problems.push_back(std::move(out));
    }
  }

  void add_instance(Instance& instance)
  {
    add_problems(*instance.source);
    for (const Block& resource_block : instance.source->resources) {
      const Expansion& expansion = m_evaluator.expansion(instance, resource_block);
      for (const Expansion::Item& item : expansion.items) {
        Bindings bindings;
        if (expansion.counted) {
          bindings.names.emplace_back("count.index", item.key);
          bindings.names.emplace_back("each.key", item.key);
          bindings.names.emplace_back("each.value", item.value);
        }
        const Context context{&instance, resource_block.document, &bindings};
        Resource& resource = m_model.resources.emplace_back();
        resource.id = instance.prefix + resource_block.type + "." + resource_block.name + item.address_suffix;
        resource.type = std::string(cloudformation_type(resource_block.type));
        resource.file = resource_block.document->file;
        resource.id_range = resource_block.name_range;
        resource.type_range = resource_block.type_range;
        // The whole block, from its labels on: in HCL the block node starts at `resource`; in
        // .tf.json it is only the body object, after the name key that findings point at.
        resource.range = resource_block.node.range();
        if (resource.id_range.begin < resource.range.begin) {
          resource.range.begin = resource.id_range.begin;
        }
        resource.properties = m_evaluator.body(context, resource_block.body(), resource_block.type);
        resource.properties_key_range = resource_block.name_range;
        if (expansion.symbolic) {
          // One instance stands for an unknown number of them (possibly none).
          resource.condition = "count/for_each";
        }
        if (hcl::Node depends_on = resource_block.attribute("depends_on")) {
          for (hcl::Node item_node : depends_on.child("collection_value").child("tuple").children("expression")) {
            std::string text(resource_block.document->text(item_node));
            if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
              text = text.substr(1, text.size() - 2); // .tf.json writes depends_on entries as strings
            }
            resource.depends_on.emplace_back(instance.prefix + text, item_node.range());
          }
        }
        m_terraform_types.emplace(&resource, resource_block.type);
        m_instances.emplace(&resource, &instance);
      }
    }
    for (const auto& [name, call] : instance.source->module_calls) {
      if (Instance* child = m_evaluator.child(instance, name)) {
        add_instance(*child);
      }
    }
    // References in outputs and locals that no resource uses still need checking (LL003).
    for (const auto& [name, output] : instance.source->outputs) {
      m_evaluator.evaluate({&instance, output.document, nullptr}, output.attribute("value"));
    }
  }

  Model& m_model;
  ModuleLoader& m_loader;
  Evaluator m_evaluator;
  Instance m_root;
  std::set<const ModuleSource*> m_problem_sources;
  std::map<const Resource*, std::string> m_terraform_types;
  std::map<const Resource*, Instance*> m_instances;
};

} // namespace

std::unique_ptr<Model> build_model(const fs::path& directory)
{
  auto model = std::make_unique<Model>();
  ModuleLoader loader(directory);
  Builder builder(*model, loader);
  builder.build(load_module(directory, /*root=*/true));
  return model;
}

std::unique_ptr<Model> build_model_from_text(const std::string& path, std::string text)
{
  auto model = std::make_unique<Model>();
  ModuleLoader loader(fs::path(path).parent_path());
  Builder builder(*model, loader);
  builder.build(load_module_text(path, std::move(text)));
  return model;
}

} // namespace lint::terraform
