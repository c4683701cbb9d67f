#include "analyzer/cfn/state_machine.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <charconv>

namespace lint::cfn {
namespace {

constexpr std::string_view k_placeholder = "__lambdalint_ref_";
constexpr std::string_view k_placeholder_end = "__";

/// Converts parsed JSON into Values that all point at `range` (the DefinitionString): positions
/// inside a JSON string cannot be mapped back exactly, the property can. ordered_json keeps the
/// states in source order.
const Value* from_json(Model& model, const nlohmann::ordered_json& json, SourceRange range, int depth)
{
  if (depth > 64) {
    return &model.values.make(ValueKind::unknown, range);
  }
  if (json.is_object()) {
    Value& value = model.values.make(ValueKind::map, range);
    for (const auto& [key, item] : json.items()) {
      value.entries.push_back({key, range, from_json(model, item, range, depth + 1)});
    }
    return &value;
  }
  if (json.is_array()) {
    Value& value = model.values.make(ValueKind::list, range);
    for (const auto& item : json) {
      value.items.push_back(from_json(model, item, range, depth + 1));
    }
    return &value;
  }
  if (json.is_string()) {
    Value& value = model.values.make(ValueKind::string, range);
    value.text = json.get<std::string>();
    return &value;
  }
  if (json.is_number()) {
    Value& value = model.values.make(ValueKind::number, range);
    value.number = json.get<double>();
    value.text = json.dump();
    value.numeric_text = true;
    return &value;
  }
  if (json.is_boolean()) {
    Value& value = model.values.make(ValueKind::boolean, range);
    value.boolean = json.get<bool>();
    return &value;
  }
  return &model.values.make(ValueKind::null, range);
}

/// The text of a string or template value, references written as ${name}; empty otherwise.
std::string flat_text(const Value* value)
{
  if (value == nullptr) {
    return {};
  }
  if (const auto text = as_string(value)) {
    return std::string(*text);
  }
  std::string out;
  if (value->kind == ValueKind::text_template) {
    for (const TemplatePart& part : value->parts) {
      out += part.is_reference ? fmt::format("${{{}}}", part.reference.name) : part.literal;
    }
  }
  return out;
}

/// Offset of `"key"` used as a key (followed by optional blanks and a colon) in [from, to), also in
/// its JSON-escaped form `\"key\"`; npos when absent.
std::size_t find_key(std::string_view text, std::size_t from, std::size_t to, std::string_view key)
{
  for (const std::string& quoted : {fmt::format("\"{}\"", key), fmt::format("\\\"{}\\\"", key)}) {
    std::size_t at = from;
    while ((at = text.find(quoted, at)) != std::string_view::npos && at + quoted.size() <= to) {
      std::size_t after = at + quoted.size();
      while (after < to && (text[after] == ' ' || text[after] == '\t' || text[after] == '\r' || text[after] == '\n')) {
        ++after;
      }
      if (after < to && text[after] == ':') {
        return at;
      }
      at += quoted.size();
    }
  }
  return std::string_view::npos;
}

class TaskCollector {
public:
  TaskCollector(Model& model, const Resource& state_machine, const Value* substitutions,
                const std::vector<const Reference*>* placeholders)
    : m_model(model), m_state_machine(state_machine), m_substitutions(substitutions), m_placeholders(placeholders)
  {
  }

  void states(const Value* states, int depth)
  {
    if (states == nullptr || states->kind != ValueKind::map || depth > 16) {
      return;
    }
    for (const ValueEntry& entry : states->entries) {
      state(entry.key, entry.value, depth);
    }
  }

  std::vector<StateMachineTask> tasks;

private:
  void state(const std::string& name, const Value* state, int depth)
  {
    if (state == nullptr || state->kind != ValueKind::map) {
      return;
    }
    const auto type = as_string(state->get("Type"));
    if (type && *type == "Parallel") {
      for (const Value* branch : list_items(state->get("Branches"))) {
        states(branch ? branch->get("States") : nullptr, depth + 1);
      }
    }
    if (type && *type == "Map") {
      for (const char* key : {"Iterator", "ItemProcessor"}) {
        const Value* processor = state->get(key);
        states(processor ? processor->get("States") : nullptr, depth + 1);
      }
    }
    if (!type || *type != "Task") {
      return;
    }
    const Value* resource = state->get("Resource");
    const Value* target = resource;
    bool optimised = false;
    // The optimised integration names the function in its parameters (Arguments with JSONata).
    // `.waitForTaskToken` waits for a callback, not for the function: its timeout is another matter.
    if (const std::string text = flat_text(resource); text.find(":states:::lambda:invoke") != std::string::npos) {
      if (text.find(".waitForTaskToken") != std::string::npos) {
        return;
      }
      const Value* parameters = state->get("Parameters") ? state->get("Parameters") : state->get("Arguments");
      target = parameters ? parameters->get("FunctionName") : nullptr;
      optimised = true;
    }
    const Function* function = resolve(target);
    if (function == nullptr) {
      return;
    }
    StateMachineTask task;
    task.state_machine = &m_state_machine;
    task.state_name = name;
    task.location = {target->file ? target->file : m_state_machine.file, locate(name, optimised ? "FunctionName" : "Resource", target->range)};
    task.timeout_seconds = as_integer(state->get("TimeoutSeconds"));
    task.function = function;
    tasks.push_back(std::move(task));
  }

  /// In a DefinitionString (placeholders non-null) every value shares the property's range: find the state's key (and its
  /// Resource/FunctionName key after it) in the source text instead, when it can be found.
  SourceRange locate(const std::string& name, std::string_view key, SourceRange range) const
  {
    // In Definition (a map) ranges are exact already.
    if (m_placeholders == nullptr || m_state_machine.file == nullptr) {
      return range;
    }
    const std::string_view text = m_state_machine.file->text();
    if (range.end > text.size()) {
      return range;
    }
    const std::size_t state_at = find_key(text, range.begin, range.end, name);
    if (state_at == std::string_view::npos) {
      return range;
    }
    const std::size_t key_at = find_key(text, state_at + name.size() + 2, range.end, key);
    const std::size_t at = key_at != std::string_view::npos ? key_at : state_at;
    const std::size_t length = (key_at != std::string_view::npos ? key.size() : name.size()) + 2;
    return {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + length)};
  }

  /// Appends a substituted value (DefinitionSubstitutions entry) to a template; false if unknowable.
  static bool append_value(Value& out, const Value* value)
  {
    if (value == nullptr) {
      return false;
    }
    if (const auto text = as_string(value); text && value->kind != ValueKind::boolean) {
      out.parts.push_back({std::string(*text), false, {}});
      return true;
    }
    if (value->kind == ValueKind::reference) {
      out.parts.push_back({{}, true, value->reference});
      return true;
    }
    if (value->kind == ValueKind::text_template) {
      out.parts.insert(out.parts.end(), value->parts.begin(), value->parts.end());
      return true;
    }
    return false;
  }

  /// A string of the definition with our placeholders (Fn::Sub references) and `${Name}`
  /// DefinitionSubstitutions replaced, as a template value; nullptr when a part is unknowable.
  const Value* substitute(std::string_view text) const
  {
    Value& out = m_model.values.make(ValueKind::text_template, {});
    std::string literal;
    auto flush = [&] {
      if (!literal.empty()) {
        out.parts.push_back({std::move(literal), false, {}});
        literal.clear();
      }
    };
    std::size_t i = 0;
    while (i < text.size()) {
      if (m_placeholders && text.substr(i).starts_with(k_placeholder)) {
        const std::size_t digits = i + k_placeholder.size();
        std::size_t index = 0;
        const auto [end, error] = std::from_chars(text.data() + digits, text.data() + text.size(), index);
        const std::size_t after = static_cast<std::size_t>(end - text.data());
        if (error == std::errc() && index < m_placeholders->size() && text.substr(after).starts_with(k_placeholder_end)) {
          flush();
          const Reference& reference = *(*m_placeholders)[index];
          const Value* substitution = reference.target == Reference::Target::unresolved && m_substitutions
                                        ? m_substitutions->get(reference.name)
                                        : nullptr;
          if (substitution != nullptr) {
            if (!append_value(out, substitution)) {
              return nullptr;
            }
          } else {
            out.parts.push_back({{}, true, reference});
          }
          i = after + k_placeholder_end.size();
          continue;
        }
      }
      if (m_substitutions && text.substr(i).starts_with("${")) {
        const std::size_t close = text.find('}', i + 2);
        const Value* substitution = close == std::string_view::npos ? nullptr : m_substitutions->get(text.substr(i + 2, close - i - 2));
        if (substitution != nullptr) {
          flush();
          if (!append_value(out, substitution)) {
            return nullptr;
          }
          i = close + 1;
          continue;
        }
      }
      literal.push_back(text[i]);
      ++i;
    }
    flush();
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
  }

  const Function* resolve(const Value* target) const
  {
    if (target == nullptr) {
      return nullptr;
    }
    if (target->kind != ValueKind::string) {
      return m_model.function_for(target);
    }
    // A plain string may hold Fn::Sub placeholders or ${Name} DefinitionSubstitutions.
    return m_model.function_for(substitute(target->text));
  }

  Model& m_model;
  const Resource& m_state_machine;
  const Value* m_substitutions;
  const std::vector<const Reference*>* m_placeholders;
};

} // namespace

std::vector<StateMachineTask> extract_lambda_tasks(Model& model, const Resource& state_machine)
{
  const Value* definition = state_machine.property("Definition");
  const Value* substitutions = state_machine.property("DefinitionSubstitutions");
  if (substitutions && substitutions->kind != ValueKind::map) {
    substitutions = nullptr;
  }
  if (definition && definition->kind == ValueKind::map) {
    TaskCollector collector(model, state_machine, substitutions, nullptr);
    collector.states(definition->get("States"), 0);
    return std::move(collector.tasks);
  }
  const Value* text = state_machine.property("DefinitionString");
  if (text == nullptr) {
    return {};
  }
  std::string json_text;
  std::vector<const Reference*> placeholders;
  if (text->kind == ValueKind::string) {
    json_text = text->text;
  } else if (text->kind == ValueKind::text_template) {
    // A reference inside a JSON string becomes a placeholder inside that string; one outside a
    // string (`"TimeoutSeconds": ${Timeout}`) becomes a quoted placeholder so the JSON still parses
    // (the value is then unknown, which is what it is).
    bool in_string = false;
    bool escaped = false;
    for (const TemplatePart& part : text->parts) {
      if (part.is_reference) {
        const std::string placeholder = fmt::format("{}{}{}", k_placeholder, placeholders.size(), k_placeholder_end);
        json_text += in_string ? placeholder : fmt::format("\"{}\"", placeholder);
        placeholders.push_back(&part.reference);
        continue;
      }
      for (const char c : part.literal) {
        if (escaped) {
          escaped = false;
        } else if (in_string && c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = !in_string;
        }
      }
      json_text += part.literal;
    }
  } else {
    return {};
  }
  const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return {};
  }
  const Value* root = from_json(model, parsed, text->range, 0);
  TaskCollector collector(model, state_machine, substitutions, &placeholders);
  collector.states(root->get("States"), 0);
  return std::move(collector.tasks);
}

std::vector<StateMachineTask> extract_lambda_tasks_from(Model& model, const Resource& state_machine, const Value* definition)
{
  if (definition == nullptr || definition->kind != ValueKind::map) {
    return {};
  }
  TaskCollector collector(model, state_machine, nullptr, nullptr);
  collector.states(definition->get("States"), 0);
  return std::move(collector.tasks);
}

} // namespace lint::cfn
