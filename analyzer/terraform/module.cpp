#include "analyzer/terraform/module.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace lint::terraform {

namespace fs = std::filesystem;

hcl::Node Block::attribute_node(std::string_view attribute_name) const
{
  for (hcl::Node attribute : body().children("attribute")) {
    if (hcl::attribute_name(*document, attribute) == attribute_name) {
      return attribute;
    }
  }
  return {};
}

hcl::Node Block::attribute(std::string_view attribute_name) const
{
  return hcl::attribute_value(attribute_node(attribute_name));
}

const Block* ModuleSource::find_resource(std::string_view type, std::string_view name) const
{
  for (const Block& block : resources) {
    if (block.type == type && block.name == name) {
      return &block;
    }
  }
  return nullptr;
}

const Block* ModuleSource::find_data(std::string_view type, std::string_view name) const
{
  for (const Block& block : data) {
    if (block.type == type && block.name == name) {
      return &block;
    }
  }
  return nullptr;
}

bool is_terraform_file(std::string_view name)
{
  return name.ends_with(".tf") || name.ends_with(".tf.json");
}

bool is_module_directory(const fs::path& directory)
{
  std::error_code error;
  for (fs::directory_iterator it(directory, fs::directory_options::skip_permission_denied, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error) && is_terraform_file(it->path().filename().string())) {
      return true;
    }
  }
  return false;
}

namespace {

// The buffers of the BufferOverlay alive on this thread (the LSP analyses each unit on one worker
// thread; the CLI never sets one).
thread_local const std::map<std::string, std::string, std::less<>>* t_buffers = nullptr;

} // namespace

BufferOverlay::BufferOverlay(const std::map<std::string, std::string, std::less<>>& buffers) : m_previous(t_buffers)
{
  t_buffers = &buffers;
}

BufferOverlay::~BufferOverlay()
{
  t_buffers = m_previous;
}

namespace {

std::optional<std::string> read_file(const fs::path& path)
{
  if (t_buffers != nullptr) {
    if (const auto buffer = t_buffers->find(path.string()); buffer != t_buffers->end()) {
      return buffer->second;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

void index_document(ModuleSource& module, const hcl::Document& document)
{
  if (document.error) {
    module.problems.push_back({document.file, document.error->range, document.error->message});
  }
  for (hcl::Node node : document.body().children("block")) {
    const std::string kind(hcl::block_type(document, node));
    const auto labels = hcl::block_labels(document, node);
    Block block;
    block.document = &document;
    block.node = node;
    block.kind = kind;
    if ((kind == "resource" || kind == "data") && labels.size() >= 2) {
      block.type = labels[0].first;
      block.type_range = labels[0].second;
      block.name = labels[1].first;
      block.name_range = labels[1].second;
      (kind == "resource" ? module.resources : module.data).push_back(std::move(block));
    } else if ((kind == "variable" || kind == "output" || kind == "module") && labels.size() >= 1) {
      block.name = labels[0].first;
      block.name_range = block.type_range = labels[0].second;
      auto& index = kind == "variable" ? module.variables : kind == "output" ? module.outputs : module.module_calls;
      index.emplace(block.name, std::move(block));
    } else if (kind == "locals") {
      for (hcl::Node attribute : node.child("body").children("attribute")) {
        module.locals.emplace(std::string(hcl::attribute_name(document, attribute)),
                              Attribute{&document, attribute, hcl::attribute_value(attribute)});
      }
    }
  }
}

void add_tfvars(ModuleSource& module, const fs::path& path)
{
  auto text = read_file(path);
  if (!text) {
    return;
  }
  auto file = std::make_shared<const SourceFile>(path.string(), std::move(*text));
  auto document = std::make_unique<hcl::Document>(hcl::parse(file));
  if (document->error) {
    module.problems.push_back({document->file, document->error->range, document->error->message});
  }
  for (hcl::Node attribute : document->body().children("attribute")) {
    module.tfvars.insert_or_assign(std::string(hcl::attribute_name(*document, attribute)),
                                   Attribute{document.get(), attribute, hcl::attribute_value(attribute)});
  }
  module.tfvars_documents.push_back(std::move(document));
}

} // namespace

std::unique_ptr<ModuleSource> load_module(const fs::path& directory, bool root)
{
  auto module = std::make_unique<ModuleSource>();
  module->directory = directory;
  std::vector<fs::path> tf_files;
  std::vector<fs::path> auto_tfvars;
  std::error_code error;
  for (fs::directory_iterator it(directory, fs::directory_options::skip_permission_denied, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code type_error;
    if (!it->is_regular_file(type_error)) {
      continue;
    }
    const std::string name = it->path().filename().string();
    if (name.ends_with(".tf")) {
      tf_files.push_back(it->path());
    } else if (name.ends_with(".tf.json")) {
      module->json_files.push_back(it->path().string());
    } else if (name.ends_with(".auto.tfvars")) {
      auto_tfvars.push_back(it->path());
    }
  }
  std::sort(tf_files.begin(), tf_files.end());
  std::sort(auto_tfvars.begin(), auto_tfvars.end());
  std::sort(module->json_files.begin(), module->json_files.end());
  for (const fs::path& path : tf_files) {
    auto text = read_file(path);
    if (!text) {
      auto file = std::make_shared<const SourceFile>(path.string(), std::string());
      module->problems.push_back({file, {0, 0}, "cannot read the file"});
      continue;
    }
    auto file = std::make_shared<const SourceFile>(path.string(), std::move(*text));
    module->documents.push_back(std::make_unique<hcl::Document>(hcl::parse(std::move(file))));
  }
  for (const auto& document : module->documents) {
    index_document(*module, *document);
  }
  if (root) {
    // https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
    // terraform.tfvars first, then *.auto.tfvars in lexical order: later ones override.
    if (fs::is_regular_file(directory / "terraform.tfvars", error)) {
      add_tfvars(*module, directory / "terraform.tfvars");
    }
    for (const fs::path& path : auto_tfvars) {
      add_tfvars(*module, path);
    }
  }
  return module;
}

std::unique_ptr<ModuleSource> load_module_text(const std::string& path, std::string text)
{
  auto module = std::make_unique<ModuleSource>();
  module->directory = fs::path(path).parent_path();
  auto file = std::make_shared<const SourceFile>(path, std::move(text));
  module->documents.push_back(std::make_unique<hcl::Document>(hcl::parse(std::move(file))));
  index_document(*module, *module->documents.back());
  return module;
}

} // namespace lint::terraform
