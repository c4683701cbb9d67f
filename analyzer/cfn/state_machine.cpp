#include "analyzer/cfn/state_machine.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace lint::cfn {
namespace {

constexpr std::string_view k_placeholder = "__lambdalint_ref_";

/// Converts parsed JSON into Values that all point at `range` (the DefinitionString): positions
/// inside a JSON string cannot be mapped back exactly, the property can.
const Value* from_json(Model& model, const nlohmann::json& json, SourceRange range, int depth)
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
      if (const Value* branches = state->get("Branches"); branches && branches->kind == ValueKind::list) {
        for (const Value* branch : branches->items) {
          states(branch ? branch->get("States") : nullptr, depth + 1);
        }
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
    // The optimised integration names the function in its parameters.
    if (const auto text = as_string(resource); text && text->find(":states:::lambda:invoke") != std::string_view::npos) {
      const Value* parameters = state->get("Parameters") ? state->get("Parameters") : state->get("Arguments");
      target = parameters ? parameters->get("FunctionName") : nullptr;
    }
    const Function* function = resolve(target);
    if (function == nullptr) {
      return;
    }
    StateMachineTask task;
    task.state_machine = &m_state_machine;
    task.state_name = name;
    task.location = {m_state_machine.file, target->range};
    task.timeout_seconds = as_integer(state->get("TimeoutSeconds"));
    task.function = function;
    tasks.push_back(std::move(task));
  }

  const Function* resolve(const Value* target) const
  {
    if (target == nullptr) {
      return nullptr;
    }
    if (const Function* direct = m_model.function_for(target)) {
      return direct;
    }
    const auto text = as_string(target);
    if (!text) {
      return nullptr;
    }
    // "${FnArn}" with DefinitionSubstitutions.
    if (m_substitutions && text->starts_with("${") && text->ends_with("}")) {
      return m_model.function_for(m_substitutions->get(text->substr(2, text->size() - 3)));
    }
    // A placeholder we put where an Fn::Sub reference was.
    if (m_placeholders) {
      const std::size_t at = text->find(k_placeholder);
      if (at != std::string_view::npos) {
        const std::size_t index = static_cast<std::size_t>(std::atoi(std::string(text->substr(at + k_placeholder.size())).c_str()));
        if (index < m_placeholders->size() && (*m_placeholders)[index]->target == Reference::Target::resource) {
          return m_model.find_function((*m_placeholders)[index]->name);
        }
      }
    }
    return nullptr;
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
    for (const TemplatePart& part : text->parts) {
      if (part.is_reference) {
        json_text += fmt::format("{}{}__", k_placeholder, placeholders.size());
        placeholders.push_back(&part.reference);
      } else {
        json_text += part.literal;
      }
    }
  } else {
    return {};
  }
  const nlohmann::json parsed = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return {};
  }
  const Value* root = from_json(model, parsed, text->range, 0);
  TaskCollector collector(model, state_machine, substitutions, &placeholders);
  collector.states(root->get("States"), 0);
  return std::move(collector.tasks);
}

} // namespace lint::cfn
