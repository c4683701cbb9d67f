#include "analyzer/terraform/evaluator.h"

#include "parsers/node.h"
#include "support/paths.h"
#include "support/read_file.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>

namespace lint::terraform {

namespace fs = std::filesystem;

namespace {

constexpr int k_max_depth = 96;          // nesting of expressions / references
constexpr int k_max_module_depth = 16;   // nesting of module calls
constexpr std::size_t k_max_instances = 256; // count / for_each expanded beyond this stays symbolic
// The evaluation budget of one unit: values made and the bytes of their strings and collections.
// Real modules stay far below (a few hundred resources make tens of thousands of values); locals
// that each double a string, or module calls fanning out 3 ways at every level, would need
// gigabytes. Past the budget every expression is unknown and one LL001 names the expression that
// crossed it.
constexpr std::uint64_t k_max_values = 500'000;
constexpr std::uint64_t k_max_value_bytes = std::uint64_t{64} << 20;
constexpr std::uint64_t k_max_module_instances = 5'000;

bool parse_number(std::string_view text, double& out)
{
  if (text.empty() || text.size() > 40) {
    return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

/// Meta-arguments are Terraform's, not the resource type's.
bool is_meta_argument(std::string_view name)
{
  return name == "count" || name == "for_each" || name == "depends_on" || name == "provider" || name == "lifecycle" ||
         name == "provisioner" || name == "connection";
}

/// Attributes that hold JSON documents, which are decoded with exact positions when written as
/// a heredoc (policies, trust policies, state machine definitions).
bool is_json_attribute(std::string_view name)
{
  return name == "policy" || name == "assume_role_policy" || name == "definition" || name == "redrive_policy" ||
         name == "redrive_allow_policy" || name == "access_policy";
}

std::string number_text(double number)
{
  if (std::floor(number) == number && std::fabs(number) < 9e15) {
    return fmt::format("{}", static_cast<std::int64_t>(number));
  }
  return fmt::format("{}", number);
}

std::string unescape_quoted(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      switch (next) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default:
        out += '\\';
        out += next;
        break;
      }
    } else if ((c == '$' || c == '%') && i + 2 < text.size() && text[i + 1] == c && text[i + 2] == '{') {
      out += c; // $${ is a literal ${, %%{ a literal %{
      out += '{';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_heredoc(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '$' || c == '%') && i + 2 < text.size() && text[i + 1] == c && text[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

/// Named children without comments.
std::vector<hcl::Node> operands(hcl::Node node)
{
  std::vector<hcl::Node> out;
  for (hcl::Node child : node.children()) {
    if (!child.is("comment")) {
      out.push_back(child);
    }
  }
  return out;
}

} // namespace

const Value* Bindings::find(std::string_view name) const
{
  for (const Bindings* scope = this; scope != nullptr; scope = scope->parent) {
    for (const auto& [bound, value] : scope->names) {
      if (bound == name) {
        return value;
      }
    }
  }
  return nullptr;
}

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

const ModuleSource* ModuleLoader::resolve(const Instance& parent, std::string_view name, std::string_view source, std::string& reason)
{
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
    if (found == m_manifest.end()) {
      reason = fmt::format("module '{}' comes from '{}', which is not downloaded (run terraform init to analyse it)", name, source);
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
    return nullptr;
  }
  auto module = load_module(directory, /*root=*/false);
  const ModuleSource* out = module.get();
  m_loaded.emplace(key, std::move(module));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

Value& Evaluator::make(const Context& context, ValueKind kind, SourceRange range)
{
  ++m_values_made;
  Value& value = m_model.values.make(kind, range);
  if (context.document != nullptr) {
    value.file = context.document->file;
  }
  return value;
}

bool Evaluator::within_budget(const Context& context, const Value* value, SourceRange range)
{
  if (m_over_budget) {
    return false;
  }
  if (value != nullptr) {
    m_bytes_made += value->text.size() + sizeof(void*) * value->items.size() + sizeof(ValueEntry) * value->entries.size();
    for (const TemplatePart& part : value->parts) { // templates of unknown parts double too
      m_bytes_made += sizeof(TemplatePart) + part.literal.size();
    }
  }
  if (m_values_made <= k_max_values && m_bytes_made <= k_max_value_bytes && m_instances_made < k_max_module_instances) {
    return true;
  }
  m_over_budget = true;
  if (context.document != nullptr) {
    ModelProblem problem;
    problem.rule_id = "LL001";
    problem.location = {context.document->file, range};
    problem.message = fmt::format("Evaluating this expression exceeds lambdalint's evaluation budget ({} values, {} MiB of values or "
                                  "{} module instances for one unit); the unit's remaining expressions are not evaluated",
                                  k_max_values, k_max_value_bytes >> 20, k_max_module_instances);
    problem.fingerprint = "evaluation-budget";
    m_model.problems.push_back(std::move(problem));
  }
  return false;
}

const Value* Evaluator::unknown(const Context& context, SourceRange range, std::string reason)
{
  Value& value = make(context, ValueKind::unknown, range);
  value.text = std::move(reason);
  return &value;
}

void Evaluator::unresolved(const Context& context, SourceRange range, std::string_view what, std::string_view name)
{
  if (context.document == nullptr || !m_reported.emplace(context.document->file.get(), range.begin).second) {
    return;
  }
  ModelProblem problem;
  problem.rule_id = "LL003";
  problem.location = {context.document->file, range};
  problem.message = fmt::format("Reference to undeclared {} '{}'", what, name);
  problem.fingerprint = fmt::format("unresolved:{}{}:{}", context.instance ? context.instance->prefix : "", what, name);
  m_model.problems.push_back(std::move(problem));
}

const Value* Evaluator::evaluate(const Context& context, hcl::Node node)
{
  if (node.is_null()) {
    return unknown(context, {}, "missing expression");
  }
  if (m_over_budget) {
    return unknown(context, node.range(), "evaluation budget exceeded");
  }
  if (m_depth > k_max_depth) {
    return unknown(context, node.range(), "expression nested too deeply");
  }
  ++m_depth;
  const std::uint64_t values_before = m_values_made;
  const Value* out = nullptr;
  if (node.is("expression")) {
    const std::vector<hcl::Node> nodes = operands(node);
    if (nodes.empty()) {
      out = unknown(context, node.range(), "empty expression");
    } else if (nodes.size() == 1 && nodes[0].is("expression")) {
      out = evaluate(context, nodes[0]); // parentheses
    } else {
      out = sequence(context, nodes, node.range());
    }
  } else {
    out = sequence(context, {node}, node.range());
  }
  --m_depth;
  // Bytes count once, for a value this expression made (not a cached local read again, and not
  // again by each enclosing expression that passes the same value up).
  const bool made_here = m_values_made != values_before && out != m_last_counted;
  m_last_counted = made_here ? out : m_last_counted;
  if (!within_budget(context, made_here ? out : nullptr, node.range())) {
    return unknown(context, node.range(), "evaluation budget exceeded");
  }
  return out;
}

const Value* Evaluator::sequence(const Context& context, const std::vector<hcl::Node>& nodes, SourceRange range)
{
  if (nodes.empty()) {
    return unknown(context, range, "empty expression");
  }
  // Operations (a + b + ..., -(-(...))) recurse operation -> sequence -> primary -> operation
  // without passing through evaluate(): the same depth limit applies here, so 10,000 chained
  // operators end as an unknown value instead of overflowing the stack.
  if (m_depth > k_max_depth) {
    return unknown(context, range, "expression nested too deeply");
  }
  ++m_depth;
  struct Leave {
    int& depth;
    ~Leave() { --depth; }
  } leave{m_depth};
  std::size_t consumed = 1;
  const Value* value = nodes[0].is("variable_expr") ? traversal(context, nodes, consumed, range) : primary(context, nodes[0]);
  for (std::size_t i = consumed; i < nodes.size(); ++i) {
    value = apply_postfix(context, value, nodes[i], range);
  }
  return value;
}

const Value* Evaluator::apply_postfix(const Context& context, const Value* value, hcl::Node postfix, SourceRange range)
{
  if (value == nullptr) {
    return unknown(context, range, "missing value");
  }
  const hcl::Document& document = *context.document;
  if (postfix.is("get_attr")) {
    const std::string name(document.text(postfix.child("identifier")));
    if (value->kind == ValueKind::map) {
      if (const Value* found = value->get(name)) {
        return found;
      }
      return unknown(context, range, fmt::format("no attribute '{}'", name));
    }
    if (value->kind == ValueKind::reference) {
      Value& out = make(context, ValueKind::reference, range);
      out.reference = value->reference;
      out.reference.attribute += (out.reference.attribute.empty() ? "" : ".") + name;
      return &out;
    }
    return value->kind == ValueKind::unknown ? value : unknown(context, range, fmt::format("attribute '{}' of a value that has none", name));
  }
  if (postfix.is("index")) {
    hcl::Node key_node = postfix.child("new_index").child("expression");
    const Value* key = nullptr;
    if (key_node) {
      key = evaluate(context, key_node);
    } else if (hcl::Node legacy = postfix.child("legacy_index")) {
      Value& number = make(context, ValueKind::number, legacy.range());
      const std::string_view text = document.text(legacy);
      number.text = std::string(text.size() > 1 ? text.substr(1) : text);
      number.numeric_text = parse_number(number.text, number.number);
      key = &number;
    }
    if (value->kind == ValueKind::list) {
      if (const auto index = as_integer(key); index && *index >= 0 && static_cast<std::size_t>(*index) < value->items.size()) {
        return value->items[static_cast<std::size_t>(*index)];
      }
      return unknown(context, range, "index not known");
    }
    if (value->kind == ValueKind::map) {
      if (const auto name = as_string(key)) {
        if (const Value* found = value->get(*name)) {
          return found;
        }
      }
      return unknown(context, range, "key not known");
    }
    if (value->kind == ValueKind::reference) {
      Value& out = make(context, ValueKind::reference, range);
      out.reference = value->reference;
      const auto text = as_string(key);
      out.reference.attribute += text ? fmt::format("[{}]", *text) : std::string("[*]");
      return &out;
    }
    return value->kind == ValueKind::unknown ? value : unknown(context, range, "index of a value that has none");
  }
  return unknown(context, range, fmt::format("{} is not evaluated", postfix.type()));
}

const Value* Evaluator::primary(const Context& context, hcl::Node node)
{
  const hcl::Document& document = *context.document;
  const std::string_view type = node.type();
  if (type == "expression") {
    return evaluate(context, node);
  }
  if (type == "literal_value") {
    hcl::Node literal = node.children().empty() ? hcl::Node() : node.children().front();
    if (literal.is("string_lit")) {
      return template_value(context, literal, true);
    }
    if (literal.is("numeric_lit")) {
      Value& value = make(context, ValueKind::number, literal.range());
      value.text = std::string(document.text(literal));
      value.numeric_text = parse_number(value.text, value.number);
      if (!value.numeric_text) {
        value.kind = ValueKind::string; // 1e3 and the like: keep the text
      }
      return &value;
    }
    if (literal.is("bool_lit")) {
      Value& value = make(context, ValueKind::boolean, literal.range());
      value.boolean = document.text(literal) == "true";
      value.text = value.boolean ? "true" : "false";
      return &value;
    }
    if (literal.is("null_lit")) {
      // A null argument is an unset argument (the provider's default applies).
      return &make(context, ValueKind::absent, literal.range());
    }
    return unknown(context, node.range(), "literal not understood");
  }
  if (type == "template_expr") {
    hcl::Node inner = node.children().empty() ? hcl::Node() : node.children().front();
    return template_value(context, inner, inner.is("quoted_template"));
  }
  if (type == "collection_value") {
    hcl::Node inner = node.children().empty() ? hcl::Node() : node.children().front();
    if (inner.is("tuple")) {
      Value& list = make(context, ValueKind::list, inner.range());
      for (hcl::Node item : inner.children("expression")) {
        list.items.push_back(evaluate(context, item));
      }
      return &list;
    }
    if (inner.is("object")) {
      Value& map = make(context, ValueKind::map, inner.range());
      for (hcl::Node element : inner.children("object_elem")) {
        hcl::Node key = element.field("key");
        const std::string name = key_text(context, key);
        if (name.empty() && !key.is_null() && document.text(key) != "\"\"") {
          return unknown(context, inner.range(), "object key not known");
        }
        const Value* value = evaluate(context, element.field("val"));
        bool replaced = false;
        for (ValueEntry& entry : map.entries) {
          if (entry.key == name) {
            entry = {name, key.range(), value};
            replaced = true;
          }
        }
        if (!replaced) {
          map.entries.push_back({name, key.range(), value});
        }
      }
      return &map;
    }
    return unknown(context, node.range(), "collection not understood");
  }
  if (type == "function_call") {
    return function_call(context, node);
  }
  if (type == "conditional") {
    const std::vector<hcl::Node> parts = node.children("expression");
    if (parts.size() != 3) {
      return unknown(context, node.range(), "incomplete conditional");
    }
    const Value* condition = evaluate(context, parts[0]);
    if (const auto known = as_bool(condition); known && condition->kind == ValueKind::boolean) {
      return evaluate(context, *known ? parts[1] : parts[2]);
    }
    // Both branches are possible deployments.
    Value& choice = make(context, ValueKind::choice, node.range());
    choice.condition = std::string(document.text(parts[0]));
    choice.items = {evaluate(context, parts[1]), evaluate(context, parts[2])};
    return &choice;
  }
  if (type == "operation") {
    hcl::Node inner = node.children().empty() ? hcl::Node() : node.children().front();
    return operation(context, inner);
  }
  if (type == "for_expr") {
    return for_expression(context, node);
  }
  if (type == "variable_expr") {
    std::size_t consumed = 1;
    return traversal(context, {node}, consumed, node.range());
  }
  return unknown(context, node.range(), fmt::format("{} is not evaluated", type));
}

std::string Evaluator::key_text(const Context& context, hcl::Node key)
{
  const hcl::Document& document = *context.document;
  const std::vector<hcl::Node> nodes = operands(key);
  if (nodes.size() == 1 && nodes[0].is("variable_expr")) {
    return std::string(document.text(nodes[0]));  // a bare name is the key itself
  }
  const Value* value = evaluate(context, key);
  if (const auto text = as_string(value); text && value->kind != ValueKind::boolean) {
    return std::string(*text);
  }
  return {};
}

const Value* Evaluator::template_value(const Context& context, hcl::Node node, bool quoted)
{
  const hcl::Document& document = *context.document;
  const SourceRange range = node.range();
  struct Piece {
    std::string literal;
    const Value* value = nullptr; // an interpolation
  };
  std::vector<Piece> pieces;
  bool strip_indent = false;
  for (hcl::Node child : node.children()) {
    if (child.is("heredoc_start")) {
      strip_indent = document.text(child).starts_with("<<-");
    } else if (child.is("template_literal")) {
      const std::string_view text = document.text(child);
      pieces.push_back({quoted ? unescape_quoted(text) : unescape_heredoc(text), nullptr});
    } else if (child.is("template_interpolation")) {
      pieces.push_back({{}, evaluate(context, child.child("expression"))});
    } else if (child.is("template_directive")) {
      return unknown(context, range, "template directives (%{if}/%{for}) are not evaluated");
    }
  }
  if (strip_indent) {
    // <<- removes the common leading whitespace of the lines.
    std::size_t common = std::string::npos;
    bool line_start = true;
    std::size_t indent = 0;
    for (const Piece& piece : pieces) {
      if (piece.value) {
        if (line_start) {
          common = std::min(common, indent);
          line_start = false;
        }
        continue;
      }
      for (const char c : piece.literal) {
        if (line_start && (c == ' ' || c == '\t')) {
          ++indent;
        } else if (c == '\n') {
          line_start = true;
          indent = 0;
        } else if (line_start) {
          common = std::min(common, indent);
          line_start = false;
        }
      }
    }
    if (common != std::string::npos && common > 0) {
      line_start = true;
      for (Piece& piece : pieces) {
        if (piece.value) {
          line_start = false;
          continue;
        }
        std::string out;
        std::size_t skipped = 0;
        for (const char c : piece.literal) {
          if (line_start && (c == ' ' || c == '\t') && skipped < common) {
            ++skipped;
            continue;
          }
          line_start = c == '\n';
          if (line_start) {
            skipped = 0;
          }
          out += c;
        }
        piece.literal = std::move(out);
      }
    }
  }
  // "${x}" alone is x itself, whatever its type.
  if (pieces.size() == 1 && pieces[0].value != nullptr) {
    return pieces[0].value;
  }
  Value& out = make(context, ValueKind::text_template, range);
  for (const Piece& piece : pieces) {
    if (piece.value == nullptr) {
      if (!out.parts.empty() && !out.parts.back().is_reference) {
        out.parts.back().literal += piece.literal;
      } else {
        out.parts.push_back({piece.literal, false, {}});
      }
      continue;
    }
    const Value* value = piece.value;
    if (value->kind == ValueKind::absent || value->kind == ValueKind::null) {
      continue;
    }
    if (value->kind == ValueKind::string || value->kind == ValueKind::number || value->kind == ValueKind::boolean) {
      const std::string text(*as_string(value));
      if (!out.parts.empty() && !out.parts.back().is_reference) {
        out.parts.back().literal += text;
      } else {
        out.parts.push_back({text, false, {}});
      }
    } else if (value->kind == ValueKind::reference) {
      out.parts.push_back({{}, true, value->reference});
    } else if (value->kind == ValueKind::text_template) {
      for (const TemplatePart& part : value->parts) {
        if (!part.is_reference && !out.parts.empty() && !out.parts.back().is_reference) {
          out.parts.back().literal += part.literal;
        } else {
          out.parts.push_back(part);
        }
      }
    } else {
      // Unknown, a list or a choice inside a string: that piece cannot be spelled.
      Reference reference;
      reference.target = Reference::Target::unresolved;
      reference.name = value->kind == ValueKind::unknown ? value->text : "interpolated value not known";
      out.parts.push_back({{}, true, std::move(reference)});
    }
  }
  bool has_reference = false;
  for (const TemplatePart& part : out.parts) {
    has_reference = has_reference || part.is_reference;
  }
  if (!has_reference) {
    out.kind = ValueKind::string;
    out.text = out.parts.empty() ? std::string() : out.parts.front().literal;
    out.parts.clear();
    out.numeric_text = parse_number(out.text, out.number);
  }
  return &out;
}

// ---------------------------------------------------------------------------------------------
// References

const Value* Evaluator::with_use_site(const Context& context, const Value* value, SourceRange range, std::string via, const Value* written)
{
  if (value == nullptr || value->kind == ValueKind::unknown) {
    return value ? value : unknown(context, range, "no value");
  }
  if (value->kind == ValueKind::map || value->kind == ValueKind::list || value->kind == ValueKind::choice) {
    // A collection keeps its own ranges (its keys and items are written where it is defined).
    return value;
  }
  Value& out = make(context, value->kind, range);
  const SourceFilePtr file = out.file;
  out = *value;
  out.range = range;
  out.file = file;
  out.via_parameter = std::move(via);
  out.parameter_range = written ? written->range : SourceRange{};
  out.parameter_file = written ? written->file : nullptr;
  return &out;
}

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
  const ModuleSource* module = m_loader.resolve(instance, name, *source, reason);
  if (module == nullptr) {
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
      const auto text = as_string(item);
      if (!text || item->kind == ValueKind::boolean) {
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

const Value* Evaluator::resource_reference(const Context& context, std::string_view type, std::string_view name,
                                           const std::vector<hcl::Node>& nodes, std::size_t& consumed, SourceRange range, bool data)
{
  Instance& instance = *context.instance;
  const hcl::Document& document = *context.document;
  const Block* block = data ? instance.source->find_data(type, name) : instance.source->find_resource(type, name);
  if (block == nullptr) {
    unresolved(context, range, data ? "data source" : "resource", fmt::format("{}{}.{}", data ? "data." : "", type, name));
    return unknown(context, range, fmt::format("{}.{} is not declared", type, name));
  }
  std::string suffix;
  const Expansion& expanded = expansion(instance, *block);
  if (consumed < nodes.size() && nodes[consumed].is("index")) {
    hcl::Node key_node = nodes[consumed].child("new_index").child("expression");
    ++consumed;
    if (expanded.counted && !expanded.symbolic) {
      const Value* key = key_node ? evaluate(context, key_node) : nullptr;
      const auto text = as_string(key);
      bool matched = false;
      for (const Expansion::Item& item : expanded.items) {
        if (text && (item.address_suffix == fmt::format("[{}]", *text) || item.address_suffix == fmt::format("[\"{}\"]", *text))) {
          suffix = item.address_suffix;
          matched = true;
        }
      }
      if (!matched) {
        return unknown(context, range, fmt::format("instance of {}.{} not known", type, name));
      }
    }
  } else if (expanded.counted && !expanded.symbolic && expanded.items.size() == 1) {
    suffix = expanded.items.front().address_suffix;
  }
  // An aws_iam_policy_document is evaluated: its json is the document itself.
  if (data && type == "aws_iam_policy_document") {
    if (consumed < nodes.size() && nodes[consumed].is("get_attr")) {
      const std::string_view attribute = document.text(nodes[consumed].child("identifier"));
      if (attribute == "json" || attribute == "minified_json") {
        ++consumed;
        return policy_document(instance, *block);
      }
    }
  }
  Value& value = make(context, ValueKind::reference, range);
  value.reference.target = Reference::Target::resource;
  value.reference.name = instance.prefix + (data ? "data." : "") + std::string(type) + "." + std::string(name) + suffix;
  while (consumed < nodes.size() && nodes[consumed].is("get_attr")) {
    const std::string_view attribute = document.text(nodes[consumed].child("identifier"));
    value.reference.attribute += (value.reference.attribute.empty() ? "" : ".") + std::string(attribute);
    ++consumed;
  }
  return &value;
}

const Value* Evaluator::traversal(const Context& context, const std::vector<hcl::Node>& nodes, std::size_t& consumed, SourceRange range)
{
  const hcl::Document& document = *context.document;
  const std::string root(document.text(nodes[0]));
  auto attribute = [&](std::size_t index) -> std::optional<std::string> {
    if (index < nodes.size() && nodes[index].is("get_attr")) {
      return std::string(document.text(nodes[index].child("identifier")));
    }
    return std::nullopt;
  };
  // The range of the traversal itself (root and the attributes it consumes).
  auto span = [&](std::size_t count) {
    return SourceRange{nodes[0].range().begin, nodes[std::min(count, nodes.size()) - 1].range().end};
  };
  consumed = 1;
  if (context.bindings != nullptr) {
    if (const Value* bound = context.bindings->find(root)) {
      return bound;
    }
    if (const auto first = attribute(1)) {
      if (const Value* bound = context.bindings->find(root + "." + *first)) {
        consumed = 2;
        return bound;
      }
    }
  }
  if (root == "var" || root == "local") {
    const auto name = attribute(1);
    if (!name) {
      return unknown(context, range, fmt::format("{} used without a name", root));
    }
    consumed = 2;
    return root == "var" ? variable(context, *name, span(2)) : local(context, *name, span(2));
  }
  if (root == "module") {
    const auto name = attribute(1);
    const auto output = attribute(2);
    if (!name) {
      return unknown(context, range, "module used without a name");
    }
    if (!output) {
      consumed = 2;
      if (!context.instance->source->module_calls.contains(*name)) {
        unresolved(context, span(2), "module", *name);
      }
      return unknown(context, span(2), fmt::format("the whole of module '{}'", *name));
    }
    consumed = 3;
    return module_output(context, *name, *output, span(3));
  }
  if (root == "data") {
    const auto type = attribute(1);
    const auto name = attribute(2);
    if (!type || !name) {
      return unknown(context, range, "data used without a type and name");
    }
    consumed = 3;
    return resource_reference(context, *type, *name, nodes, consumed, range, true);
  }
  if (root == "each" || root == "count" || root == "self" || root == "path" || root == "terraform") {
    consumed = attribute(1) ? 2 : 1;
    return unknown(context, span(consumed), fmt::format("{} is not known here", document.text(nodes[0])));
  }
  if (const auto name = attribute(1); name && (root.find('_') != std::string::npos || context.instance->source->find_resource(root, *name))) {
    consumed = 2;
    return resource_reference(context, root, *name, nodes, consumed, range, false);
  }
  return unknown(context, range, fmt::format("'{}' is not known", root));
}

// ---------------------------------------------------------------------------------------------
// Operations, for expressions, functions

const Value* Evaluator::operation(const Context& context, hcl::Node node)
{
  const hcl::Document& document = *context.document;
  const TSNode raw = node.raw();
  const std::uint32_t count = ts_node_child_count(raw);
  std::vector<hcl::Node> left;
  std::vector<hcl::Node> right;
  std::string op;
  for (std::uint32_t i = 0; i < count; ++i) {
    const hcl::Node child(ts_node_child(raw, i));
    if (!ts_node_is_named(child.raw())) {
      if (op.empty()) {
        op = std::string(document.text(child));
      }
      continue;
    }
    if (child.is("comment")) {
      continue;
    }
    (op.empty() ? left : right).push_back(child);
  }
  const SourceRange range = node.range();
  if (node.is("unary_operation")) {
    const Value* operand = sequence(context, right, range);
    if (op == "-" && as_number(operand) && operand->kind == ValueKind::number) {
      Value& out = make(context, ValueKind::number, range);
      out.number = -*as_number(operand);
      out.text = number_text(out.number);
      out.numeric_text = true;
      return &out;
    }
    if (op == "!" && operand->kind == ValueKind::boolean) {
      Value& out = make(context, ValueKind::boolean, range);
      out.boolean = !operand->boolean;
      out.text = out.boolean ? "true" : "false";
      return &out;
    }
    return unknown(context, range, "operand not known");
  }
  const Value* a = sequence(context, left, range);
  const Value* b = sequence(context, right, range);
  // Arithmetic on a resource's written argument (aws_lambda_function.x.timeout * 6).
  auto resolve = [&](const Value* value) -> const Value* {
    if (value->kind != ValueKind::reference || value->reference.target != Reference::Target::resource ||
        value->reference.attribute.find_first_of(".[") != std::string::npos) {
      return value;
    }
    Instance& instance = *context.instance;
    std::string_view address = value->reference.name;
    if (!address.starts_with(instance.prefix)) {
      return value;
    }
    address.remove_prefix(instance.prefix.size());
    for (const Block& block : instance.source->resources) {
      if (address == block.type + "." + block.name && !expansion(instance, block).counted) {
        if (hcl::Node written = block.attribute(value->reference.attribute)) {
          return evaluate({&instance, block.document, nullptr}, written);
        }
      }
    }
    return value;
  };
  a = resolve(a);
  b = resolve(b);
  const auto x = as_number(a);
  const auto y = as_number(b);
  if (x && y && (op == "+" || op == "-" || op == "*" || op == "/" || op == "%")) {
    double result = 0;
    if (op == "+") {
      result = *x + *y;
    } else if (op == "-") {
      result = *x - *y;
    } else if (op == "*") {
      result = *x * *y;
    } else if (*y == 0) {
      return unknown(context, range, "division by zero");
    } else if (op == "/") {
      result = *x / *y;
    } else {
      result = std::fmod(*x, *y);
    }
    Value& out = make(context, ValueKind::number, range);
    out.number = result;
    out.text = number_text(result);
    out.numeric_text = true;
    return &out;
  }
  auto boolean = [&](bool result) {
    Value& out = make(context, ValueKind::boolean, range);
    out.boolean = result;
    out.text = result ? "true" : "false";
    return &out;
  };
  if (x && y && (op == "<" || op == ">" || op == "<=" || op == ">=")) {
    return boolean(op == "<" ? *x < *y : op == ">" ? *x > *y : op == "<=" ? *x <= *y : *x >= *y);
  }
  if (op == "==" || op == "!=") {
    const bool scalar_a = a->is_known_scalar() || a->kind == ValueKind::absent;
    const bool scalar_b = b->is_known_scalar() || b->kind == ValueKind::absent;
    if (scalar_a && scalar_b) {
      bool equal = false;
      if (a->kind == ValueKind::absent || b->kind == ValueKind::absent) {
        equal = a->kind == b->kind;
      } else if (x && y) {
        equal = *x == *y;
      } else {
        equal = *as_string(a) == *as_string(b);
      }
      return boolean(op == "==" ? equal : !equal);
    }
  }
  if ((op == "&&" || op == "||") && a->kind == ValueKind::boolean && b->kind == ValueKind::boolean) {
    return boolean(op == "&&" ? (a->boolean && b->boolean) : (a->boolean || b->boolean));
  }
  return unknown(context, range, fmt::format("operands of '{}' not known", op));
}

const Value* Evaluator::for_expression(const Context& context, hcl::Node node)
{
  hcl::Node inner = node.children().empty() ? hcl::Node() : node.children().front();
  const SourceRange range = node.range();
  hcl::Node intro = inner.child("for_intro");
  const std::vector<hcl::Node> names = intro.children("identifier");
  const Value* collection = evaluate(context, intro.child("expression"));
  if ((collection->kind != ValueKind::list && collection->kind != ValueKind::map) || names.empty() ||
      collection->items.size() + collection->entries.size() > k_max_instances) {
    return unknown(context, range, "for expression over a collection that is not known");
  }
  const hcl::Document& document = *context.document;
  const bool object = inner.is("for_object_expr");
  std::vector<hcl::Node> bodies = inner.children("expression");
  hcl::Node condition = inner.child("for_cond").child("expression");
  Value& out = make(context, object ? ValueKind::map : ValueKind::list, range);
  auto visit = [&](const Value* key, const Value* value) -> bool {
    Bindings bindings;
    bindings.parent = context.bindings;
    if (names.size() == 2) {
      bindings.names.emplace_back(std::string(document.text(names[0])), key);
      bindings.names.emplace_back(std::string(document.text(names[1])), value);
    } else {
      bindings.names.emplace_back(std::string(document.text(names[0])), value);
    }
    const Context scoped{context.instance, context.document, &bindings};
    if (condition) {
      const Value* keep = evaluate(scoped, condition);
      if (keep->kind != ValueKind::boolean) {
        return false;
      }
      if (!keep->boolean) {
        return true;
      }
    }
    if (object) {
      if (bodies.size() < 2) {
        return false;
      }
      const Value* key_value = evaluate(scoped, bodies[0]);
      const auto text = as_string(key_value);
      if (!text) {
        return false;
      }
      out.entries.push_back({std::string(*text), bodies[0].range(), evaluate(scoped, bodies[1])});
    } else {
      if (bodies.empty()) {
        return false;
      }
      out.items.push_back(evaluate(scoped, bodies[0]));
    }
    return true;
  };
  if (collection->kind == ValueKind::list) {
    for (std::size_t i = 0; i < collection->items.size(); ++i) {
      Value& index = make(context, ValueKind::number, range);
      index.number = static_cast<double>(i);
      index.text = std::to_string(i);
      index.numeric_text = true;
      if (!visit(&index, collection->items[i])) {
        return unknown(context, range, "for expression not known");
      }
    }
  } else {
    for (const ValueEntry& entry : collection->entries) {
      Value& key = make(context, ValueKind::string, entry.key_range);
      key.text = entry.key;
      if (!visit(&key, entry.value)) {
        return unknown(context, range, "for expression not known");
      }
    }
  }
  return &out;
}

const Value* Evaluator::function_call(const Context& context, hcl::Node node)
{
  const hcl::Document& document = *context.document;
  const std::string name(document.text(node.child("identifier")));
  hcl::Node arguments_node = node.child("function_arguments");
  const std::vector<hcl::Node> argument_nodes = arguments_node.children("expression");
  const SourceRange range = node.range();
  if (arguments_node.child("ellipsis")) {
    return unknown(context, range, fmt::format("{}(...) with expanded arguments", name));
  }
  auto argument = [&](std::size_t i) { return i < argument_nodes.size() ? evaluate(context, argument_nodes[i]) : nullptr; };
  if (name == "jsonencode" || name == "tolist" || name == "toset" || name == "tomap" || name == "sensitive" || name == "nonsensitive") {
    // jsonencode keeps the structure: policy documents and state machine definitions are read as
    // the maps they encode.
    if (argument_nodes.size() != 1) {
      return unknown(context, range, fmt::format("{}() needs one argument", name));
    }
    return argument(0);
  }
  if (name == "jsondecode") {
    if (argument_nodes.size() == 1) {
      if (const Value* decoded = json_template(context, argument_nodes[0])) {
        return decoded;
      }
    }
    return unknown(context, range, "jsondecode() of a value that is not JSON text here");
  }
  if (name == "tostring" || name == "tonumber") {
    const Value* value = argument(0);
    if (value && value->is_known_scalar()) {
      return value;
    }
    return value ? value : unknown(context, range, "no argument");
  }
  if (name == "merge") {
    Value& out = make(context, ValueKind::map, range);
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind == ValueKind::absent) {
        continue;
      }
      if (value->kind != ValueKind::map) {
        return unknown(context, range, "merge() of a value that is not a known map");
      }
      for (const ValueEntry& entry : value->entries) {
        bool replaced = false;
        for (ValueEntry& existing : out.entries) {
          if (existing.key == entry.key) {
            existing = entry;
            replaced = true;
          }
        }
        if (!replaced) {
          out.entries.push_back(entry);
        }
      }
    }
    return &out;
  }
  if (name == "concat" || name == "flatten") {
    Value& out = make(context, ValueKind::list, range);
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind != ValueKind::list) {
        return unknown(context, range, fmt::format("{}() of a value that is not a known list", name));
      }
      for (const Value* item : value->items) {
        if (name == "flatten" && item->kind == ValueKind::list) {
          out.items.insert(out.items.end(), item->items.begin(), item->items.end());
        } else if (name == "flatten" && item->kind != ValueKind::list && !item->is_known_scalar() && item->kind != ValueKind::map &&
                   item->kind != ValueKind::reference && item->kind != ValueKind::text_template) {
          return unknown(context, range, "flatten() of values not known");
        } else {
          out.items.push_back(item);
        }
      }
    }
    return &out;
  }
  if (name == "lookup") {
    const Value* map = argument(0);
    const Value* key = argument(1);
    const auto text = as_string(key);
    if (map && map->kind == ValueKind::map && text) {
      if (const Value* found = map->get(*text)) {
        return found;
      }
      if (argument_nodes.size() >= 3) {
        return argument(2);
      }
    }
    return unknown(context, range, "lookup() in a map or with a key not known");
  }
  if (name == "length") {
    const Value* value = argument(0);
    if (value && (value->kind == ValueKind::list || value->kind == ValueKind::map || value->kind == ValueKind::string)) {
      Value& out = make(context, ValueKind::number, range);
      out.number = static_cast<double>(value->kind == ValueKind::list ? value->items.size()
                                       : value->kind == ValueKind::map ? value->entries.size()
                                                                        : value->text.size());
      out.text = number_text(out.number);
      out.numeric_text = true;
      return &out;
    }
    return unknown(context, range, "length() of a value not known");
  }
  if (name == "try" || name == "coalesce") {
    for (std::size_t i = 0; i < argument_nodes.size(); ++i) {
      const Value* value = argument(i);
      if (value->kind == ValueKind::unknown || value->kind == ValueKind::choice) {
        return unknown(context, range, fmt::format("{}() of values not known", name));
      }
      if (value->kind == ValueKind::absent || (name == "coalesce" && value->kind == ValueKind::string && value->text.empty())) {
        continue;
      }
      return value;
    }
    return unknown(context, range, fmt::format("{}() without a usable argument", name));
  }
  if (name == "upper" || name == "lower") {
    const Value* value = argument(0);
    if (value && value->kind == ValueKind::string) {
      Value& out = make(context, ValueKind::string, range);
      out.text = value->text;
      for (char& c : out.text) {
        c = static_cast<char>(name == "upper" ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
      }
      return &out;
    }
    return unknown(context, range, fmt::format("{}() of a value not known", name));
  }
  if (name == "format" || name == "join") {
    // Both become templates: literal pieces and the values between them.
    Value& out = make(context, ValueKind::text_template, range);
    auto append = [&](const Value* value) -> bool {
      if (value->is_known_scalar()) {
        const std::string text(*as_string(value));
        if (!out.parts.empty() && !out.parts.back().is_reference) {
          out.parts.back().literal += text;
        } else {
          out.parts.push_back({text, false, {}});
        }
        return true;
      }
      if (value->kind == ValueKind::reference) {
        out.parts.push_back({{}, true, value->reference});
        return true;
      }
      if (value->kind == ValueKind::text_template) {
        for (const TemplatePart& part : value->parts) {
          if (!part.is_reference && !out.parts.empty() && !out.parts.back().is_reference) {
            out.parts.back().literal += part.literal;
          } else {
            out.parts.push_back(part);
          }
        }
        return true;
      }
      return false;
    };
    auto literal = [&](std::string text) {
      if (!out.parts.empty() && !out.parts.back().is_reference) {
        out.parts.back().literal += text;
      } else {
        out.parts.push_back({std::move(text), false, {}});
      }
    };
    if (name == "join") {
      const Value* separator = argument(0);
      const Value* list = argument(1);
      if (!separator || separator->kind != ValueKind::string || !list || list->kind != ValueKind::list) {
        return unknown(context, range, "join() of values not known");
      }
      for (std::size_t i = 0; i < list->items.size(); ++i) {
        if (i > 0) {
          literal(separator->text);
        }
        if (!append(list->items[i])) {
          return unknown(context, range, "join() of values not known");
        }
      }
    } else {
      const Value* format = argument(0);
      if (!format || format->kind != ValueKind::string) {
        return unknown(context, range, "format() with a format not known");
      }
      std::size_t next = 1;
      const std::string& text = format->text;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
          literal(std::string(1, text[i]));
          continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '%') {
          literal("%");
          ++i;
          continue;
        }
        if (i + 1 < text.size() && (text[i + 1] == 's' || text[i + 1] == 'd' || text[i + 1] == 'v')) {
          const Value* value = next < argument_nodes.size() ? argument(next) : nullptr;
          ++next;
          if (value == nullptr || !append(value)) {
            return unknown(context, range, "format() of values not known");
          }
          ++i;
          continue;
        }
        return unknown(context, range, "format() verb not evaluated");
      }
    }
    bool has_reference = false;
    for (const TemplatePart& part : out.parts) {
      has_reference = has_reference || part.is_reference;
    }
    if (!has_reference) {
      out.kind = ValueKind::string;
      out.text = out.parts.empty() ? std::string() : out.parts.front().literal;
      out.parts.clear();
      out.numeric_text = parse_number(out.text, out.number);
    }
    return &out;
  }
  return unknown(context, range, fmt::format("{}() is not evaluated", name));
}

// ---------------------------------------------------------------------------------------------
// Bodies, JSON documents, policy documents

const Value* Evaluator::body(const Context& context, hcl::Node body, std::string_view resource_type)
{
  const hcl::Document& document = *context.document;
  Value& map = make(context, ValueKind::map, body.range());
  for (hcl::Node child : body.children()) {
    if (child.is("attribute")) {
      const std::string name(hcl::attribute_name(document, child));
      if (is_meta_argument(name)) {
        continue;
      }
      const hcl::Node expression = hcl::attribute_value(child);
      const Value* value = is_json_attribute(name) ? json_template(context, expression) : nullptr;
      if (value == nullptr) {
        value = evaluate(context, expression);
      }
      map.entries.push_back({name, child.child("identifier").range(), value});
    } else if (child.is("block")) {
      const std::string type(hcl::block_type(document, child));
      if (is_meta_argument(type)) {
        continue;
      }
      if (type == "dynamic") {
        const auto labels = hcl::block_labels(document, child);
        if (!labels.empty()) {
          map.entries.push_back({labels[0].first, labels[0].second, unknown(context, child.range(), "dynamic block")});
        }
        continue;
      }
      // Nested blocks count towards the same depth limit as expressions: 100,000 nested blocks
      // would otherwise overflow the stack (found by tests/robustness_test.cpp).
      const Value* nested = nullptr;
      if (m_depth > k_max_depth) {
        nested = unknown(context, child.range(), "block nested too deeply");
      } else {
        ++m_depth;
        nested = this->body(context, child.child("body"), resource_type);
        --m_depth;
      }
      const_cast<Value*>(nested)->range = child.range();
      ValueEntry* existing = nullptr;
      for (ValueEntry& entry : map.entries) {
        if (entry.key == type && entry.value && entry.value->kind == ValueKind::list) {
          existing = &entry;
        }
      }
      if (existing == nullptr) {
        Value& list = make(context, ValueKind::list, child.range());
        map.entries.push_back({type, child.child("identifier").range(), &list});
        existing = &map.entries.back();
      }
      const_cast<Value*>(existing->value)->items.push_back(nested);
    }
  }
  return &map;
}

const Value* Evaluator::json_template(const Context& context, hcl::Node expression)
{
  // Down to the template: expression → template_expr → heredoc_template.
  hcl::Node node = expression;
  while (node.is("expression")) {
    const std::vector<hcl::Node> nodes = operands(node);
    if (nodes.size() != 1) {
      return nullptr;
    }
    node = nodes[0];
  }
  if (!node.is("template_expr")) {
    return nullptr;
  }
  node = node.children().empty() ? hcl::Node() : node.children().front();
  if (!node.is("heredoc_template")) {
    return nullptr;
  }
  const std::string_view text = context.document->file->text();
  // The body of the heredoc, with each interpolation replaced by a same-length placeholder so
  // that the JSON reader's ranges are the file's offsets: inside a JSON string the placeholder is
  // a run of DEL characters; outside one, `null` padded with spaces.
  std::string synthetic(text.size(), ' ');
  std::vector<std::pair<SourceRange, const Value*>> interpolations;
  bool in_string = false;
  bool escaped = false;
  std::uint32_t body_begin = 0;
  bool any = false;
  for (hcl::Node child : node.children()) {
    const SourceRange range = child.range();
    if (child.is("template_literal")) {
      if (!any) {
        body_begin = range.begin;
        any = true;
      }
      for (std::uint32_t i = range.begin; i < range.end; ++i) {
        const char c = text[i];
        synthetic[i] = c;
        if (escaped) {
          escaped = false;
        } else if (in_string && c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = !in_string;
        }
      }
    } else if (child.is("template_interpolation")) {
      if (!any) {
        body_begin = range.begin;
        any = true;
      }
      const std::uint32_t length = range.end - range.begin;
      if (in_string) {
        std::fill(synthetic.begin() + range.begin, synthetic.begin() + range.end, '\x7f');
      } else if (length >= 4) {
        synthetic.replace(range.begin, 4, "null");
      } else {
        return nullptr;
      }
      interpolations.emplace_back(range, evaluate(context, child.child("expression")));
    } else if (child.is("template_directive")) {
      return nullptr;
    }
  }
  if (!any) {
    return nullptr;
  }
  // Everything before the body is blank, so the reader starts at the JSON.
  (void)body_begin;
  auto scratch = std::make_shared<const SourceFile>(context.document->file->path(), std::move(synthetic));
  const ParsedDocument parsed = parse_json(scratch);
  if (parsed.root == nullptr || !parsed.problems.empty()) {
    return nullptr;
  }
  const std::function<const Value*(const Node*, int)> convert = [&](const Node* json, int depth) -> const Value* {
    if (json == nullptr || depth > 64) {
      return unknown(context, {}, "JSON nested too deeply");
    }
    switch (json->kind) {
    case NodeKind::null: {
      for (const auto& [range, value] : interpolations) {
        if (range.begin == json->range.begin) {
          return value;
        }
      }
      return &make(context, ValueKind::null, json->range);
    }
    case NodeKind::sequence: {
      Value& list = make(context, ValueKind::list, json->range);
      for (const Node* item : json->items) {
        list.items.push_back(convert(item, depth + 1));
      }
      return &list;
    }
    case NodeKind::mapping: {
      Value& map = make(context, ValueKind::map, json->range);
      for (const MappingEntry& entry : json->entries) {
        map.entries.push_back({entry.key, entry.key_range, convert(entry.value, depth + 1)});
      }
      return &map;
    }
    case NodeKind::scalar: break;
    }
    if (!json->quoted) {
      if (json->scalar == "true" || json->scalar == "false") {
        Value& value = make(context, ValueKind::boolean, json->range);
        value.boolean = json->scalar == "true";
        value.text = json->scalar;
        return &value;
      }
      Value& value = make(context, ValueKind::number, json->range);
      value.text = json->scalar;
      value.numeric_text = parse_number(value.text, value.number);
      return &value;
    }
    std::vector<const Value*> inside;
    for (const auto& [range, value] : interpolations) {
      if (range.begin >= json->range.begin && range.end <= json->range.end) {
        inside.push_back(value);
      }
    }
    if (inside.empty()) {
      Value& value = make(context, ValueKind::string, json->range);
      value.text = json->scalar;
      value.numeric_text = parse_number(value.text, value.number);
      return &value;
    }
    // Split the string at the placeholder runs: one run per interpolation, in order.
    Value& out = make(context, ValueKind::text_template, json->range);
    std::size_t next = 0;
    std::string literal;
    const std::string& scalar = json->scalar;
    for (std::size_t i = 0; i < scalar.size();) {
      if (scalar[i] != '\x7f') {
        literal += scalar[i++];
        continue;
      }
      while (i < scalar.size() && scalar[i] == '\x7f') {
        ++i;
      }
      if (!literal.empty()) {
        out.parts.push_back({std::move(literal), false, {}});
        literal.clear();
      }
      const Value* value = next < inside.size() ? inside[next] : nullptr;
      ++next;
      if (value && value->is_known_scalar()) {
        out.parts.push_back({std::string(*as_string(value)), false, {}});
      } else if (value && value->kind == ValueKind::reference) {
        out.parts.push_back({{}, true, value->reference});
      } else if (value && value->kind == ValueKind::text_template) {
        out.parts.insert(out.parts.end(), value->parts.begin(), value->parts.end());
      } else {
        Reference reference;
        reference.target = Reference::Target::unresolved;
        reference.name = value && value->kind == ValueKind::unknown ? value->text : "interpolated value not known";
        out.parts.push_back({{}, true, std::move(reference)});
      }
    }
    if (!literal.empty()) {
      out.parts.push_back({std::move(literal), false, {}});
    }
    if (out.parts.size() == 1 && out.parts[0].is_reference && inside.size() == 1 && inside[0]->kind == ValueKind::reference) {
      Value& reference = make(context, ValueKind::reference, json->range);
      reference.reference = inside[0]->reference;
      return &reference;
    }
    bool has_reference = false;
    std::string joined;
    for (const TemplatePart& part : out.parts) {
      has_reference = has_reference || part.is_reference;
      joined += part.literal;
    }
    if (!has_reference) {
      out.kind = ValueKind::string;
      out.parts.clear();
      out.text = std::move(joined);
    }
    return &out;
  };
  return convert(parsed.root, 0);
}

const Value* Evaluator::policy_document(Instance& instance, const Block& block)
{
  if (const auto found = instance.documents.find(&block); found != instance.documents.end()) {
    return found->second;
  }
  const std::string key = "policy." + block.name;
  const Context context{&instance, block.document, nullptr};
  if (!block.node.is("block")) {
    // Written in JSON syntax (.tf.json): its statements are attributes, not blocks, and are not
    // read yet. Unknown, never an empty document that would grant nothing.
    const Value* result = unknown(context, block.name_range, "aws_iam_policy_document in JSON syntax is not evaluated");
    instance.documents.emplace(&block, result);
    return result;
  }
  if (instance.in_progress.contains(key)) {
    return unknown(context, block.node.range(), "policy document depends on itself");
  }
  instance.in_progress.insert(key);
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
  // statement blocks: sid, effect (default Allow), actions, not_actions, resources,
  // not_resources, principals / not_principals {type, identifiers}, condition {test, variable,
  // values}; source_policy_documents are merged first, override_policy_documents replace
  // statements with the same sid.
  const hcl::Document& document = *block.document;
  Value& out = make(context, ValueKind::map, block.node.range());
  Value& statements = make(context, ValueKind::list, block.node.range());
  auto statements_of = [&](const Value* policy) -> std::vector<const Value*> {
    std::vector<const Value*> found;
    const Value* list = policy && policy->kind == ValueKind::map ? policy->get("Statement") : nullptr;
    if (list && list->kind == ValueKind::list) {
      found.assign(list->items.begin(), list->items.end());
    } else if (list && list->kind == ValueKind::map) {
      found.push_back(list);
    }
    return found;
  };
  bool complete = true;
  auto documents_of = [&](std::string_view attribute) {
    std::vector<const Value*> found;
    if (hcl::Node node = block.attribute(attribute)) {
      const Value* list = evaluate(context, node);
      if (list->kind != ValueKind::list) {
        complete = false;
        return found;
      }
      for (const Value* item : list->items) {
        if (item->kind != ValueKind::map) {
          complete = false;
          continue;
        }
        for (const Value* statement : statements_of(item)) {
          found.push_back(statement);
        }
      }
    }
    return found;
  };
  for (const Value* statement : documents_of("source_policy_documents")) {
    statements.items.push_back(statement);
  }
  const Value* version = nullptr;
  if (hcl::Node node = block.attribute("version")) {
    version = evaluate(context, node);
  }
  for (hcl::Node statement_block : block.body().children("block")) {
    const std::string_view type = hcl::block_type(document, statement_block);
    if (type == "dynamic") {
      complete = false; // statements generated from a collection: not known one by one
      continue;
    }
    if (type != "statement") {
      continue;
    }
    const Value* raw = body(context, statement_block.child("body"), "");
    Value& statement = make(context, ValueKind::map, statement_block.range());
    auto copy = [&](std::string_view from, std::string_view to) {
      if (const ValueEntry* entry = raw->find_entry(from)) {
        statement.entries.push_back({std::string(to), entry->key_range, entry->value});
      }
    };
    copy("sid", "Sid");
    if (raw->find_entry("effect")) {
      copy("effect", "Effect");
    } else {
      Value& allow = make(context, ValueKind::string, statement_block.child("identifier").range());
      allow.text = "Allow";
      statement.entries.push_back({"Effect", allow.range, &allow});
    }
    copy("actions", "Action");
    copy("not_actions", "NotAction");
    copy("resources", "Resource");
    copy("not_resources", "NotResource");
    for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{"principals", "Principal"}, {"not_principals", "NotPrincipal"}}) {
      const ValueEntry* entry = raw->find_entry(from);
      if (entry == nullptr || entry->value->kind != ValueKind::list) {
        continue;
      }
      Value& principal = make(context, ValueKind::map, entry->value->range);
      const Value* result = &principal;
      for (const Value* item : entry->value->items) {
        const Value* type_value = item->get("type");
        const Value* identifiers = item->get("identifiers");
        const auto type_text = as_string(type_value);
        if (!type_text || identifiers == nullptr) {
          result = unknown(context, item->range, "principal type not known");
          break;
        }
        if (*type_text == "*") {
          // type "*" with identifiers ["*"] is the JSON "Principal": "*".
          Value& star = make(context, ValueKind::string, item->range);
          star.text = "*";
          result = &star;
          continue;
        }
        ValueEntry* existing = nullptr;
        for (ValueEntry& known : principal.entries) {
          if (known.key == *type_text) {
            existing = &known;
          }
        }
        if (existing == nullptr) {
          principal.entries.push_back({std::string(*type_text), type_value->range, identifiers});
        } else {
          Value& merged = make(context, ValueKind::list, existing->value->range);
          for (const Value* part : {existing->value, identifiers}) {
            if (part->kind == ValueKind::list) {
              merged.items.insert(merged.items.end(), part->items.begin(), part->items.end());
            } else {
              merged.items.push_back(part);
            }
          }
          existing->value = &merged;
        }
      }
      statement.entries.push_back({std::string(to), entry->key_range, result});
    }
    if (const ValueEntry* entry = raw->find_entry("condition"); entry && entry->value->kind == ValueKind::list) {
      Value& condition = make(context, ValueKind::map, entry->value->range);
      for (const Value* item : entry->value->items) {
        const auto test = as_string(item->get("test"));
        const auto variable_name = as_string(item->get("variable"));
        const Value* values = item->get("values");
        if (!test || !variable_name || values == nullptr) {
          Value& unknown_key = make(context, ValueKind::unknown, item->range);
          unknown_key.text = "condition not known";
          condition.entries.push_back({"?", item->range, &unknown_key});
          continue;
        }
        ValueEntry* operator_entry = nullptr;
        for (ValueEntry& known : condition.entries) {
          if (known.key == *test) {
            operator_entry = &known;
          }
        }
        if (operator_entry == nullptr) {
          Value& by_key = make(context, ValueKind::map, item->range);
          condition.entries.push_back({std::string(*test), item->get("test")->range, &by_key});
          operator_entry = &condition.entries.back();
        }
        const_cast<Value*>(operator_entry->value)->entries.push_back({std::string(*variable_name), item->get("variable")->range, values});
      }
      statement.entries.push_back({"Condition", entry->key_range, &condition});
    }
    statements.items.push_back(&statement);
  }
  for (const Value* override_statement : documents_of("override_policy_documents")) {
    const auto sid = as_string(override_statement->get("Sid"));
    bool replaced = false;
    if (sid && !sid->empty()) {
      for (const Value*& existing : statements.items) {
        if (const auto existing_sid = as_string(existing->get("Sid")); existing_sid && *existing_sid == *sid) {
          existing = override_statement;
          replaced = true;
        }
      }
    }
    if (!replaced) {
      statements.items.push_back(override_statement);
    }
  }
  const Value* result = &out;
  if (!complete) {
    // Some statements cannot be known: the document as a whole is not known, so no rule reads
    // a partial list as if it were all the policy says.
    result = unknown(context, block.node.range(), "policy document with statements that are not known (dynamic blocks, unknown documents)");
  } else {
    if (version) {
      out.entries.push_back({"Version", version->range, version});
    } else {
      Value& default_version = make(context, ValueKind::string, block.type_range);
      default_version.text = "2012-10-17";
      out.entries.push_back({"Version", block.type_range, &default_version});
    }
    out.entries.push_back({"Statement", block.name_range, &statements});
  }
  instance.in_progress.erase(key);
  instance.documents.emplace(&block, result);
  return result;
}

} // namespace lint::terraform
