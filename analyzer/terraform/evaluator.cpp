#include "analyzer/terraform/evaluator.h"
#include "analyzer/terraform/evaluator_detail.h"

#include "parsers/node.h"

#include <fmt/format.h>

namespace lint::terraform {

using namespace detail;

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

const Value* Evaluator::error(const Context& context, SourceRange range, std::string reason)
{
  const Value* value = unknown(context, range, std::move(reason));
  m_errors.insert(value);
  return value;
}

void Evaluator::unresolved(const Context& context, SourceRange range, std::string_view what, std::string_view name)
{
  if (context.document == nullptr || (context.instance != nullptr && context.instance->source->builtin) ||
      !m_reported.emplace(context.document->file.get(), range.begin).second) {
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
      return error(context, range, fmt::format("no attribute '{}'", name));
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
      const auto index = as_integer(key);
      if (index && *index >= 0 && static_cast<std::size_t>(*index) < value->items.size()) {
        return value->items[static_cast<std::size_t>(*index)];
      }
      return index ? error(context, range, "index outside the list") : unknown(context, range, "index not known");
    }
    if (value->kind == ValueKind::map) {
      if (const auto name = as_string(key)) {
        if (const Value* found = value->get(*name)) {
          return found;
        }
        return error(context, range, fmt::format("no key '{}'", *name));
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
    // Both branches are possible deployments, but which one is not known: the choice says so
    // (its text), and error-level rules do not fire on one branch alone
    // (rules/common/undecided_choice.h).
    Value& choice = make(context, ValueKind::choice, node.range());
    choice.condition = std::string(document.text(parts[0]));
    choice.text = "condition not known";
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
  // The grammar leaves whitespace between two interpolations ("${a} ${b}") out of every node:
  // the bytes between the template's pieces are literal text too.
  std::uint32_t last_end = quoted ? range.begin + 1 : 0;
  const std::string_view file_text = document.file->text();
  auto gap = [&](std::uint32_t until) {
    if (last_end != 0 && until > last_end && until <= file_text.size()) {
      const std::string_view text = file_text.substr(last_end, until - last_end);
      pieces.push_back({quoted ? unescape_quoted(text) : unescape_heredoc(text), nullptr});
    }
  };
  for (hcl::Node child : node.children()) {
    const bool piece = child.is("template_literal") || child.is("template_interpolation") || child.is("template_directive");
    if (piece) {
      gap(child.range().begin);
      last_end = child.range().end;
    }
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
  if (quoted && range.end > 0) {
    gap(range.end - 1); // before the closing quote
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
  if (data && type == "aws_iam_policy" && consumed < nodes.size() && nodes[consumed].is("get_attr")) {
    const std::string_view attribute = document.text(nodes[consumed].child("identifier"));
    if (const Value* resolved = managed_policy_data(context, *block, attribute, range)) {
      ++consumed;
      return resolved;
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

const Value* Evaluator::written_argument(Instance& instance, const Value* value)
{
  if (value == nullptr || value->kind != ValueKind::reference || value->reference.target != Reference::Target::resource ||
      value->reference.attribute.empty() || value->reference.attribute.find_first_of(".[") != std::string::npos) {
    return nullptr;
  }
  std::string_view address = value->reference.name;
  if (!address.starts_with(instance.prefix)) {
    return nullptr;
  }
  address.remove_prefix(instance.prefix.size());
  for (const Block& block : instance.source->resources) {
    if (address == block.type + "." + block.name && !expansion(instance, block).counted) {
      if (hcl::Node written = block.attribute(value->reference.attribute)) {
        return evaluate({&instance, block.document, nullptr}, written);
      }
    }
  }
  return nullptr;
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
  if (root == "path" && (attribute(1) == "module" || attribute(1) == "root")) {
    // Terraform's path.module is the module's directory relative to the working directory (the
    // root module's); path.root is the root itself.
    // https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info
    consumed = 2;
    Value& out = make(context, ValueKind::string, span(2));
    const std::string relative =
      *attribute(1) == "root" ? std::string() : context.instance->source->directory.lexically_relative(m_loader.root_directory()).generic_string();
    out.text = relative.empty() ? "." : relative;
    return &out;
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
    const Value* written = written_argument(*context.instance, value);
    return written != nullptr ? written : value;
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
    // null against a known value that is not null: a list, a map or a scalar is never null
    // (var.subnet_ids != null).
    auto known = [](const Value* value) {
      return value->is_known_scalar() || value->kind == ValueKind::list || value->kind == ValueKind::map;
    };
    if ((a->kind == ValueKind::absent && known(b)) || (b->kind == ValueKind::absent && known(a))) {
      return boolean(op == "!=");
    }
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

// ---------------------------------------------------------------------------------------------
// Bodies, JSON documents, policy documents

const Value* Evaluator::body(const Context& context, hcl::Node body, std::string_view resource_type)
{
  const hcl::Document& document = *context.document;
  Value& map = make(context, ValueKind::map, body.range());
  std::map<std::string, SourceRange, std::less<>> written; // attribute names, for LL002
  for (hcl::Node child : body.children()) {
    if (child.is("attribute")) {
      const std::string name(hcl::attribute_name(document, child));
      const SourceRange name_range = child.child("identifier").range();
      if (const auto [first, inserted] = written.emplace(name, name_range); !inserted) {
        duplicate_argument(context, name, first->second, name_range);
      }
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
        if (labels.empty()) {
          continue;
        }
        const Value* expanded = dynamic_block(context, child, labels[0].first, resource_type);
        if (expanded == nullptr) {
          map.entries.push_back({labels[0].first, labels[0].second, unknown(context, child.range(), "dynamic block over a collection not known")});
          continue;
        }
        ValueEntry* existing = nullptr;
        for (ValueEntry& entry : map.entries) {
          if (entry.key == labels[0].first && entry.value && entry.value->kind == ValueKind::list) {
            existing = &entry;
          }
        }
        if (existing == nullptr) {
          if (expanded->items.empty()) {
            continue; // for_each over an empty collection: no block at all
          }
          map.entries.push_back({labels[0].first, labels[0].second, expanded});
        } else {
          auto& items = const_cast<Value*>(existing->value)->items;
          items.insert(items.end(), expanded->items.begin(), expanded->items.end());
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

void Evaluator::duplicate_argument(const Context& context, std::string_view name, SourceRange first, SourceRange again)
{
  // Terraform refuses a body that sets an argument twice ("Attribute redefined"); reported once
  // per place, however many instances (count / for_each) evaluate the body.
  if (context.document == nullptr || (context.instance != nullptr && context.instance->source->builtin) ||
      !m_reported.emplace(context.document->file.get(), again.begin).second) {
    return;
  }
  ModelProblem problem;
  problem.rule_id = "LL002";
  problem.location = {context.document->file, again};
  problem.message = fmt::format("duplicate argument '{}' (Terraform rejects a block that sets an argument twice: \"Attribute redefined\")", name);
  problem.related.push_back({{context.document->file, first}, "first defined here"});
  problem.fingerprint = fmt::format("duplicate:{}", name);
  m_model.problems.push_back(std::move(problem));
}

const Value* Evaluator::dynamic_block(const Context& context, hcl::Node block, std::string_view label, std::string_view resource_type)
{
  // https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks: one block per
  // element of for_each, the element bound to the iterator (the label unless `iterator` names
  // another) as <iterator>.key and <iterator>.value, the content block as each body.
  const hcl::Document& document = *context.document;
  hcl::Node for_each;
  hcl::Node content;
  std::string iterator(label);
  for (hcl::Node child : block.child("body").children()) {
    if (child.is("attribute")) {
      const std::string_view name = hcl::attribute_name(document, child);
      if (name == "for_each") {
        for_each = hcl::attribute_value(child);
      } else if (name == "iterator") {
        iterator = std::string(document.text(hcl::attribute_value(child)));
      }
    } else if (child.is("block") && hcl::block_type(document, child) == "content") {
      content = child;
    }
  }
  if (!for_each || !content || m_depth > k_max_depth) {
    return nullptr;
  }
  const Value* collection = evaluate(context, for_each);
  if ((collection->kind != ValueKind::list && collection->kind != ValueKind::map) ||
      collection->items.size() + collection->entries.size() > k_max_instances) {
    return nullptr;
  }
  Value& out = make(context, ValueKind::list, block.range());
  auto add = [&](const Value* key, const Value* value) {
    Bindings bindings;
    bindings.parent = context.bindings;
    bindings.names.emplace_back(iterator + ".key", key);
    bindings.names.emplace_back(iterator + ".value", value);
    const Context scoped{context.instance, context.document, &bindings};
    ++m_depth;
    const Value* nested = body(scoped, content.child("body"), resource_type);
    --m_depth;
    const_cast<Value*>(nested)->range = block.range();
    out.items.push_back(nested);
  };
  if (collection->kind == ValueKind::list) {
    for (std::size_t i = 0; i < collection->items.size(); ++i) {
      Value& index = make(context, ValueKind::number, for_each.range());
      index.number = static_cast<double>(i);
      index.text = std::to_string(i);
      index.numeric_text = true;
      add(&index, collection->items[i]);
    }
  } else {
    for (const ValueEntry& entry : collection->entries) {
      Value& key = make(context, ValueKind::string, entry.key_range);
      key.text = entry.key;
      add(&key, entry.value);
    }
  }
  return &out;
}

} // namespace lint::terraform
