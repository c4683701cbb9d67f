#include "analyzer/cfn/evaluator.h"

#include "analyzer/node_value.h"
#include "support/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace lint::cfn {
namespace {

constexpr int k_max_depth = 256;
// The evaluation budget of one template, in estimated bytes of the values its expressions make.
// The parser bounds nodes reached through YAML aliases, not what evaluating them produces: an
// Fn::Join doubling a 100 KB scalar 16 times through aliases, or Fn::Select over an aliased
// 100,000-item Fn::Split, would take gigabytes. A 1 MB template (CloudFormation's limit) makes a
// few MB of values. Past the budget every value is unknown and one LL001 names the expression.
constexpr std::uint64_t k_max_cost = std::uint64_t{256} << 20;

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
constexpr std::string_view k_pseudo_parameters[] = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
                                                    "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix"};

bool is_pseudo_parameter(std::string_view name)
{
  return std::find(std::begin(k_pseudo_parameters), std::end(k_pseudo_parameters), name) != std::end(k_pseudo_parameters);
}

} // namespace

bool parse_sub_string(std::string_view text, std::vector<std::string>& literals, std::vector<SubVariable>& variables)
{
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      if (i + 2 < text.size() && text[i + 2] == '!') {
        // ${!Literal} writes "${Literal}" verbatim.
        literal += "${";
        i += 3;
        continue;
      }
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        return false;
      }
      std::string name(text.substr(i + 2, close - i - 2));
      // Whitespace inside ${ } is tolerated by CloudFormation.
      while (!name.empty() && name.front() == ' ') {
        name.erase(name.begin());
      }
      while (!name.empty() && name.back() == ' ') {
        name.pop_back();
      }
      literals.push_back(std::move(literal));
      literal.clear();
      variables.push_back({std::move(name), i, close + 1 - i});
      i = close + 1;
      continue;
    }
    literal.push_back(text[i]);
    ++i;
  }
  literals.push_back(std::move(literal));
  return true;
}

const Value* Evaluator::unknown(SourceRange range, std::string reason)
{
  Value& value = m_model.values.make(ValueKind::unknown, range);
  value.text = std::move(reason);
  return &value;
}

bool Evaluator::is_generated(std::string_view name) const
{
  for (const std::string& prefix : m_declarations.generated_prefixes) {
    if (!name.starts_with(prefix)) {
      continue;
    }
    const auto stems = m_declarations.generated_stems.find(prefix);
    if (stems == m_declarations.generated_stems.end()) {
      return true;
    }
    const std::string_view rest = name.substr(prefix.size());
    for (const std::string& stem : stems->second) {
      if (rest.starts_with(stem)) {
        return true;
      }
    }
  }
  return false;
}

bool Evaluator::is_declared_name(std::string_view name) const
{
  return m_declarations.parameters.contains(name) || m_declarations.resources.contains(name) || is_pseudo_parameter(name) ||
         is_generated(name);
}


namespace {

/// How far a typo may be from the name it was meant to be.
std::size_t typo_limit(std::string_view name)
{
  return name.size() <= 4 ? 1 : (name.size() <= 9 ? 2 : 3);
}

} // namespace

std::string Evaluator::suggestion(std::string_view kind, std::string_view name) const
{
  if (name.empty()) {
    return {};
  }
  const std::size_t limit = typo_limit(name);
  std::size_t best_distance = limit + 1;
  std::string best;
  bool ambiguous = false;
  auto consider = [&](std::string_view candidate) {
    if (candidate == name) {
      return;
    }
    const std::size_t distance = edit_distance(name, candidate, limit);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
      ambiguous = false;
    } else if (distance == best_distance && distance <= limit && candidate != best) {
      ambiguous = true;
    }
  };
  if (kind == "Condition") {
    for (const std::string& condition : m_declarations.conditions) {
      consider(condition);
    }
  } else {
    for (const std::string& resource : m_declarations.resources) {
      consider(resource);
    }
    if (kind == "Ref" || kind == "Fn::Sub variable") {
      for (const auto& [parameter, entry] : m_declarations.parameters) {
        consider(parameter);
      }
      for (std::string_view pseudo : k_pseudo_parameters) {
        consider(pseudo);
      }
    }
  }
  return ambiguous ? std::string() : best;
}

void Evaluator::unresolved(SourceRange range, std::string_view kind, std::string_view name, std::string_view context)
{
  if (is_generated(name)) {
    return;
  }
  const bool names_resource = kind != "Condition";
  if (names_resource && m_declarations.has_for_each) {
    return;
  }
  ModelProblem problem;
  problem.rule_id = "LL003";
  problem.location = {m_model.file, range};
  // `${Res.Attr}` in Fn::Sub: the part before the dot is the name that must be declared.
  const std::string_view base = kind == "Fn::Sub variable" ? name.substr(0, name.find('.')) : name;
  std::string hint;
  if (std::string nearest = suggestion(kind, base); !nearest.empty()) {
    hint = fmt::format(" (did you mean '{}'?)", nearest);
  }
  problem.message = fmt::format("{} '{}' names no {} declared in this template{}{}", kind, name,
                                kind == "Condition" ? "condition" : (kind == "DependsOn" || kind == "Fn::GetAtt" ? "resource" : "parameter or resource"),
                                context, hint);
  problem.fingerprint = fmt::format("{}:{}", kind, name);
  m_model.problems.push_back(std::move(problem));
}

const Value* Evaluator::evaluate(const Node* node)
{
  return evaluate_at(node, 0);
}

const Value* Evaluator::evaluate_at(const Node* node, int depth)
{
  if (node == nullptr) {
    return nullptr;
  }
  if (m_over_budget) {
    return unknown(node->range, "evaluation budget exceeded");
  }
  const bool is_call = node->kind == NodeKind::mapping && node->intrinsic() != nullptr;
  const Node* enclosing = m_call;
  m_call = is_call ? node : m_call;
  const Value* value = evaluate_node(node, depth);
  m_call = enclosing;
  std::uint64_t cost = 0;
  if (value != nullptr) {
    cost = sizeof(Value) + value->text.size() + sizeof(void*) * value->items.size() + sizeof(ValueEntry) * value->entries.size();
    for (const TemplatePart& part : value->parts) {
      cost += sizeof(TemplatePart) + part.literal.size();
    }
  }
  // A scalar reached through an alias is charged to the intrinsic that reads it (the Fn::Join that
  // doubles it), which is what the finding should point at.
  const SourceRange charged = is_call || m_call == nullptr ? node->range : m_call->range;
  return spend(cost, charged) ? value : unknown(node->range, "evaluation budget exceeded");
}

bool Evaluator::spend(std::uint64_t cost, SourceRange range)
{
  if (m_over_budget) {
    return false;
  }
  m_cost += cost;
  if (m_cost <= k_max_cost) {
    return true;
  }
  m_over_budget = true;
  ModelProblem problem;
  problem.rule_id = "LL001";
  problem.location = {m_model.file, range};
  problem.message = fmt::format("Evaluating this expression exceeds lambdalint's evaluation budget ({} MiB of values for one "
                                "template); the template's remaining expressions are not evaluated",
                                k_max_cost >> 20);
  problem.fingerprint = "evaluation-budget";
  m_model.problems.push_back(std::move(problem));
  return false;
}

const Value* Evaluator::evaluate_node(const Node* node, int depth)
{
  if (depth > k_max_depth) {
    return unknown(node->range, "nested too deeply");
  }
  if (node->foreign_tag) {
    return unknown(node->range, "value of a tag CloudFormation does not know (a preprocessor's)");
  }
  switch (node->kind) {
  case NodeKind::null:
    return &m_model.values.make(ValueKind::null, node->range);
  case NodeKind::scalar: {
    const std::string& text = node->scalar;
    if (!node->quoted && (text == "true" || text == "false" || text == "True" || text == "False")) {
      Value& value = m_model.values.make(ValueKind::boolean, node->range);
      value.boolean = text == "true" || text == "True";
      value.text = value.boolean ? "true" : "false";
      return &value;
    }
    double number = 0;
    const bool numeric = parse_number(text, number);
    Value& value = m_model.values.make(numeric && !node->quoted ? ValueKind::number : ValueKind::string, node->range);
    value.text = text;
    value.number = number;
    value.numeric_text = numeric;
    return &value;
  }
  case NodeKind::sequence: {
    Value& value = m_model.values.make(ValueKind::list, node->range);
    value.items.reserve(node->items.size());
    for (const Node* item : node->items) {
      value.items.push_back(evaluate_at(item, depth + 1));
    }
    return &value;
  }
  case NodeKind::mapping: {
    if (const MappingEntry* call = node->intrinsic()) {
      return evaluate_intrinsic(*node, *call, depth);
    }
    Value& value = m_model.values.make(ValueKind::map, node->range);
    value.entries.reserve(node->entries.size());
    for (const MappingEntry& entry : node->entries) {
      value.entries.push_back({entry.key, entry.key_range, evaluate_at(entry.value, depth + 1)});
    }
    return &value;
  }
  }
  return nullptr;
}

const Value* Evaluator::parameter_value(const MappingEntry& parameter, SourceRange site)
{
  const Value* default_value = nullptr;
  if (auto cached = m_parameter_defaults.find(parameter.key); cached != m_parameter_defaults.end()) {
    default_value = cached->second;
  } else {
    const Node* declaration = parameter.value;
    const Node* default_node = declaration ? declaration->get("Default") : nullptr;
    default_value = default_node ? evaluate_at(default_node, 1) : nullptr;
    m_parameter_defaults.emplace(parameter.key, default_value);
  }
  if (default_value == nullptr || !default_value->is_known_scalar()) {
    Value& value = m_model.values.make(ValueKind::reference, site);
    value.reference = {Reference::Target::parameter, parameter.key, {}};
    return &value;
  }
  // The default stands in for the parameter; the value keeps the Ref site as its range so findings
  // point where the parameter is used, with the default as a related location.
  Value& value = m_model.values.make(default_value->kind, site);
  value.text = default_value->text;
  value.number = default_value->number;
  value.boolean = default_value->boolean;
  value.numeric_text = default_value->numeric_text;
  value.via_parameter = parameter.key;
  value.parameter_range = default_value->range;
  return &value;
}

const Value* Evaluator::ref(const Node& node, const MappingEntry& call)
{
  const Node* target = call.value;
  if (target == nullptr || !target->is_scalar()) {
    walk_references(target, 1);
    return unknown(node.range, "Ref of a computed name");
  }
  const std::string& name = target->scalar;
  if (name == "AWS::NoValue") {
    return &m_model.values.make(ValueKind::absent, node.range);
  }
  if (is_pseudo_parameter(name)) {
    Value& value = m_model.values.make(ValueKind::reference, node.range);
    value.reference = {Reference::Target::pseudo, name, {}};
    return &value;
  }
  if (auto parameter = m_declarations.parameters.find(name); parameter != m_declarations.parameters.end()) {
    return parameter_value(*parameter->second, node.range);
  }
  Value& value = m_model.values.make(ValueKind::reference, node.range);
  if (m_declarations.resources.contains(name) || is_generated(name)) {
    value.reference = {Reference::Target::resource, name, {}};
    return &value;
  }
  unresolved(target->range, "Ref", name);
  value.kind = ValueKind::unknown;
  value.text = "unresolved Ref";
  return &value;
}

const Value* Evaluator::get_att(const Node& node, const MappingEntry& call)
{
  const Node* argument = call.value;
  std::string resource;
  std::string attribute;
  SourceRange name_range = argument ? argument->range : node.range;
  if (argument && argument->is_scalar()) {
    const std::size_t dot = argument->scalar.find('.');
    resource = argument->scalar.substr(0, dot);
    attribute = dot == std::string::npos ? std::string() : argument->scalar.substr(dot + 1);
    name_range = {argument->range.begin + (argument->quoted ? 1u : 0u),
                  argument->range.begin + (argument->quoted ? 1u : 0u) + static_cast<std::uint32_t>(resource.size())};
  } else if (argument && argument->is_sequence() && !argument->items.empty() && argument->items[0]->is_scalar()) {
    resource = argument->items[0]->scalar;
    name_range = argument->items[0]->range;
    if (argument->items.size() > 1 && argument->items[1]->is_scalar()) {
      attribute = argument->items[1]->scalar;
    } else if (argument->items.size() > 1) {
      walk_references(argument->items[1], 1);
      attribute = "?";
    }
  } else {
    walk_references(argument, 1);
    return unknown(node.range, "Fn::GetAtt of a computed name");
  }
  Value& value = m_model.values.make(ValueKind::reference, node.range);
  if (!m_declarations.resources.contains(resource) && !is_generated(resource)) {
    unresolved(name_range, "Fn::GetAtt", resource);
    value.kind = ValueKind::unknown;
    value.text = "unresolved Fn::GetAtt";
    return &value;
  }
  value.reference = {Reference::Target::resource, resource, attribute};
  return &value;
}

const Value* Evaluator::sub(const Node& node, const MappingEntry& call, int depth)
{
  const Node* argument = call.value;
  const Node* text_node = argument;
  const Node* variables_node = nullptr;
  if (argument && argument->is_sequence() && !argument->items.empty()) {
    text_node = argument->items[0];
    variables_node = argument->items.size() > 1 ? argument->items[1] : nullptr;
  }
  if (text_node == nullptr || !text_node->is_scalar()) {
    walk_references(argument, depth + 1);
    return unknown(node.range, "Fn::Sub of a computed string");
  }
  std::map<std::string, const Value*, std::less<>> locals;
  // A variable map that is itself computed (Fn::If, Fn::FindInMap...) may define any name: names
  // in the string are then not reported, only the references inside the map are checked.
  bool locals_unknown = false;
  if (variables_node && variables_node->is_mapping() && variables_node->intrinsic() == nullptr) {
    for (const MappingEntry& entry : variables_node->entries) {
      locals.emplace(entry.key, evaluate_at(entry.value, depth + 1));
    }
  } else if (variables_node != nullptr) {
    walk_references(variables_node, depth + 1);
    locals_unknown = true;
  }
  std::vector<std::string> literals;
  std::vector<SubVariable> variables;
  if (!parse_sub_string(text_node->scalar, literals, variables)) {
    return unknown(node.range, "Fn::Sub string with an unterminated ${");
  }
  Value& value = m_model.values.make(ValueKind::text_template, node.range);
  // Offsets inside the YAML scalar map to the file only for plain or simply quoted strings on one
  // line; elsewhere the whole string is the range of a name that is not declared.
  const bool offsets_exact = text_node->range.end - text_node->range.begin ==
                             text_node->scalar.size() + (text_node->quoted ? 2u : 0u);
  const std::uint32_t base = text_node->range.begin + (text_node->quoted ? 1u : 0u);
  bool all_literal = true;
  std::string joined;
  for (std::size_t i = 0; i < literals.size(); ++i) {
    if (!literals[i].empty()) {
      value.parts.push_back({literals[i], false, {}});
      joined += literals[i];
    }
    if (i >= variables.size()) {
      continue;
    }
    const SubVariable& variable = variables[i];
    const SourceRange variable_range = offsets_exact
                                         ? SourceRange{base + static_cast<std::uint32_t>(variable.offset),
                                                       base + static_cast<std::uint32_t>(variable.offset + variable.length)}
                                         : text_node->range;
    if (auto local = locals.find(variable.name); local != locals.end()) {
      const Value* substituted = local->second;
      if (const auto text = as_string(substituted); text && substituted->kind != ValueKind::boolean) {
        value.parts.push_back({std::string(*text), false, {}});
        joined += *text;
        continue;
      }
      all_literal = false;
      TemplatePart part;
      part.is_reference = true;
      if (const Reference* reference = single_reference(substituted)) {
        part.reference = *reference;
      } else {
        part.reference = {Reference::Target::unresolved, variable.name, {}};
      }
      value.parts.push_back(std::move(part));
      continue;
    }
    all_literal = false;
    const std::size_t dot = variable.name.find('.');
    const std::string name = variable.name.substr(0, dot);
    TemplatePart part;
    part.is_reference = true;
    if (is_pseudo_parameter(variable.name)) {
      part.reference = {Reference::Target::pseudo, variable.name, {}};
    } else if (dot == std::string::npos && m_declarations.parameters.contains(name)) {
      part.reference = {Reference::Target::parameter, name, {}};
    } else if (m_declarations.resources.contains(name) || is_generated(name)) {
      part.reference = {Reference::Target::resource, name, dot == std::string::npos ? std::string() : variable.name.substr(dot + 1)};
    } else {
      if (!locals_unknown) {
        unresolved(variable_range, "Fn::Sub variable", variable.name);
      }
      part.reference = {Reference::Target::unresolved, variable.name, {}};
    }
    value.parts.push_back(std::move(part));
  }
  if (all_literal) {
    value.kind = ValueKind::string;
    value.text = std::move(joined);
    value.parts.clear();
    double number = 0;
    value.numeric_text = parse_number(value.text, number);
    value.number = number;
  }
  return &value;
}

const Value* Evaluator::join(const Node& node, const MappingEntry& call, int depth)
{
  const Node* argument = call.value;
  if (argument == nullptr || !argument->is_sequence() || argument->items.size() != 2 || !argument->items[0]->is_scalar()) {
    walk_references(argument, depth + 1);
    return unknown(node.range, "malformed Fn::Join");
  }
  const std::string& delimiter = argument->items[0]->scalar;
  const Value* list = evaluate_at(argument->items[1], depth + 1);
  if (list == nullptr || list->kind != ValueKind::list) {
    return unknown(node.range, "Fn::Join of a computed list");
  }
  // Charged before the string is built: joins nested through YAML aliases double at each level.
  std::uint64_t size = delimiter.size() * list->items.size();
  for (const Value* item : list->items) {
    size += item != nullptr ? item->text.size() : 0;
  }
  if (!spend(2 * size, node.range)) {
    return unknown(node.range, "evaluation budget exceeded");
  }
  Value& value = m_model.values.make(ValueKind::text_template, node.range);
  bool all_literal = true;
  std::string joined;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    if (i > 0 && !delimiter.empty()) {
      value.parts.push_back({delimiter, false, {}});
      joined += delimiter;
    }
    const Value* item = list->items[i];
    if (const auto text = as_string(item)) {
      value.parts.push_back({std::string(*text), false, {}});
      joined += *text;
    } else if (item && item->kind == ValueKind::text_template) {
      all_literal = false;
      value.parts.insert(value.parts.end(), item->parts.begin(), item->parts.end());
    } else if (item && item->kind == ValueKind::reference) {
      all_literal = false;
      value.parts.push_back({{}, true, item->reference});
    } else if (item && item->kind == ValueKind::absent) {
      continue;
    } else {
      return unknown(node.range, "Fn::Join with a computed element");
    }
  }
  if (all_literal) {
    value.kind = ValueKind::string;
    value.text = std::move(joined);
    value.parts.clear();
  }
  return &value;
}

const Value* Evaluator::find_in_map(const Node& node, const MappingEntry& call, int depth)
{
  const Node* argument = call.value;
  if (argument == nullptr || !argument->is_sequence() || argument->items.size() < 3) {
    walk_references(argument, depth + 1);
    return unknown(node.range, "malformed Fn::FindInMap");
  }
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < 3; ++i) {
    const Value* key = evaluate_at(argument->items[i], depth + 1);
    const auto text = as_string(key);
    if (!text) {
      return unknown(node.range, "Fn::FindInMap with a computed key");
    }
    keys.emplace_back(*text);
  }
  const Node* mappings = m_declarations.mappings;
  const Node* map = mappings ? mappings->get(keys[0]) : nullptr;
  const Node* top = map ? map->get(keys[1]) : nullptr;
  const Node* leaf = top ? top->get(keys[2]) : nullptr;
  if (leaf == nullptr) {
    return unknown(node.range, "Fn::FindInMap key not found");
  }
  const Value* found = evaluate_at(leaf, depth + 1);
  if (found == nullptr || !found->is_known_scalar()) {
    return found;
  }
  // Point at the call, where the value is used; the mapping entry is where it is written.
  Value& value = m_model.values.make(found->kind, node.range);
  value.text = found->text;
  value.number = found->number;
  value.boolean = found->boolean;
  value.numeric_text = found->numeric_text;
  return &value;
}

const Value* Evaluator::evaluate_intrinsic(const Node& node, const MappingEntry& call, int depth)
{
  const std::string& name = call.key;
  if (name == "Ref") {
    return ref(node, call);
  }
  if (name == "Fn::GetAtt") {
    return get_att(node, call);
  }
  if (name == "Fn::Sub") {
    return sub(node, call, depth);
  }
  if (name == "Fn::Join") {
    return join(node, call, depth);
  }
  if (name == "Fn::FindInMap") {
    return find_in_map(node, call, depth);
  }
  if (name == "Fn::If") {
    const Node* argument = call.value;
    if (argument == nullptr || !argument->is_sequence() || argument->items.size() != 3) {
      walk_references(argument, depth + 1);
      return unknown(node.range, "malformed Fn::If");
    }
    const Node* condition = argument->items[0];
    if (condition->is_scalar() && !m_declarations.conditions.contains(condition->scalar)) {
      unresolved(condition->range, "Condition", condition->scalar);
    }
    Value& value = m_model.values.make(ValueKind::choice, node.range);
    value.condition = condition->is_scalar() ? condition->scalar : std::string();
    value.items.push_back(evaluate_at(argument->items[1], depth + 1));
    value.items.push_back(evaluate_at(argument->items[2], depth + 1));
    return &value;
  }
  if (name == "Fn::Select") {
    const Node* argument = call.value;
    if (argument && argument->is_sequence() && argument->items.size() == 2) {
      const auto index = as_integer(evaluate_at(argument->items[0], depth + 1));
      const Value* list = evaluate_at(argument->items[1], depth + 1);
      if (index && list && list->kind == ValueKind::list && *index >= 0 && static_cast<std::size_t>(*index) < list->items.size()) {
        return list->items[static_cast<std::size_t>(*index)];
      }
      return unknown(node.range, "Fn::Select of a computed list");
    }
    walk_references(argument, depth + 1);
    return unknown(node.range, "malformed Fn::Select");
  }
  if (name == "Fn::Split") {
    const Node* argument = call.value;
    if (argument && argument->is_sequence() && argument->items.size() == 2 && argument->items[0]->is_scalar()) {
      const Value* source = evaluate_at(argument->items[1], depth + 1);
      const std::string& delimiter = argument->items[0]->scalar;
      if (source && source->kind == ValueKind::string && !delimiter.empty()) {
        // Charged before the items are made: an aliased Split is made again at every alias.
        std::uint64_t pieces = 1;
        for (std::size_t at = source->text.find(delimiter); at != std::string::npos; at = source->text.find(delimiter, at + delimiter.size())) {
          ++pieces;
        }
        if (!spend(pieces * sizeof(Value) + source->text.size(), node.range)) {
          return unknown(node.range, "evaluation budget exceeded");
        }
        Value& list = m_model.values.make(ValueKind::list, node.range);
        std::string_view rest = source->text;
        while (true) {
          const std::size_t at = rest.find(delimiter);
          Value& item = m_model.values.make(ValueKind::string, node.range);
          item.text = std::string(rest.substr(0, at));
          list.items.push_back(&item);
          if (at == std::string_view::npos) {
            break;
          }
          rest.remove_prefix(at + delimiter.size());
        }
        return &list;
      }
      return unknown(node.range, "Fn::Split of a computed string");
    }
    walk_references(argument, depth + 1);
    return unknown(node.range, "malformed Fn::Split");
  }
  if (name == "Condition") {
    if (call.value && call.value->is_scalar() && !m_declarations.conditions.contains(call.value->scalar)) {
      unresolved(call.value->range, "Condition", call.value->scalar);
    }
    return unknown(node.range, "condition");
  }
  // Fn::Base64, Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Equals, Fn::Transform, ...: values we
  // cannot know statically. Their arguments may still reference things that must exist.
  walk_references(call.value, depth + 1);
  return unknown(node.range, name);
}

void Evaluator::walk_references(const Node* node, int depth)
{
  if (node == nullptr || depth > k_max_depth) {
    return;
  }
  if (node->is_mapping()) {
    if (node->intrinsic()) {
      evaluate_at(node, depth);
      return;
    }
    for (const MappingEntry& entry : node->entries) {
      walk_references(entry.value, depth + 1);
    }
  } else if (node->is_sequence()) {
    for (const Node* item : node->items) {
      walk_references(item, depth + 1);
    }
  }
}

void Evaluator::check_references(const Node* node)
{
  walk_references(node, 0);
}

} // namespace lint::cfn
