#include "analyzer/terraform/evaluator.h"
#include "analyzer/terraform/evaluator_detail.h"

#include "analyzer/terraform/lambda_module.h"
#include "support/paths.h"
#include "support/read_file.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace lint::terraform {

using namespace detail;

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Module loading

ModuleLoader::ModuleLoader(fs::path root_directory) : m_root_directory(std::move(root_directory)) {}

void ModuleLoader::set_root(std::unique_ptr<ModuleSource> root)
{
  m_root = root.get();
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(root->directory, error);
  m_loaded.emplace(error ? root->directory.string() : canonical.string(), std::move(root));
}

const ModuleSource* ModuleLoader::resolve(const Instance& parent, std::string_view name, std::string_view source, std::string& reason,
                                          bool& unavailable)
{
  unavailable = false;
  fs::path directory;
  if (source.starts_with("./") || source.starts_with("../") || source == "." || source == "..") {
    directory = (parent.source->directory / std::string(source)).lexically_normal();
  } else {
    // Registry and remote modules: only what `terraform init` downloaded, found through its
    // manifest (https://developer.hashicorp.com/terraform/cli/commands/init#child-module-installation).
    if (!m_manifest_read) {
      m_manifest_read = true;
      // Never blocks (a FIFO named modules.json) and bounded like every read (support/read_file.h).
      const ReadResult read = read_regular_file(m_root_directory / ".terraform" / "modules" / "modules.json", k_max_config_bytes);
      if (read.text) {
        const nlohmann::json manifest = nlohmann::json::parse(*read.text, nullptr, /*allow_exceptions=*/false);
        if (manifest.is_object() && manifest.contains("Modules") && manifest["Modules"].is_array()) {
          for (const nlohmann::json& entry : manifest["Modules"]) {
            if (entry.is_object() && entry.contains("Key") && entry["Key"].is_string() && entry.contains("Dir") && entry["Dir"].is_string()) {
              m_manifest.emplace(entry["Key"].get<std::string>(), entry["Dir"].get<std::string>());
            }
          }
        }
      }
    }
    const std::string key = parent.manifest_key.empty() ? std::string(name) : parent.manifest_key + "." + std::string(name);
    const auto found = m_manifest.find(key);
    if (found == m_manifest.end() && is_lambda_module_source(source)) {
      // Not downloaded, but modelled: lambdalint's own model of the module (lambda_module.h).
      const std::string builtin_key = "builtin:" + std::string(source);
      if (const auto loaded = m_loaded.find(builtin_key); loaded != m_loaded.end()) {
        return loaded->second.get();
      }
      auto module = load_lambda_module(m_root_directory);
      const ModuleSource* out = module.get();
      m_loaded.emplace(builtin_key, std::move(module));
      return out;
    }
    if (found == m_manifest.end()) {
      reason = fmt::format("module '{}' comes from '{}', which is not downloaded (run terraform init to analyse it)", name, source);
      unavailable = true;
      return nullptr;
    }
    // `terraform init` writes Dir relative to the root module, under .terraform/modules. A manifest
    // is committed data from the pull request: an absolute Dir, or one leaving the repository,
    // would make lambdalint read and print files from anywhere on the machine.
    const fs::path written(found->second);
    directory = (m_root_directory / written).lexically_normal();
    std::error_code root_error;
    const fs::path repository = find_repository_root(fs::absolute(m_root_directory, root_error));
    if (written.is_absolute() || !relative_path_under(fs::absolute(directory, root_error), repository)) {
      reason = fmt::format("module '{}': the directory '{}' in .terraform/modules/modules.json is outside the repository", name,
                           found->second);
      return nullptr;
    }
  }
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(directory, error);
  const std::string key = error ? directory.string() : canonical.string();
  if (const auto loaded = m_loaded.find(key); loaded != m_loaded.end()) {
    return loaded->second.get();
  }
  if (!fs::is_directory(directory, error) || !is_module_directory(directory)) {
    reason = fmt::format("module '{}': no Terraform files in '{}'", name, directory.string());
    unavailable = true;
    return nullptr;
  }
  auto module = load_module(directory, /*root=*/false);
  const ModuleSource* out = module.get();
  m_loaded.emplace(key, std::move(module));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Variables, locals, module calls and outputs, count / for_each

const Value* Evaluator::variable(const Context& context, std::string_view name, SourceRange range)
{
  Instance& instance = *context.instance;
  const auto declared = instance.source->variables.find(name);
  if (declared == instance.source->variables.end()) {
    unresolved(context, range, "variable", name);
    return unknown(context, range, fmt::format("variable '{}' is not declared", name));
  }
  const Value* value = nullptr;
  if (const auto cached = instance.variables.find(name); cached != instance.variables.end()) {
    value = cached->second;
  } else if (instance.in_progress.contains("var." + std::string(name))) {
    return unknown(context, range, fmt::format("variable '{}' depends on itself", name));
  } else {
    const std::string key = "var." + std::string(name);
    instance.in_progress.insert(key);
    const Block& block = declared->second;
    if (instance.call != nullptr && instance.parent != nullptr) {
      // A module input: the argument of the module block, evaluated in the calling module.
      if (hcl::Node argument = instance.call->attribute(name)) {
        value = evaluate({instance.parent, instance.call->document, nullptr}, argument);
      }
    } else if (const auto tfvar = instance.source->tfvars.find(name); tfvar != instance.source->tfvars.end()) {
      value = evaluate({&instance, tfvar->second.document, nullptr}, tfvar->second.value);
    }
    if (value == nullptr) {
      if (hcl::Node fallback = block.attribute("default")) {
        value = evaluate({&instance, block.document, nullptr}, fallback);
      } else {
        value = unknown({&instance, block.document, nullptr}, block.name_range,
                        instance.call ? fmt::format("module input '{}' is not set and has no default", name)
                                      : fmt::format("variable '{}' has no default and no value in terraform.tfvars", name));
      }
    }
    instance.in_progress.erase(key);
    instance.variables.emplace(std::string(name), value);
  }
  return with_use_site(context, value, range, "var." + std::string(name), value);
}

const Value* Evaluator::local(const Context& context, std::string_view name, SourceRange range)
{
  Instance& instance = *context.instance;
  const auto declared = instance.source->locals.find(name);
  if (declared == instance.source->locals.end()) {
    unresolved(context, range, "local value", name);
    return unknown(context, range, fmt::format("local '{}' is not declared", name));
  }
  if (const auto cached = instance.locals.find(name); cached != instance.locals.end()) {
    return cached->second;
  }
  const std::string key = "local." + std::string(name);
  if (instance.in_progress.contains(key)) {
    return unknown(context, range, fmt::format("local '{}' depends on itself", name));
  }
  instance.in_progress.insert(key);
  const Context local_context{&instance, declared->second.document, nullptr};
  const Value* value = nullptr;
  if (is_json_attribute(name)) {
    value = json_template(local_context, declared->second.value);
  }
  if (value == nullptr) {
    value = evaluate(local_context, declared->second.value);
  }
  instance.in_progress.erase(key);
  instance.locals.emplace(std::string(name), value);
  return value;
}

Instance* Evaluator::child(Instance& instance, std::string_view name)
{
  if (const auto found = instance.children.find(name); found != instance.children.end()) {
    return found->second.get();
  }
  if (instance.unloadable_children.contains(name)) {
    return nullptr;
  }
  auto give_up = [&](std::string reason) -> Instance* {
    instance.unloadable_children.emplace(name);
    instance.unloadable_reasons.emplace(std::string(name), std::move(reason));
    return nullptr;
  };
  const auto call = instance.source->module_calls.find(name);
  if (call == instance.source->module_calls.end()) {
    return give_up(fmt::format("module '{}' is not declared", name));
  }
  const Block& block = call->second;
  const auto source = as_string(evaluate({&instance, block.document, nullptr}, block.attribute("source")));
  if (!source) {
    return give_up(fmt::format("module '{}' has no literal source", name));
  }
  if (instance.depth >= k_max_module_depth) {
    return give_up(fmt::format("module '{}' is nested too deeply", name));
  }
  if (m_over_budget || m_instances_made >= k_max_module_instances) {
    return give_up(fmt::format("module '{}' is not loaded: the evaluation budget is spent", name));
  }
  std::string reason;
  bool unavailable = false;
  const ModuleSource* module = m_loader.resolve(instance, name, *source, reason, unavailable);
  if (module == nullptr) {
    if (unavailable) {
      instance.unavailable_sources.emplace(std::string(name), std::string(*source));
    }
    return give_up(reason);
  }
  for (const Instance* ancestor = &instance; ancestor != nullptr; ancestor = ancestor->parent) {
    if (ancestor->source == module) {
      return give_up(fmt::format("module '{}' includes itself", name));
    }
  }
  ++m_instances_made; // checked against the budget by the next evaluation
  auto created = std::make_unique<Instance>();
  created->source = module;
  created->prefix = instance.prefix + "module." + std::string(name) + ".";
  created->manifest_key = instance.manifest_key.empty() ? std::string(name) : instance.manifest_key + "." + std::string(name);
  created->parent = &instance;
  created->call = &block;
  created->depth = instance.depth + 1;
  Instance* out = created.get();
  instance.children.emplace(std::string(name), std::move(created));
  return out;
}

const Value* Evaluator::module_output(const Context& context, std::string_view module, std::string_view output, SourceRange range)
{
  Instance& instance = *context.instance;
  if (!instance.source->module_calls.contains(module)) {
    unresolved(context, range, "module", module);
    return unknown(context, range, fmt::format("module '{}' is not declared", module));
  }
  Instance* callee = child(instance, module);
  if (callee == nullptr) {
    const auto reason = instance.unloadable_reasons.find(module);
    return unknown(context, range, reason != instance.unloadable_reasons.end() ? reason->second : "module not loaded");
  }
  const auto declared = callee->source->outputs.find(output);
  if (declared == callee->source->outputs.end()) {
    return unknown(context, range, fmt::format("module '{}' has no output '{}'", module, output));
  }
  const std::string key = "output." + std::string(output);
  if (callee->in_progress.contains(key)) {
    return unknown(context, range, fmt::format("output '{}' depends on itself", output));
  }
  callee->in_progress.insert(key);
  const Value* value = evaluate({callee, declared->second.document, nullptr}, declared->second.attribute("value"));
  callee->in_progress.erase(key);
  return value;
}

const Expansion& Evaluator::expansion(Instance& instance, const Block& block)
{
  if (const auto found = instance.expansions.find(&block); found != instance.expansions.end()) {
    return found->second;
  }
  Expansion& out = instance.expansions[&block];
  const Context context{&instance, block.document, nullptr};
  hcl::Node count = block.attribute("count");
  hcl::Node for_each = block.attribute("for_each");
  if (!count && !for_each) {
    out.items.push_back({});
    return out;
  }
  out.counted = true;
  auto symbolic = [&](SourceRange range, std::string reason) {
    out.items.clear();
    out.symbolic = true;
    Expansion::Item item;
    item.key = unknown(context, range, reason);
    item.value = item.key;
    out.items.push_back(item);
  };
  if (count) {
    const Value* value = evaluate(context, count);
    const auto number = as_integer(value);
    if (!number || *number < 0 || static_cast<std::size_t>(*number) > k_max_instances) {
      symbolic(count.range(), "count is not known");
      return out;
    }
    for (std::int64_t i = 0; i < *number; ++i) {
      Value& key = make(context, ValueKind::number, count.range());
      key.number = static_cast<double>(i);
      key.text = std::to_string(i);
      key.numeric_text = true;
      out.items.push_back({fmt::format("[{}]", i), &key, &key});
    }
    return out;
  }
  const Value* value = evaluate(context, for_each);
  if (value->kind == ValueKind::map && value->entries.size() <= k_max_instances) {
    for (const ValueEntry& entry : value->entries) {
      Value& key = make(context, ValueKind::string, entry.key_range);
      key.text = entry.key;
      out.items.push_back({fmt::format("[\"{}\"]", entry.key), &key, entry.value});
    }
    return out;
  }
  if (value->kind == ValueKind::list && value->items.size() <= k_max_instances) {
    for (const Value* item : value->items) {
      // A set of references (toset([aws_iam_role.a.name, ...])): the instance key is the
      // argument as written in the resource, each.key and each.value stay the reference, so
      // what the instance uses (role = each.key) is linked to that resource.
      const Value* written = written_argument(instance, item);
      const auto text = as_string(written != nullptr ? written : item);
      if (!text || item->kind == ValueKind::boolean || (written != nullptr && !written->is_known_scalar())) {
        symbolic(for_each.range(), "for_each keys are not known");
        return out;
      }
      out.items.push_back({fmt::format("[\"{}\"]", *text), item, item});
    }
    return out;
  }
  symbolic(for_each.range(), "for_each is not known");
  return out;
}

} // namespace lint::terraform
