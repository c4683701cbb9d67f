#include "analyzer/sam/policy_templates.h"

#include <nlohmann/json.hpp>

namespace lint::sam {

std::string_view policy_templates_json(); // generated from policy_templates.json

namespace {

const nlohmann::json& templates()
{
  // Parsed once, on first use, by whichever thread gets here first (thread-safe static init).
  static const nlohmann::json parsed = [] {
    nlohmann::json json = nlohmann::json::parse(policy_templates_json(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.contains("Templates") || !json["Templates"].is_object()) {
      return nlohmann::json::object();
    }
    return json["Templates"];
  }();
  return parsed;
}

const nlohmann::json* find_template(std::string_view name)
{
  const nlohmann::json& all = templates();
  const auto found = all.find(std::string(name));
  return found == all.end() || !found->is_object() ? nullptr : &*found;
}

class NodeBuilder {
public:
  NodeBuilder(NodeArena& arena, const nlohmann::json& parameters, const Node* arguments, SourceRange at)
    : m_arena(arena), m_parameters(parameters), m_arguments(arguments), m_at(at)
  {
  }

  const Node* build(const nlohmann::json& json, int depth)
  {
    Node& node = m_arena.make();
    node.range = m_at;
    if (depth > 32) {
      return &node; // null
    }
    if (json.is_object()) {
      // {"Ref": "<Parameter>"} becomes the user's value for that parameter.
      if (json.size() == 1 && json.contains("Ref") && json["Ref"].is_string()) {
        const std::string name = json["Ref"].get<std::string>();
        if (m_parameters.contains(name) && m_arguments != nullptr) {
          if (const Node* argument = m_arguments->get(name)) {
            return argument;
          }
        }
      }
      node.kind = NodeKind::mapping;
      for (const auto& [key, item] : json.items()) {
        node.entries.push_back({key, m_at, build(item, depth + 1)});
      }
    } else if (json.is_array()) {
      node.kind = NodeKind::sequence;
      for (const auto& item : json) {
        node.items.push_back(build(item, depth + 1));
      }
    } else if (json.is_string()) {
      node.kind = NodeKind::scalar;
      node.quoted = true;
      node.scalar = json.get<std::string>();
    } else if (json.is_number() || json.is_boolean()) {
      node.kind = NodeKind::scalar;
      node.scalar = json.dump();
    }
    return &node;
  }

private:
  NodeArena& m_arena;
  const nlohmann::json& m_parameters;
  const Node* m_arguments;
  SourceRange m_at;
};

} // namespace

bool is_policy_template(std::string_view name)
{
  return find_template(name) != nullptr;
}

const Value* expand_policy_template(cfn::Evaluator& evaluator, NodeArena& arena, std::string_view name, const Node* arguments,
                                    SourceRange at)
{
  const nlohmann::json* definition = find_template(name);
  if (definition == nullptr || !definition->contains("Definition")) {
    return nullptr;
  }
  static const nlohmann::json no_parameters = nlohmann::json::object();
  const nlohmann::json& parameters =
    definition->contains("Parameters") && (*definition)["Parameters"].is_object() ? (*definition)["Parameters"] : no_parameters;
  // SAM refuses a template whose parameters are not all given: nothing is granted then.
  for (const auto& [parameter, unused] : parameters.items()) {
    if (arguments == nullptr || !arguments->is_mapping() || arguments->get(parameter) == nullptr) {
      return nullptr;
    }
  }
  NodeBuilder builder(arena, parameters, arguments != nullptr && arguments->is_mapping() ? arguments : nullptr, at);
  return evaluator.evaluate(builder.build((*definition)["Definition"], 0));
}

} // namespace lint::sam
