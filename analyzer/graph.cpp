#include "analyzer/graph.h"

#include "analyzer/invoke.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace lint::graph {
namespace {

using Json = nlohmann::ordered_json;

enum class NodeKind : std::uint8_t { function, role, source, mapping, permission, url, state_machine, external };

std::string_view to_string(NodeKind kind)
{
  switch (kind) {
  case NodeKind::function: return "function";
  case NodeKind::role: return "role";
  case NodeKind::source: return "source";
  case NodeKind::mapping: return "event-source-mapping";
  case NodeKind::permission: return "permission";
  case NodeKind::url: return "function-url";
  case NodeKind::state_machine: return "state-machine";
  case NodeKind::external: return "external";
  }
  return "node";
}

struct Node {
  std::string id;       // logical id, or the written text of something outside the unit
  std::string type;     // resource type, or empty
  NodeKind kind = NodeKind::external;
  const Resource* resource = nullptr;
  std::vector<const Finding*> findings;
};

struct Edge {
  std::size_t from = 0;
  std::size_t to = 0;
  std::string label;
};

/// The graph of one unit: nodes in a stable order (functions first, then in declaration order of
/// discovery), edges in discovery order.
class Graph {
public:
  std::size_t node(const Resource& resource, NodeKind kind)
  {
    if (const auto found = m_by_resource.find(&resource); found != m_by_resource.end()) {
      return found->second;
    }
    nodes.push_back({resource.id, resource.type, kind, &resource, {}});
    m_by_resource.emplace(&resource, nodes.size() - 1);
    return nodes.size() - 1;
  }
  std::size_t external(const std::string& text, NodeKind kind)
  {
    if (const auto found = m_by_text.find(text); found != m_by_text.end()) {
      return found->second;
    }
    nodes.push_back({text, {}, kind, nullptr, {}});
    m_by_text.emplace(text, nodes.size() - 1);
    return nodes.size() - 1;
  }
  void edge(std::size_t from, std::size_t to, std::string label)
  {
    for (const Edge& existing : edges) {
      if (existing.from == from && existing.to == to && existing.label == label) {
        return;
      }
    }
    edges.push_back({from, to, std::move(label)});
  }

  std::vector<Node> nodes;
  std::vector<Edge> edges;

private:
  std::map<const Resource*, std::size_t> m_by_resource;
  std::map<std::string, std::size_t> m_by_text;
};

/// How a written value reads: a literal, `${Name}` / `${Name.Attr}` for references, templates with
/// their references in Sub syntax, or nullopt when it cannot be shown as one string.
std::optional<std::string> display_text(const Value* value)
{
  if (value == nullptr) {
    return std::nullopt;
  }
  if (const auto text = as_string(value)) {
    return std::string(*text);
  }
  auto reference_text = [](const Reference& reference) {
    return reference.attribute.empty() ? fmt::format("${{{}}}", reference.name) : fmt::format("${{{}.{}}}", reference.name, reference.attribute);
  };
  if (value->kind == ValueKind::reference) {
    return reference_text(value->reference);
  }
  if (value->kind == ValueKind::text_template) {
    std::string out;
    for (const TemplatePart& part : value->parts) {
      out += part.is_reference ? reference_text(part.reference) : part.literal;
    }
    return out;
  }
  return std::nullopt;
}

Json value_json(const Value* value, int depth = 0)
{
  if (value == nullptr || depth > 16) {
    return nullptr;
  }
  switch (value->kind) {
  case ValueKind::string: return value->text;
  case ValueKind::number: return value->number;
  case ValueKind::boolean: return value->boolean;
  case ValueKind::null:
  case ValueKind::absent: return nullptr;
  case ValueKind::list: {
    Json out = Json::array();
    for (const Value* item : value->items) {
      out.push_back(value_json(item, depth + 1));
    }
    return out;
  }
  case ValueKind::map: {
    Json out = Json::object();
    for (const ValueEntry& entry : value->entries) {
      out[entry.key] = value_json(entry.value, depth + 1);
    }
    return out;
  }
  case ValueKind::reference:
  case ValueKind::text_template: return *display_text(value);
  case ValueKind::choice: {
    Json branches = Json::array();
    for (const Value* branch : value->items) {
      branches.push_back(value_json(branch, depth + 1));
    }
    return Json{{"condition", value->condition}, {"branches", branches}};
  }
  case ValueKind::unknown: return Json{{"unknown", value->text}};
  }
  return nullptr;
}

Json location_json(const Location& location)
{
  if (location.file == nullptr) {
    return nullptr;
  }
  const LineColumn position = location.file->byte_position(location.range.begin);
  return Json{{"path", location.file->path()}, {"line", position.line}, {"column", position.column}};
}

/// A written property: its value and where it is written; an unwritten one with a default says so.
Json setting_json(const Resource& resource, const Value* value, std::optional<Json> default_value = std::nullopt)
{
  if (!is_set(value)) {
    if (!default_value) {
      return nullptr;
    }
    return Json{{"value", *default_value}, {"defaulted", true}};
  }
  return Json{{"value", value_json(value)}, {"location", location_json(resource.location(value->range))}};
}

Json statement_json(const Resource* resource, const Statement& statement)
{
  Json out = Json::object();
  auto add = [&](const char* key, const Value* value) {
    if (is_set(value)) {
      out[key] = value_json(value);
    }
  };
  add("Sid", statement.sid);
  add("Effect", statement.effect);
  add("Action", statement.action);
  add("NotAction", statement.not_action);
  add("Resource", statement.resource);
  add("NotResource", statement.not_resource);
  add("Condition", statement.condition);
  out["conditional"] = statement.conditional;
  if (resource != nullptr && statement.value != nullptr) {
    out["location"] = location_json(resource->location(statement.value->range));
  }
  return out;
}

Json policy_json(const Policy& policy)
{
  Json statements = Json::array();
  for (const Statement& statement : policy.statements) {
    statements.push_back(statement_json(policy.resource, statement));
  }
  Json out{{"name", policy.name}, {"origin", to_string(policy.origin)}};
  if (policy.arn != nullptr) {
    out["arn"] = value_json(policy.arn);
  }
  out["location"] = location_json(policy.location);
  out["statements"] = std::move(statements);
  return out;
}

Json role_json(const Model& model, const Function& function)
{
  if (const Role* role = function.execution_role) {
    Json policies = Json::array();
    for (const Policy* policy : role->policies) {
      if (policy != nullptr) {
        policies.push_back(policy_json(*policy));
      }
    }
    Json trust = Json::array();
    for (const Statement& statement : role->trust_statements) {
      trust.push_back(statement_json(role->resource, statement));
    }
    return Json{{"id", role->id},           {"generated", role->generated},    {"location", location_json(role->location)},
                {"trust", std::move(trust)}, {"policies", std::move(policies)}, {"resolved", true}};
  }
  if (!is_set(function.role)) {
    return nullptr;
  }
  // The role facets are not filled for this unit: say what is written and where it points.
  Json out{{"value", value_json(function.role)}, {"location", location_json(function.resource->location(function.role->range))}};
  if (const Resource* resource = model.resource_for(function.role)) {
    out["id"] = resource->id;
  }
  out["resolved"] = false;
  out["policies"] = Json::array();
  return out;
}

Json finding_ids(const std::vector<const Finding*>& findings)
{
  Json out = Json::array();
  for (const Finding* finding : findings) {
    out.push_back(finding->rule_id);
  }
  return out;
}

/// Builds the graph: functions, what invokes them, what they run as.
Graph build(const Model& model, std::span<const Finding> findings)
{
  Graph graph;
  for (const Function& function : model.functions) {
    graph.node(*function.resource, NodeKind::function);
  }
  for (const Function& function : model.functions) {
    const std::size_t self = graph.node(*function.resource, NodeKind::function);
    if (function.execution_role != nullptr && function.execution_role->resource != nullptr && !function.execution_role->generated) {
      graph.edge(self, graph.node(*function.execution_role->resource, NodeKind::role), "runs as");
    } else if (const Resource* role = model.resource_for(function.role)) {
      graph.edge(self, graph.node(*role, NodeKind::role), "runs as");
    } else if (function.execution_role != nullptr) {
      graph.edge(self, graph.external(function.execution_role->id, NodeKind::role), "runs as");
    } else if (const auto text = as_string(function.role)) {
      graph.edge(self, graph.external(std::string(*text), NodeKind::role), "runs as");
    }
  }
  for (const Trigger& trigger : model.triggers) {
    if (trigger.function == nullptr) {
      continue;
    }
    const std::size_t target = graph.node(*trigger.function->resource, NodeKind::function);
    const Resource& source = invoke::source_identity(trigger);
    std::string label(invoke::kind_slug(trigger.kind));
    if (&source != trigger.source) {
      label += " via " + trigger.source->id;
    }
    graph.edge(graph.node(source, NodeKind::source), target, std::move(label));
  }
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    const std::size_t node = graph.node(*mapping.resource, NodeKind::mapping);
    if (mapping.source != nullptr) {
      graph.edge(graph.node(*mapping.source, NodeKind::source), node, "polled by");
    } else if (const auto text = display_text(mapping.event_source_arn)) {
      graph.edge(graph.external(*text, NodeKind::source), node, "polled by");
    }
    if (mapping.function != nullptr) {
      graph.edge(node, graph.node(*mapping.function->resource, NodeKind::function), "invokes");
    }
  }
  for (const StateMachineTask& task : model.state_machine_tasks) {
    if (task.function != nullptr && task.state_machine != nullptr) {
      graph.edge(graph.node(*task.state_machine, NodeKind::state_machine), graph.node(*task.function->resource, NodeKind::function),
                 "task " + task.state_name);
    }
  }
  for (const Permission& permission : model.permissions) {
    const std::size_t node = graph.node(*permission.resource, NodeKind::permission);
    if (permission.function != nullptr) {
      graph.edge(node, graph.node(*permission.function->resource, NodeKind::function),
                 "allows " + display_text(permission.principal).value_or("?"));
    }
  }
  for (const FunctionUrl& url : model.function_urls) {
    const std::size_t node = graph.node(*url.resource, NodeKind::url);
    if (url.function != nullptr) {
      graph.edge(node, graph.node(*url.function->resource, NodeKind::function), "auth " + display_text(url.auth_type).value_or("?"));
    }
  }
  // Findings go to the node of the resource that holds their primary location. A finding located
  // elsewhere (on the wiring between two nodes, such as the API method whose invoke permission is
  // missing, or on a Globals value) goes to every node its related locations point into (the
  // function the method invokes, the functions that inherit the value), so that the picture shows
  // each problem on the nodes it concerns.
  const auto node_holding = [&graph](const Location& where) -> Node* {
    for (Node& node : graph.nodes) {
      if (node.resource != nullptr && node.resource->file == where.file &&
          (node.resource->range.contains(where.range.begin) || node.resource->id_range.begin == where.range.begin)) {
        return &node;
      }
    }
    return nullptr;
  };
  for (const Finding& finding : findings) {
    if (Node* node = node_holding(finding.primary)) {
      node->findings.push_back(&finding);
      continue;
    }
    std::vector<Node*> concerned;
    for (const RelatedLocation& related : finding.related) {
      Node* node = node_holding(related.location);
      if (node != nullptr && std::find(concerned.begin(), concerned.end(), node) == concerned.end()) {
        concerned.push_back(node);
      }
    }
    for (Node* node : concerned) {
      node->findings.push_back(&finding);
    }
  }
  return graph;
}

// --- dot ---------------------------------------------------------------------------------------

std::string dot_escape(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string_view dot_shape(NodeKind kind)
{
  switch (kind) {
  case NodeKind::function: return "component";
  case NodeKind::role: return "house";
  case NodeKind::source: return "cylinder";
  case NodeKind::mapping: return "cds";
  case NodeKind::permission: return "note";
  case NodeKind::url: return "cds";
  case NodeKind::state_machine: return "octagon";
  case NodeKind::external: return "box";
  }
  return "box";
}

std::set<std::string_view> rule_ids(const Node& node)
{
  std::set<std::string_view> ids;
  for (const Finding* finding : node.findings) {
    ids.insert(finding->rule_id);
  }
  return ids;
}

std::string render_dot(const Graph& graph)
{
  std::string out = "digraph lambdalint {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& node = graph.nodes[i];
    std::string label = node.id;
    if (!node.type.empty()) {
      label += "\n" + node.type;
    }
    const std::set<std::string_view> ids = rule_ids(node);
    if (!ids.empty()) {
      label += fmt::format("\n{}", fmt::join(ids, " "));
    }
    std::string attributes = fmt::format("label=\"{}\", shape={}", dot_escape(label), dot_shape(node.kind));
    if (!node.findings.empty()) {
      bool error = std::any_of(node.findings.begin(), node.findings.end(), [](const Finding* f) { return f->level == Level::error; });
      std::string tooltip;
      for (const Finding* finding : node.findings) {
        tooltip += fmt::format("{}: {}\n", finding->rule_id, finding->message);
      }
      attributes += fmt::format(", style=filled, fillcolor=\"{}\", color=\"{}\", tooltip=\"{}\"", error ? "#f8d0d0" : "#fbecc4",
                                error ? "#b00020" : "#a06000", dot_escape(tooltip));
    } else if (node.kind == NodeKind::function) {
      attributes += ", style=filled, fillcolor=\"#dbe8fb\"";
    }
    out += fmt::format("  n{} [{}];\n", i, attributes);
  }
  for (const Edge& edge : graph.edges) {
    out += fmt::format("  n{} -> n{} [label=\"{}\"];\n", edge.from, edge.to, dot_escape(edge.label));
  }
  out += "}\n";
  return out;
}

// --- mermaid -----------------------------------------------------------------------------------

std::string mermaid_escape(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '"': out += "#quot;"; break;
    case '<': out += "#lt;"; break;
    case '>': out += "#gt;"; break;
    case '\n': out += "<br/>"; break;
    default: out += c;
    }
  }
  return out;
}

std::string render_mermaid(const Graph& graph)
{
  std::string out = "flowchart LR\n";
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& node = graph.nodes[i];
    std::string label = mermaid_escape(node.id);
    if (!node.type.empty()) {
      label += "<br/>" + mermaid_escape(node.type);
    }
    const std::set<std::string_view> ids = rule_ids(node);
    if (!ids.empty()) {
      label += fmt::format("<br/>{}", fmt::join(ids, " "));
    }
    // Shapes: [[function]], [(source)], {{permission}}, [role]...
    const auto [open, close] = node.kind == NodeKind::function     ? std::pair{"[[\"", "\"]]"}
                               : node.kind == NodeKind::source     ? std::pair{"[(\"", "\")]"}
                               : node.kind == NodeKind::permission ? std::pair{"{{\"", "\"}}"}
                               : node.kind == NodeKind::role       ? std::pair{"[/\"", "\"\\]"}
                                                                   : std::pair{"[\"", "\"]"};
    out += fmt::format("  n{}{}{}{}\n", i, open, label, close);
  }
  for (const Edge& edge : graph.edges) {
    out += fmt::format("  n{} -->|\"{}\"| n{}\n", edge.from, mermaid_escape(edge.label), edge.to);
  }
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& node = graph.nodes[i];
    if (node.findings.empty()) {
      continue;
    }
    const bool error = std::any_of(node.findings.begin(), node.findings.end(), [](const Finding* f) { return f->level == Level::error; });
    (error ? errors : warnings).push_back(fmt::format("n{}", i));
  }
  out += "  classDef error fill:#f8d0d0,stroke:#b00020\n  classDef warning fill:#fbecc4,stroke:#a06000\n";
  if (!errors.empty()) {
    out += fmt::format("  class {} error\n", fmt::join(errors, ","));
  }
  if (!warnings.empty()) {
    out += fmt::format("  class {} warning\n", fmt::join(warnings, ","));
  }
  return out;
}

// --- json --------------------------------------------------------------------------------------

Json function_json(const Model& model, const Function& function, const Graph& graph)
{
  const Resource& resource = *function.resource;
  Json settings = Json::object();
  settings["FunctionName"] = setting_json(resource, function.function_name);
  settings["Runtime"] = setting_json(resource, function.runtime);
  settings["Handler"] = setting_json(resource, function.handler);
  settings["PackageType"] = setting_json(resource, function.package_type, Json("Zip"));
  settings["Timeout"] = setting_json(resource, function.timeout, Json(Function::k_default_timeout));
  settings["MemorySize"] = setting_json(resource, function.memory_size, Json(Function::k_default_memory));
  settings["EphemeralStorage"] = setting_json(resource, function.ephemeral_storage, Json(512));
  settings["ReservedConcurrentExecutions"] = setting_json(resource, function.reserved_concurrency);
  settings["TracingMode"] = setting_json(resource, function.tracing_mode, Json("PassThrough"));
  settings["SubnetIds"] = setting_json(resource, function.vpc_subnet_ids);
  settings["SecurityGroupIds"] = setting_json(resource, function.vpc_security_group_ids);
  settings["KmsKeyArn"] = setting_json(resource, function.kms_key_arn);
  settings["Layers"] = setting_json(resource, function.layers);
  settings["DeadLetterTarget"] = setting_json(resource, function.dead_letter_target);
  settings["LogGroup"] = setting_json(resource, function.logging_log_group);
  // Variable names only: values may be secrets (LL602 reports those).
  if (function.environment_variables != nullptr && function.environment_variables->kind == ValueKind::map) {
    Json names = Json::array();
    for (const ValueEntry& entry : function.environment_variables->entries) {
      names.push_back(entry.key);
    }
    settings["EnvironmentVariableNames"] = Json{{"value", names}, {"location", location_json(resource.location(function.environment_variables->range))}};
  } else {
    settings["EnvironmentVariableNames"] = nullptr;
  }

  Json permissions = Json::array();
  for (const Permission& permission : model.permissions) {
    if (invoke::permission_targets(model, permission, function) == invoke::Match::no) {
      continue;
    }
    const Resource& written = *permission.resource;
    permissions.push_back(Json{{"id", written.id},
                               {"certain", permission.function == &function},
                               {"location", location_json(written.at_id())},
                               {"Action", setting_json(written, permission.action)},
                               {"Principal", setting_json(written, permission.principal)},
                               {"SourceArn", setting_json(written, permission.source_arn)},
                               {"SourceAccount", setting_json(written, permission.source_account)},
                               {"PrincipalOrgID", setting_json(written, permission.principal_org_id)}});
  }

  Json triggers = Json::array();
  for (const Trigger& trigger : model.triggers) {
    if (trigger.function != &function) {
      continue;
    }
    Json allowed_by = Json::array();
    if (!trigger.principal.empty()) {
      for (const Permission* permission : invoke::authorize(model, trigger).granting) {
        allowed_by.push_back(permission->resource->id);
      }
    }
    triggers.push_back(Json{{"kind", invoke::kind_slug(trigger.kind)},
                            {"description", to_string(trigger.kind)},
                            {"wiring_resource", trigger.source->id},
                            {"source", invoke::source_identity(trigger).id},
                            {"principal", trigger.principal.empty() ? Json(nullptr) : Json(trigger.principal)},
                            {"source_arn", display_text(trigger.source_arn) ? Json(*display_text(trigger.source_arn)) : Json(nullptr)},
                            {"permission_auto_created", trigger.permission_auto_created},
                            {"covered_by_generated_permission", invoke::covered_by_generated_permission(model, trigger)},
                            {"allowed_by", trigger.principal.empty() ? Json(nullptr) : allowed_by},
                            {"location", location_json(trigger.wiring)}});
  }

  Json mappings = Json::array();
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.function != &function) {
      continue;
    }
    mappings.push_back(Json{{"id", mapping.resource->id},
                            {"source", mapping.source != nullptr ? Json(mapping.source->id) : Json(nullptr)},
                            {"EventSourceArn", setting_json(*mapping.resource, mapping.event_source_arn)},
                            {"location", location_json(mapping.resource->at_id())}});
  }

  Json urls = Json::array();
  for (const FunctionUrl& url : model.function_urls) {
    if (url.function == &function) {
      urls.push_back(Json{{"id", url.resource->id}, {"AuthType", setting_json(*url.resource, url.auth_type)}, {"location", location_json(url.resource->at_id())}});
    }
  }

  Json out{{"id", resource.id}, {"type", resource.type}, {"location", location_json(resource.at_id())}};
  out["settings"] = std::move(settings);
  out["role"] = role_json(model, function);
  out["permissions"] = std::move(permissions);
  out["triggers"] = std::move(triggers);
  out["event_source_mappings"] = std::move(mappings);
  out["function_urls"] = std::move(urls);
  for (const Node& node : graph.nodes) {
    if (node.resource == &resource) {
      out["findings"] = finding_ids(node.findings);
    }
  }
  return out;
}

std::string render_json(const Model& model, std::span<const Finding> findings, const Graph& graph)
{
  Json functions = Json::array();
  for (const Function& function : model.functions) {
    functions.push_back(function_json(model, function, graph));
  }
  Json nodes = Json::array();
  for (const Node& node : graph.nodes) {
    nodes.push_back(Json{{"id", node.id},
                         {"kind", to_string(node.kind)},
                         {"type", node.type.empty() ? Json(nullptr) : Json(node.type)},
                         {"location", node.resource != nullptr ? location_json(node.resource->at_id()) : Json(nullptr)},
                         {"findings", finding_ids(node.findings)}});
  }
  Json edges = Json::array();
  for (const Edge& edge : graph.edges) {
    edges.push_back(Json{{"from", graph.nodes[edge.from].id}, {"to", graph.nodes[edge.to].id}, {"label", edge.label}});
  }
  Json listed = Json::array();
  for (const Finding& finding : findings) {
    listed.push_back(Json{{"rule", finding.rule_id},
                          {"level", to_string(finding.level)},
                          {"message", finding.message},
                          {"location", location_json(finding.primary)},
                          {"fingerprint", finding.fingerprint}});
  }
  Json document{{"version", k_json_version},
                {"path", model.file != nullptr ? Json(model.file->path()) : Json(nullptr)},
                {"format", model.format == SourceFormat::sam ? "sam" : model.format == SourceFormat::terraform ? "terraform" : "cloudformation"}};
  document["functions"] = std::move(functions);
  document["nodes"] = std::move(nodes);
  document["edges"] = std::move(edges);
  document["findings"] = std::move(listed);
  return document.dump(2) + "\n";
}

} // namespace

std::string render(const Model& model, std::span<const Finding> findings, Format format)
{
  const Graph graph = build(model, findings);
  switch (format) {
  case Format::dot: return render_dot(graph);
  case Format::mermaid: return render_mermaid(graph);
  case Format::json: return render_json(model, findings, graph);
  }
  return {};
}

} // namespace lint::graph
