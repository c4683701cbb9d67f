#include "analyzer/terraform/module.h"

#include "parsers/node.h"
#include "support/read_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
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

/// An editor's buffer for the path, else the file (never blocking on a FIFO, bounded in size: an
/// error says why it could not be read).
std::optional<std::string> read_file(const fs::path& path, std::string& error)
{
  if (t_buffers != nullptr) {
    if (const auto buffer = t_buffers->find(path.string()); buffer != t_buffers->end()) {
      return buffer->second;
    }
  }
  ReadResult read = read_regular_file(path, k_max_hcl_bytes);
  error = std::move(read.error);
  return std::move(read.text);
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

// ---- Terraform JSON syntax (.tf.json) ----------------------------------------------------------
// https://developer.hashicorp.com/terraform/language/syntax/json
// Each body object (a resource's, a variable's, the locals) is rendered as HCL attributes at the
// same offsets: the key's opening quote becomes a line break, the key its identifier, the colon
// `=`, and the value stays as written (JSON values are HCL expressions: strings are templates
// with `${...}` interpolations, objects use `"key": value`, arrays are tuples). Everything else
// is blank. That rendering is parsed by tree-sitter for the body's bytes only, with the .tf.json
// file kept for positions and node texts, so the evaluator reads .tf.json exactly like .tf and
// every position is the JSON file's.

bool is_identifier(std::string_view text)
{
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_')) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; });
}

class JsonModuleReader {
public:
  JsonModuleReader(ModuleSource& module, SourceFilePtr file) : m_module(module), m_file(std::move(file)) {}

  void read()
  {
    const ParsedDocument parsed = parse_json(m_file);
    // A key written twice is Terraform's "Duplicate argument" (LL002; the later value is what the
    // tree keeps); any other problem makes the file unreadable (LL001, the first one).
    bool parse_error = false;
    for (const SyntaxProblem& problem : parsed.problems) {
      if (problem.kind == SyntaxProblem::Kind::duplicate_key) {
        const std::string_view key = m_file->text().substr(problem.range.begin, problem.range.end - problem.range.begin);
        m_module.problems.push_back({m_file, problem.range,
                                     fmt::format("duplicate key {} (Terraform rejects a .tf.json object that sets the same key twice)", key),
                                     "LL002", problem.related});
      } else if (!parse_error) {
        parse_error = true;
        m_module.problems.push_back({m_file, problem.range, problem.message});
      }
    }
    if (parsed.root == nullptr) {
      if (!parse_error) {
        m_module.problems.push_back({m_file, SourceRange{0, 0}, "the file is not JSON"});
      }
      return;
    }
    if (!parsed.root->is_mapping()) {
      m_module.problems.push_back({m_file, parsed.root->range, "a .tf.json file holds a JSON object of blocks"});
      return;
    }
    const std::string_view text = m_file->text();
    m_rendered.assign(text.size(), ' ');
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        m_rendered[i] = '\n';
      }
    }
    for (const MappingEntry& kind : parsed.root->entries) {
      for (const Node* group : objects(kind.value)) {
        if (kind.key == "resource" || kind.key == "data") {
          for (const MappingEntry& type : group->entries) {
            for (const Node* names : objects(type.value)) {
              for (const MappingEntry& name : names->entries) {
                for (const Node* body : objects(name.value)) {
                  Block block = make_block(kind.key, body);
                  block.type = type.key;
                  block.type_range = type.key_range;
                  block.name = name.key;
                  block.name_range = name.key_range;
                  (kind.key == "resource" ? m_module.resources : m_module.data).push_back(std::move(block));
                }
              }
            }
          }
        } else if (kind.key == "variable" || kind.key == "output" || kind.key == "module") {
          for (const MappingEntry& name : group->entries) {
            for (const Node* body : objects(name.value)) {
              Block block = make_block(kind.key, body);
              block.name = name.key;
              block.name_range = block.type_range = name.key_range;
              auto& index = kind.key == "variable" ? m_module.variables : kind.key == "output" ? m_module.outputs : m_module.module_calls;
              index.emplace(block.name, std::move(block));
            }
          }
        } else if (kind.key == "locals") {
          const hcl::Document& document = render(group);
          for (hcl::Node attribute : document.body().children("attribute")) {
            m_module.locals.emplace(std::string(hcl::attribute_name(document, attribute)),
                                    Attribute{&document, attribute, hcl::attribute_value(attribute)});
          }
        }
        // terraform, provider, moved, import, check and "//" comments hold nothing lambdalint reads.
      }
    }
  }

private:
  /// A block body may be one object or an array of objects (repeated blocks).
  static std::vector<const Node*> objects(const Node* value)
  {
    std::vector<const Node*> out;
    if (value != nullptr && value->is_mapping()) {
      out.push_back(value);
    } else if (value != nullptr && value->is_sequence()) {
      for (const Node* item : value->items) {
        if (item->is_mapping()) {
          out.push_back(item);
        }
      }
    }
    return out;
  }

  Block make_block(const std::string& kind, const Node* body)
  {
    const hcl::Document& document = render(body);
    Block block;
    block.document = &document;
    block.node = document.root(); // its "body" child holds the attributes
    block.kind = kind;
    return block;
  }

  /// The body object as HCL attributes (see above), parsed for its bytes only.
  const hcl::Document& render(const Node* body)
  {
    const std::string_view text = m_file->text();
    for (const MappingEntry& entry : body->entries) {
      if (!is_identifier(entry.key) || entry.value == nullptr || entry.key_range.end >= text.size()) {
        continue; // "//" comments, and keys no attribute can have
      }
      const std::size_t colon = text.find(':', entry.key_range.end);
      if (colon == std::string_view::npos || colon >= entry.value->range.begin) {
        continue;
      }
      m_rendered[entry.key_range.begin] = '\n';
      for (std::uint32_t i = entry.key_range.begin + 1; i + 1 < entry.key_range.end; ++i) {
        m_rendered[i] = text[i];
      }
      m_rendered[colon] = '=';
      for (std::uint32_t i = entry.value->range.begin; i < entry.value->range.end && i < text.size(); ++i) {
        m_rendered[i] = text[i];
      }
      unescape_interpolated_quotes(entry.value->range, text);
    }
    auto document = std::make_unique<hcl::Document>(hcl::parse_as(m_file, m_rendered, body->range));
    if (document->error) {
      m_module.problems.push_back({m_file, document->error->range, document->error->message});
    }
    m_module.documents.push_back(std::move(document));
    return *m_module.documents.back();
  }

  /// Inside `${...}` of a JSON string, strings are written with escaped quotes
  /// ("${jsonencode({Version = \"2012-10-17\"})}"), which HCL does not read there. Each \" becomes
  /// a quote and a space, on the side that keeps the string's content and offsets: ` "` opens,
  /// `" ` closes.
  void unescape_interpolated_quotes(SourceRange range, std::string_view text)
  {
    int depth = 0;
    bool inner_string = false;
    for (std::uint32_t i = range.begin; i + 1 < range.end && i + 1 < text.size(); ++i) {
      if (depth == 0) {
        if (text[i] == '\\') {
          ++i; // an escape of the JSON string itself
        } else if (text[i] == '$' && text[i + 1] == '{') {
          depth = 1;
          ++i;
        }
        continue;
      }
      if (text[i] == '\\' && text[i + 1] == '"') {
        if (inner_string) {
          m_rendered[i] = '"';
          m_rendered[i + 1] = ' ';
        } else {
          m_rendered[i] = ' ';
          m_rendered[i + 1] = '"';
        }
        inner_string = !inner_string;
        ++i;
      } else if (!inner_string && text[i] == '{') {
        ++depth;
      } else if (!inner_string && text[i] == '}') {
        --depth;
      }
    }
  }

  ModuleSource& m_module;
  SourceFilePtr m_file;
  std::string m_rendered;
};

void add_tfvars(ModuleSource& module, const fs::path& path)
{
  std::string read_error;
  auto text = read_file(path, read_error);
  if (!text) {
    module.problems.push_back({std::make_shared<const SourceFile>(path.string(), std::string()), {0, 0}, read_error});
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
    // FIFOs, devices and links to them with a Terraform name are kept: reading them reports why
    // they cannot be analysed (without blocking) instead of dropping them silently.
    if (it->is_directory(type_error)) {
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
    std::string read_error;
    auto text = read_file(path, read_error);
    if (!text) {
      auto file = std::make_shared<const SourceFile>(path.string(), std::string());
      module->problems.push_back({file, {0, 0}, read_error});
      continue;
    }
    auto file = std::make_shared<const SourceFile>(path.string(), std::move(*text));
    module->documents.push_back(std::make_unique<hcl::Document>(hcl::parse(std::move(file))));
  }
  for (const auto& document : module->documents) {
    index_document(*module, *document);
  }
  for (const std::string& path : module->json_files) {
    std::string read_error;
    auto text = read_file(path, read_error);
    if (!text) {
      auto file = std::make_shared<const SourceFile>(path, std::string());
      module->problems.push_back({file, {0, 0}, read_error});
      continue;
    }
    JsonModuleReader(*module, std::make_shared<const SourceFile>(path, std::move(*text))).read();
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
