#include "analyzer/terraform/frontend.h"

#include "analyzer/terraform/arguments.h"
#include "analyzer/terraform/facets.h"
#include "analyzer/terraform/evaluator.h"

#include <fmt/format.h>

#include <functional>
#include <unordered_set>

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
    declare_variable_facets(*source);
    build_facets(m_model, m_terraform_types, m_lambda_module_resources);
    resolve_archive_sources();
  }

private:
  /// Model::parameters: the root module's input variables, `sensitive = true` standing for NoEcho.
  void declare_variable_facets(const ModuleSource& source)
  {
    for (const auto& [name, block] : source.variables) {
      Parameter& parameter = m_model.parameters.emplace_back();
      parameter.name = name;
      parameter.location = {block.document->file, block.name_range};
      parameter.no_echo_name = "sensitive";
      if (hcl::Node sensitive = block.attribute("sensitive")) {
        parameter.no_echo = block.document->text(sensitive) == "true";
      }
    }
  }

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
    if (source.builtin || !m_problem_sources.insert(&source).second) {
      return;
    }
    for (const FileProblem& problem : source.problems) {
      ModelProblem out;
      out.rule_id = problem.rule_id;
      out.location = {problem.file, problem.range};
      out.message = problem.message;
      out.fingerprint = "parse:" + fs::path(problem.file->path()).filename().string();
      if (problem.first) {
        out.fingerprint = fmt::format("duplicate:{}", problem.file->text().substr(problem.range.begin, problem.range.end - problem.range.begin));
        out.related.push_back({{problem.file, *problem.first}, "first defined here"});
      }
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
        resource.label = resource_block.name;
        resource.module = instance.prefix;
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
        if (!instance.source->builtin) {
          // The built-in model of terraform-aws-modules/lambda writes only what the module passes.
          check_arguments(resource_block.type, resource, m_reported_arguments, m_model.problems);
        }
        if (instance.source->builtin && instance.call != nullptr) {
          place_at_call(*instance.call, resource);
          m_lambda_module_resources.insert(&resource);
        }
        m_terraform_types.emplace(&resource, resource_block.type);
        m_instances.emplace(&resource, &instance);
      }
    }
    for (const auto& [name, call] : instance.source->module_calls) {
      if (Instance* child = m_evaluator.child(instance, name)) {
        add_instance(*child);
      } else if (const auto unavailable = instance.unavailable_sources.find(name); unavailable != instance.unavailable_sources.end()) {
        report_unavailable(instance, call, unavailable->second);
      }
    }
    // References in outputs and locals that no resource uses still need checking (LL003).
    for (const auto& [name, output] : instance.source->outputs) {
      m_evaluator.evaluate({&instance, output.document, nullptr}, output.attribute("value"));
    }
  }

  /// A resource of a built-in module model (lambda_module.h) is placed at the module call: its
  /// own file is not on disk. Values the caller wrote keep the caller's positions (the argument
  /// lines); values of the model itself (its defaults, its wiring) point at the call's label.
  void place_at_call(const Block& call, Resource& resource)
  {
    const SourceFilePtr builtin = resource.file;
    resource.file = call.document->file;
    resource.id_range = call.name_range;
    resource.type_range = call.name_range;
    resource.range = call.node.range();
    resource.properties_key_range = call.name_range;
    std::unordered_set<const Value*> seen;
    const std::function<void(const Value*, int)> place = [&](const Value* value, int depth) {
      if (value == nullptr || depth > 64 || !seen.insert(value).second) {
        return;
      }
      Value& written = const_cast<Value&>(*value); // values of this unit, not shared with other models
      const bool in_model = written.file == builtin;
      if (in_model) {
        if (written.parameter_file != nullptr && written.parameter_file != builtin) {
          written.file = written.parameter_file; // a module input: the caller's argument
          written.range = written.parameter_range;
        } else {
          written.file = call.document->file;
          written.range = call.name_range;
        }
        written.via_parameter.clear();
        written.parameter_file = nullptr;
        written.parameter_range = {};
      }
      for (const Value* item : written.items) {
        place(item, depth + 1);
      }
      for (ValueEntry& entry : written.entries) {
        place(entry.value, depth + 1);
        if (in_model) {
          // A key of the model: at the argument that gave its value, else at the call's label.
          const bool from_call = entry.value != nullptr && entry.value->file == call.document->file;
          entry.key_range = from_call ? entry.value->range : call.name_range;
        }
      }
    };
    place(resource.properties, 0);
  }

  /// LL013: a module call whose source is not on disk is not analysed; its resources are not in
  /// the model, so the rules cannot see them. Reported once per call, at its source.
  void report_unavailable(const Instance& instance, const Block& call, const std::string& source)
  {
    const bool local = source.starts_with("./") || source.starts_with("../");
    ModelProblem problem;
    problem.rule_id = "LL013";
    hcl::Node written = call.attribute("source");
    problem.location = {call.document->file, written ? written.range() : call.name_range};
    const std::string address = instance.prefix + "module." + call.name;
    problem.message =
      local ? fmt::format("Module '{}' is not analysed: its source '{}' holds no Terraform files, so its resources are not checked", address,
                          source)
            : fmt::format("Module '{}' is not analysed: its source '{}' is not downloaded, so its resources are not checked; run "
                          "`terraform init` (lambdalint follows .terraform/modules/modules.json), or lint the plan "
                          "(`terraform show -json`)",
                          address, source);
    problem.fingerprint = fmt::format("module-not-analyzed:{}", address);
    m_model.problems.push_back(std::move(problem));
  }

  Model& m_model;
  ModuleLoader& m_loader;
  Evaluator m_evaluator;
  Instance m_root;
  std::set<const ModuleSource*> m_problem_sources;
  ReportedArguments m_reported_arguments; // LL004, once per written argument
  std::map<const Resource*, std::string> m_terraform_types;
  std::set<const Resource*> m_lambda_module_resources; // resources of the built-in module model
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
