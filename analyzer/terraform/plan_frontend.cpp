#include "analyzer/terraform/plan_frontend.h"

#include "analyzer/terraform/facets.h"
#include "analyzer/terraform/frontend.h"
#include "analyzer/terraform/module.h"
#include "analyzer/node_value.h"
#include "parsers/node.h"
#include "support/read_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace lint::terraform {

namespace fs = std::filesystem;

namespace {

constexpr int k_max_depth = 64;

/// Provider attributes whose string value is a JSON document (as in the HCL evaluator).
bool is_json_attribute(std::string_view name)
{
  return name == "policy" || name == "assume_role_policy" || name == "definition" || name == "redrive_policy" ||
         name == "redrive_allow_policy" || name == "access_policy";
}

/// Attributes that identify a resource when another resource names it by value (a state file
/// holds `event_source_arn = "arn:aws:sqs:..."` where the configuration wrote a reference).
bool is_identity_attribute(std::string_view name)
{
  return name == "arn" || name == "invoke_arn" || name == "qualified_arn" || name == "qualified_invoke_arn" || name == "stream_arn" ||
         name == "url" || name == "id";
}

/// "module.a[0].aws_x.y[\"k\"]" → "module.a.aws_x.y": instance keys removed.
std::string without_indexes(std::string_view address)
{
  std::string out;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    const char c = address[i];
    if (depth > 0) {
      if (in_string && c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = !in_string;
      } else if (!in_string && c == ']') {
        --depth;
      }
      continue;
    }
    if (c == '[') {
      ++depth;
      continue;
    }
    out += c;
  }
  return out;
}

bool is_true(const Node* node)
{
  return node != nullptr && node->is_scalar() && !node->quoted && node->scalar == "true";
}

std::string scalar_text(const Node* node)
{
  return node != nullptr && node->is_scalar() ? node->scalar : std::string();
}

/// One resource instance of the plan or state.
struct PlanResource {
  std::string address;
  std::string type;
  std::string name;
  const Node* object = nullptr;        // the resource's object in the JSON file
  const Node* address_node = nullptr;
  const Node* type_node = nullptr;
  const Node* values = nullptr;        // after / values
  const Node* after_unknown = nullptr; // plans only
};

class PlanBuilder {
public:
  PlanBuilder(Model& model, const ParsedDocument& document, const PlanOptions& options)
      : m_model(model), m_document(document), m_options(options)
  {
  }

  void build()
  {
    m_model.format = SourceFormat::terraform;
    m_model.file = m_document.file;
    const Node* root = m_document.root;
    collect_resources(root);
    if (const Node* configuration = root->get("configuration")) {
      index_configuration(configuration->get("root_module"), "", 0);
    }
    if (m_options.use_configuration_beside) {
      load_configuration_beside();
    }
    declare_variables(root);
    collect_identities();
    std::map<const Resource*, std::string> types;
    for (const PlanResource& planned : m_resources) {
      add_resource(planned, types);
    }
    m_model.index();
    drop_read_back_policies(types);
    build_facets(m_model, types);
    if (m_hcl) {
      // The configuration's own problems (syntax errors, undeclared references) still count:
      // the plan cannot show them. Not LL004 (arguments the pinned provider schema lacks): the
      // plan shows that Terraform validated them against the provider that made it, which may
      // be newer than the pinned schema.
      for (const ModelProblem& problem : m_hcl->problems) {
        if (problem.rule_id != "LL004") {
          m_model.problems.push_back(problem);
        }
      }
    }
  }

private:
  // ---- Reading the JSON ----------------------------------------------------------------------

  void collect_resources(const Node* root)
  {
    const Node* changes = root->get("resource_changes");
    if (changes != nullptr && changes->is_sequence() && root->get("planned_values") != nullptr) {
      for (const Node* change_entry : changes->items) {
        if (!change_entry->is_mapping() || scalar_text(change_entry->get("mode")) != "managed") {
          continue;
        }
        const Node* change = change_entry->get("change");
        if (change == nullptr || !change->is_mapping()) {
          continue;
        }
        const Node* actions = change->get("actions");
        if (actions && actions->is_sequence() && actions->items.size() == 1 && scalar_text(actions->items[0]) == "delete") {
          continue; // gone after apply
        }
        PlanResource& resource = m_resources.emplace_back();
        fill_identity(resource, change_entry);
        resource.values = change->get("after");
        resource.after_unknown = change->get("after_unknown");
      }
      return;
    }
    const Node* values = root->get("planned_values");
    if (values == nullptr) {
      values = root->get("values");
    }
    if (values != nullptr && values->is_mapping()) {
      collect_module(values->get("root_module"), 0);
    }
  }

  void collect_module(const Node* module, int depth)
  {
    if (module == nullptr || !module->is_mapping()) {
      return;
    }
    if (depth > k_max_depth) {
      // Said, not dropped silently: the resources below are not analysed.
      ModelProblem problem;
      problem.rule_id = "LL001";
      problem.location = {m_document.file, module->range};
      problem.message = fmt::format("child_modules nested deeper than {} levels: the resources below are not analysed", k_max_depth);
      problem.fingerprint = "plan-child-modules-depth";
      m_model.problems.push_back(std::move(problem));
      return;
    }
    if (const Node* resources = module->get("resources"); resources && resources->is_sequence()) {
      for (const Node* entry : resources->items) {
        if (!entry->is_mapping() || scalar_text(entry->get("mode")) != "managed") {
          continue;
        }
        PlanResource& resource = m_resources.emplace_back();
        fill_identity(resource, entry);
        resource.values = entry->get("values");
      }
    }
    if (const Node* children = module->get("child_modules"); children && children->is_sequence()) {
      for (const Node* child : children->items) {
        collect_module(child, depth + 1);
      }
    }
  }

  static void fill_identity(PlanResource& resource, const Node* entry)
  {
    resource.object = entry;
    resource.address_node = entry->get("address");
    resource.type_node = entry->get("type");
    resource.address = scalar_text(resource.address_node);
    resource.type = scalar_text(resource.type_node);
    resource.name = scalar_text(entry->get("name"));
  }

  /// configuration.root_module (and module_calls, recursively): resource address without
  /// instance keys → its `expressions` object.
  void index_configuration(const Node* module, const std::string& prefix, int depth)
  {
    if (module == nullptr || !module->is_mapping() || depth > k_max_depth) {
      return;
    }
    if (const Node* resources = module->get("resources"); resources && resources->is_sequence()) {
      for (const Node* entry : resources->items) {
        if (entry->is_mapping() && scalar_text(entry->get("mode")) == "managed") {
          const std::string address = prefix + scalar_text(entry->get("address"));
          m_expressions[address] = entry->get("expressions");
          m_configuration_blocks[address] = entry;
        }
      }
    }
    if (const Node* calls = module->get("module_calls"); calls && calls->is_mapping()) {
      for (const MappingEntry& call : calls->entries) {
        if (call.value && call.value->is_mapping()) {
          index_configuration(call.value->get("module"), prefix + "module." + call.key + ".", depth + 1);
        }
      }
    }
  }

  /// The .tf files of the plan's directory, as one module: positions for findings, and the
  /// expressions (references) of values the plan knows only after apply.
  void load_configuration_beside()
  {
    const fs::path directory = fs::path(m_document.file->path()).parent_path();
    const fs::path where = directory.empty() ? fs::path(".") : directory;
    if (!is_module_directory(where)) {
      return;
    }
    m_hcl = build_model(where);
    for (const Resource& resource : m_hcl->resources) {
      m_hcl_resources.emplace(resource.id, &resource);
      m_hcl_resources.emplace(without_indexes(resource.id), &resource); // the first instance wins
    }
  }

  /// Model::parameters: the root module's input variables, `sensitive = true` standing for NoEcho
  /// (as the HCL front end declares them), from the .tf files beside the plan, else from the plan's
  /// configuration.root_module.variables ({"name": {"default": ..., "sensitive": true}}). The
  /// plan's `variables` object holds each one's value
  /// (https://developer.hashicorp.com/terraform/internals/json-format#plan-representation).
  void declare_variables(const Node* root)
  {
    if (const Node* values = root->get("variables"); values && values->is_mapping()) {
      for (const MappingEntry& entry : values->entries) {
        const Node* value = entry.value && entry.value->is_mapping() ? entry.value->get("value") : nullptr;
        if (value != nullptr && value->is_scalar()) {
          m_variable_values.emplace(entry.key, value);
        }
      }
    }
    if (m_hcl) {
      for (const Parameter& declared : m_hcl->parameters) {
        Parameter& parameter = m_model.parameters.emplace_back(declared);
        parameter.type = copy(declared.type, 0);
        m_variable_locations.emplace(parameter.name, parameter.location);
      }
      return;
    }
    const Node* configuration = root->get("configuration");
    const Node* module = configuration && configuration->is_mapping() ? configuration->get("root_module") : nullptr;
    const Node* variables = module && module->is_mapping() ? module->get("variables") : nullptr;
    if (variables == nullptr || !variables->is_mapping()) {
      return;
    }
    for (const MappingEntry& entry : variables->entries) {
      Parameter& parameter = m_model.parameters.emplace_back();
      parameter.name = entry.key;
      parameter.location = {m_document.file, entry.key_range};
      parameter.no_echo_name = "sensitive";
      parameter.no_echo = entry.value && entry.value->is_mapping() && is_true(entry.value->get("sensitive"));
      m_variable_locations.emplace(parameter.name, parameter.location);
    }
  }

  void collect_identities()
  {
    for (const PlanResource& resource : m_resources) {
      if (resource.values == nullptr || !resource.values->is_mapping()) {
        continue;
      }
      for (const MappingEntry& entry : resource.values->entries) {
        const std::string text = scalar_text(entry.value);
        if (is_identity_attribute(entry.key) && entry.value != nullptr && entry.value->quoted && (text.starts_with("arn:") || text.starts_with("https://"))) {
          m_identities.emplace(text, std::make_pair(resource.address, entry.key));
        }
      }
    }
  }

  // ---- Building resources --------------------------------------------------------------------

  /// Where a converted value is written: its HCL counterpart's place, else its JSON node (when the
  /// resource is not located in .tf files), else the nearest enclosing place.
  struct Place {
    SourceFilePtr file; // nullptr: the resource's file
    SourceRange range;
    const Value* hcl = nullptr;
  };

  struct Walk {
    const PlanResource* resource = nullptr;
    std::string module_prefix;
    bool json_positions = true; // JSON node ranges are valid in the resource's file
    /// The resource owns its block in the plan's configuration (Resource::other_ranges): values
    /// known only after apply are located at the references the configuration writes for them.
    bool owns_configuration = false;
  };

  void add_resource(const PlanResource& planned, std::map<const Resource*, std::string>& types)
  {
    if (planned.address.empty() || planned.type.empty()) {
      return;
    }
    Resource& resource = m_model.resources.emplace_back();
    resource.id = planned.address;
    resource.type = std::string(cloudformation_type(planned.type));
    const Resource* declared = nullptr;
    if (m_hcl) {
      auto found = m_hcl_resources.find(planned.address);
      if (found == m_hcl_resources.end()) {
        found = m_hcl_resources.find(without_indexes(planned.address));
      }
      declared = found != m_hcl_resources.end() ? found->second : nullptr;
    }
    Walk walk;
    walk.resource = &planned;
    const std::string local_address = planned.type + "." + planned.name;
    const std::size_t at = planned.address.rfind(local_address);
    walk.module_prefix = at == std::string::npos ? std::string() : planned.address.substr(0, at);
    resource.label = planned.name;
    resource.module = walk.module_prefix;
    Place place;
    if (declared != nullptr) {
      resource.file = declared->file;
      resource.id_range = declared->id_range;
      resource.type_range = declared->type_range;
      resource.range = declared->range;
      resource.properties_key_range = declared->properties_key_range;
      walk.json_positions = false;
      place = {nullptr, declared->id_range, declared->properties};
    } else {
      resource.file = m_document.file;
      resource.id_range = planned.address_node ? planned.address_node->range : planned.object->range;
      resource.type_range = planned.type_node ? planned.type_node->range : resource.id_range;
      resource.range = planned.object->range;
      resource.properties_key_range = resource.id_range;
      place = {nullptr, planned.values ? planned.values->range : resource.id_range, nullptr};
      // One instance per configuration block (no count / for_each): the block is this resource's,
      // so findings at the references written there keep their resource.
      if (const auto block = m_configuration_blocks.find(planned.address); block != m_configuration_blocks.end() && block->second != nullptr) {
        resource.other_ranges.push_back(block->second->range);
        walk.owns_configuration = true;
      }
    }
    const Node* expressions = nullptr;
    if (const auto found = m_expressions.find(without_indexes(planned.address)); found != m_expressions.end()) {
      expressions = found->second;
    }
    const Value* properties = nullptr;
    if (planned.values != nullptr && planned.values->is_mapping()) {
      properties = convert(walk, planned.values, planned.after_unknown, expressions, place, "", false, 0);
    } else {
      properties = &make(ValueKind::map, place);
    }
    resource.properties = properties;
    types.emplace(&resource, planned.type);
  }

  /// The provider reads a role's inline policies and attachments back into the role's
  /// inline_policy and managed_policy_arns, including those an aws_iam_role_policy or
  /// aws_iam_role_policy_attachment of the plan manages: those copies go, or every finding about
  /// the policy would be reported twice.
  void drop_read_back_policies(const std::map<const Resource*, std::string>& types)
  {
    auto type_of = [&](const Resource& resource) {
      const auto found = types.find(&resource);
      return found != types.end() ? std::string_view(found->second) : std::string_view();
    };
    // The policies and attachments indexed once by the role they name (a reference to the role
    // resource, else its name or an ARN ending in ":role/NAME"), instead of a pass over every
    // resource for every role: 50,000 roles and 50,000 functions took minutes.
    struct Attached {
      std::set<std::string, std::less<>> managed_names;
      std::set<std::string, std::less<>> attached_arns;
    };
    std::map<const Resource*, Attached> by_resource;
    std::map<std::string, Attached, std::less<>> by_name;
    for (const Resource& other : m_model.resources) {
      const std::string_view type = type_of(other);
      const bool inline_policy = type == "aws_iam_role_policy";
      if (!inline_policy && type != "aws_iam_role_policy_attachment") {
        continue;
      }
      const auto item = as_string(other.property(inline_policy ? "name" : "policy_arn"));
      if (!item) {
        continue;
      }
      auto add = [&](Attached& attached) {
        (inline_policy ? attached.managed_names : attached.attached_arns).emplace(*item);
      };
      const Value* role_value = other.property("role");
      if (const Resource* target = m_model.resource_for(role_value)) {
        add(by_resource[target]);
        continue;
      }
      const auto text = as_string(role_value);
      if (!text) {
        continue;
      }
      const std::string role_text(*text);
      add(by_name[role_text]);
      for (std::size_t at = role_text.find(":role/"); at != std::string::npos; at = role_text.find(":role/", at + 1)) {
        add(by_name[role_text.substr(at + 6)]);
      }
    }
    for (Resource& role : m_model.resources) {
      if (type_of(role) != "aws_iam_role" || role.properties == nullptr || role.properties->kind != ValueKind::map) {
        continue;
      }
      std::set<std::string, std::less<>> managed_names;
      std::set<std::string, std::less<>> attached_arns;
      auto merge = [&](const Attached& attached) {
        managed_names.insert(attached.managed_names.begin(), attached.managed_names.end());
        attached_arns.insert(attached.attached_arns.begin(), attached.attached_arns.end());
      };
      if (const auto found = by_resource.find(&role); found != by_resource.end()) {
        merge(found->second);
      }
      if (const auto role_name = as_string(role.property("name"))) {
        if (const auto found = by_name.find(*role_name); found != by_name.end()) {
          merge(found->second);
        }
      }
      if (managed_names.empty() && attached_arns.empty()) {
        continue;
      }
      Value& properties = m_model.values.make(ValueKind::map, role.properties->range);
      properties = *role.properties;
      for (ValueEntry& entry : properties.entries) {
        if ((entry.key != "inline_policy" && entry.key != "managed_policy_arns") || entry.value == nullptr ||
            entry.value->kind != ValueKind::list) {
          continue;
        }
        Value& kept = m_model.values.make(ValueKind::list, entry.value->range);
        kept = *entry.value;
        kept.items.clear();
        for (const Value* item : entry.value->items) {
          const auto name = as_string(item ? item->get("name") : nullptr);
          const auto arn = as_string(item);
          const bool read_back = (entry.key == "inline_policy" && name && managed_names.contains(*name)) ||
                                 (entry.key == "managed_policy_arns" && arn && attached_arns.contains(*arn));
          if (!read_back) {
            kept.items.push_back(item);
          }
        }
        entry.value = &kept;
      }
      role.properties = &properties;
    }
  }

  Value& make(ValueKind kind, const Place& place)
  {
    Value& value = m_model.values.make(kind, place.range);
    value.file = place.file;
    if (place.hcl != nullptr) {
      value.via_parameter = place.hcl->via_parameter;
      value.parameter_range = place.hcl->parameter_range;
      value.parameter_file = place.hcl->parameter_file;
    }
    return value;
  }

  /// A known scalar of the plan written from an input variable: the expression of the attribute
  /// it is in references var.NAME (Terraform gives one expression for a whole map argument such
  /// as environment.variables) and the value is that variable's value. The "var.NAME" a value
  /// from a variable carries in the HCL model (Value::via_parameter), or "".
  std::string variable_of(const Walk& walk, const Node* json) const
  {
    if (m_attribute_references == nullptr || !walk.module_prefix.empty()) {
      return {}; // the plan's variables are the root module's
    }
    std::string found;
    for (const Node* item : m_attribute_references->items) {
      const std::string reference = scalar_text(item);
      if (!reference.starts_with("var.")) {
        continue;
      }
      std::string_view name = std::string_view(reference).substr(4); // var.NAME or var.NAME.attribute
      name = name.substr(0, name.find('.'));
      const auto value = m_variable_values.find(name);
      if (value == m_variable_values.end() || value->second->scalar != json->scalar || value->second->quoted != json->quoted) {
        continue;
      }
      const std::string via = "var." + std::string(name);
      if (!found.empty() && found != via) {
        return {}; // two variables with this value: which one is not known
      }
      found = via;
    }
    return found;
  }

  /// The value of a known scalar, with the variable it comes from (variable_of).
  Value& make_scalar(const Walk& walk, ValueKind kind, const Place& place, const Node* json, bool in_document)
  {
    Value& value = make(kind, place);
    if (place.hcl == nullptr && !in_document) {
      if (std::string via = variable_of(walk, json); !via.empty()) {
        if (const auto declared = m_variable_locations.find(via.substr(4)); declared != m_variable_locations.end()) {
          value.parameter_range = declared->second.range;
          value.parameter_file = declared->second.file;
        }
        value.via_parameter = std::move(via);
      }
    }
    return value;
  }

  /// A copy of an HCL value in this model's arena (the HCL model does not outlive the build).
  const Value* copy(const Value* value, int depth)
  {
    if (value == nullptr) {
      return nullptr;
    }
    Value& out = m_model.values.make(value->kind, value->range);
    out = *value;
    if (depth > k_max_depth) {
      out.kind = ValueKind::unknown;
      out.text = "nested too deeply";
      out.items.clear();
      out.entries.clear();
      return &out;
    }
    for (const Value*& item : out.items) {
      item = copy(item, depth + 1);
    }
    for (ValueEntry& entry : out.entries) {
      entry.value = copy(entry.value, depth + 1);
    }
    return &out;
  }

  /// The child place of a map key or list item: its HCL counterpart when there is one.
  Place child_place(const Walk& walk, const Place& parent, const Node* json, const Value* hcl) const
  {
    if (hcl != nullptr) {
      return {hcl->file, hcl->range, hcl};
    }
    if (walk.json_positions && json != nullptr) {
      return {nullptr, json->range, nullptr};
    }
    return {parent.file, parent.range, nullptr};
  }

  /// A value the plan knows only after apply: the configuration's expression when it is a
  /// reference (HCL beside the plan, else the plan's own configuration), else unknown.
  const Value* after_apply(const Walk& walk, const Place& place, const Node* expression)
  {
    if (place.hcl != nullptr && !place.hcl->is_known_scalar()) {
      return copy(place.hcl, 0);
    }
    if (const Value* reference = configured_reference(walk, place, expression)) {
      return reference;
    }
    Value& value = make(ValueKind::unknown, place);
    value.text = "known after apply";
    return &value;
  }

  /// {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]} naming one resource → a reference
  /// to it, so facets link exactly as they do from .tf files.
  const Value* configured_reference(const Walk& walk, const Place& place, const Node* expression)
  {
    const Node* references = expression && expression->is_mapping() ? expression->get("references") : nullptr;
    if (references == nullptr || !references->is_sequence() || references->items.empty()) {
      return nullptr;
    }
    std::set<std::string> targets;
    std::string target;
    std::string attribute;
    for (const Node* item : references->items) {
      const std::string text = scalar_text(item);
      const std::string plain = without_indexes(text);
      const std::size_t first = plain.find('.');
      if (first == std::string::npos || !plain.starts_with("aws_")) {
        return nullptr; // var., local., module., data. or an expression Terraform could not name
      }
      const std::size_t second = plain.find('.', first + 1);
      targets.insert(plain.substr(0, second));
      if (second != std::string::npos && attribute.empty()) {
        // Keep the instance key as written: "aws_sqs_queue.q[0].arn" names aws_sqs_queue.q[0].
        const std::size_t attribute_at = text.rfind('.');
        target = text.substr(0, attribute_at);
        attribute = text.substr(attribute_at + 1);
      }
    }
    if (targets.size() != 1 || target.empty()) {
      return nullptr;
    }
    // The configuration's references name what the value will be: point there, not at the `true`
    // of after_unknown, when the resource owns that configuration block.
    Place at = place;
    if (walk.owns_configuration) {
      at.range = references->range;
    }
    Value& value = make(ValueKind::reference, at);
    value.reference = {Reference::Target::resource, walk.module_prefix + target, attribute};
    return &value;
  }

  /// An attribute the configuration does not write (it has the resource's configuration, and no
  /// expression for this one): known only after apply, the provider computes it (tracing_config,
  /// ephemeral_storage, ...); known in the plan, a top-level scalar is the provider schema's
  /// default, which a plan shows as a value (timeout = 3 for an aws_lambda_function that sets no
  /// timeout). Either is the same as unwritten, as the .tf files say. (A nested block can come
  /// from a `dynamic` block, which the configuration's expressions do not show: only top-level
  /// scalars are read as defaults.)
  static bool provider_computed(const Value* hcl_map, const ValueEntry* hcl_entry, const Node* expressions, const Node* expression_child)
  {
    return (hcl_map != nullptr || expressions != nullptr) && hcl_entry == nullptr && expression_child == nullptr;
  }

  const Value* convert(const Walk& walk, const Node* json, const Node* unknown, const Node* expression, const Place& place,
                       std::string_view key, bool in_document, int depth)
  {
    if (depth > k_max_depth) {
      Value& value = make(ValueKind::unknown, place);
      value.text = "nested too deeply";
      return &value;
    }
    if (is_true(unknown)) {
      return after_apply(walk, place, expression);
    }
    if (json == nullptr) {
      return nullptr;
    }
    // An expression object ({"references": [...]}) stands for the whole value below it.
    const Node* previous_references = m_attribute_references;
    if (const Node* references = expression && expression->is_mapping() ? expression->get("references") : nullptr;
        references != nullptr && references->is_sequence()) {
      m_attribute_references = references;
    }
    const Value* converted = convert_known(walk, json, unknown, expression, place, key, in_document, depth);
    m_attribute_references = previous_references;
    return converted;
  }

  const Value* convert_known(const Walk& walk, const Node* json, const Node* unknown, const Node* expression, const Place& place,
                             std::string_view key, bool in_document, int depth)
  {
    switch (json->kind) {
    case NodeKind::null: return nullptr;
    case NodeKind::mapping: {
      Value& map = make(ValueKind::map, place);
      const Value* hcl_map = place.hcl && place.hcl->kind == ValueKind::map ? place.hcl : nullptr;
      const Node* expressions = expression && expression->is_mapping() ? expression : nullptr;
      std::set<std::string, std::less<>> seen;
      for (const MappingEntry& entry : json->entries) {
        seen.insert(entry.key);
        const ValueEntry* hcl_entry = hcl_map ? hcl_map->find_entry(entry.key) : nullptr;
        const Place inner = child_place(walk, place, entry.value, hcl_entry ? hcl_entry->value : nullptr);
        const Node* unknown_child = unknown && unknown->is_mapping() ? unknown->get(entry.key) : nullptr;
        const Node* expression_child = expressions && !in_document ? expressions->get(entry.key) : nullptr;
        if (is_true(unknown_child) && provider_computed(hcl_map, hcl_entry, expressions, expression_child)) {
          continue;
        }
        if (depth == 0 && !in_document && entry.value != nullptr && entry.value->is_scalar() && !is_true(unknown_child) &&
            provider_computed(hcl_map, hcl_entry, expressions, expression_child)) {
          continue; // a provider default (timeout 3, memory_size 128): not written, as in the configuration
        }
        const Value* value = convert(walk, entry.value, unknown_child, expression_child, inner, entry.key, in_document, depth + 1);
        if (value == nullptr || (!in_document && value->kind == ValueKind::string && value->text.empty())) {
          continue; // null, and the provider's "" for an unset optional string: not written
        }
        const SourceRange key_range = hcl_entry ? hcl_entry->key_range : (walk.json_positions && !in_document ? entry.key_range : inner.range);
        map.entries.push_back({entry.key, key_range, value});
      }
      if (unknown && unknown->is_mapping()) {
        for (const MappingEntry& entry : unknown->entries) {
          if (seen.contains(entry.key) || !is_true(entry.value)) {
            continue;
          }
          const ValueEntry* hcl_entry = hcl_map ? hcl_map->find_entry(entry.key) : nullptr;
          const Place inner = child_place(walk, place, entry.value, hcl_entry ? hcl_entry->value : nullptr);
          const Node* expression_child = expressions ? expressions->get(entry.key) : nullptr;
          if (provider_computed(hcl_map, hcl_entry, expressions, expression_child)) {
            continue;
          }
          const SourceRange key_range = hcl_entry ? hcl_entry->key_range : inner.range;
          map.entries.push_back({entry.key, key_range, after_apply(walk, inner, expression_child)});
        }
      }
      return &map;
    }
    case NodeKind::sequence: {
      Value& list = make(ValueKind::list, place);
      const Value* hcl_list = place.hcl && place.hcl->kind == ValueKind::list ? place.hcl : nullptr;
      for (std::size_t i = 0; i < json->items.size(); ++i) {
        const Value* hcl_item = hcl_list && i < hcl_list->items.size() ? hcl_list->items[i] : nullptr;
        const Place inner = child_place(walk, place, json->items[i], hcl_item);
        const Node* unknown_item = unknown && unknown->is_sequence() && i < unknown->items.size() ? unknown->items[i] : nullptr;
        const Node* expression_item =
          expression && expression->is_sequence() && i < expression->items.size() ? expression->items[i] : nullptr;
        const Value* item = convert(walk, json->items[i], unknown_item, expression_item, inner, key, in_document, depth + 1);
        list.items.push_back(item ? item : &make(ValueKind::null, inner));
      }
      return &list;
    }
    case NodeKind::scalar: break;
    }
    if (!json->quoted) {
      if (json->scalar == "true" || json->scalar == "false") {
        Value& value = make_scalar(walk, ValueKind::boolean, place, json, in_document);
        value.boolean = json->scalar == "true";
        value.text = json->scalar;
        return &value;
      }
      Value& value = make_scalar(walk, ValueKind::number, place, json, in_document);
      value.text = json->scalar;
      value.numeric_text = parse_number(value.text, value.number);
      return &value;
    }
    if (!in_document && is_json_attribute(key) && !json->scalar.empty()) {
      if (const Value* document = decode_document(walk, json, place, depth)) {
        return document;
      }
    }
    if (const auto identity = m_identities.find(json->scalar);
        identity != m_identities.end() && identity->second.first != walk.resource->address) {
      // Another resource of the plan by its ARN or URL: the reference the configuration wrote.
      Value& value = make(ValueKind::reference, place);
      value.reference = {Reference::Target::resource, identity->second.first, identity->second.second};
      return &value;
    }
    Value& value = make_scalar(walk, ValueKind::string, place, json, in_document);
    value.text = json->scalar;
    value.numeric_text = parse_number(value.text, value.number);
    return &value;
  }

  /// A policy (or definition) held as a JSON string: decoded into a document. Its inner positions
  /// are the string's own (escapes make offsets inside it meaningless), or the HCL document's.
  const Value* decode_document(const Walk& walk, const Node* json, const Place& place, int depth)
  {
    auto scratch = std::make_shared<const SourceFile>(m_document.file->path(), json->scalar);
    auto parsed = std::make_unique<ParsedDocument>(parse_json(scratch));
    if (parsed->root == nullptr || !parsed->problems.empty() || !parsed->root->is_mapping()) {
      return nullptr;
    }
    Walk inner = walk;
    inner.json_positions = false;
    const Value* document = convert(inner, parsed->root, nullptr, nullptr, place, "", true, depth + 1);
    m_documents.push_back(std::move(parsed));
    return document;
  }

  Model& m_model;
  const ParsedDocument& m_document;
  const PlanOptions& m_options;
  std::vector<PlanResource> m_resources;
  std::map<std::string, const Node*, std::less<>> m_expressions;
  // Address without instance keys → the resource's object in configuration (its `expressions`
  // and their `references` are located there).
  std::map<std::string, const Node*, std::less<>> m_configuration_blocks;
  std::unique_ptr<Model> m_hcl;
  std::map<std::string, const Resource*, std::less<>> m_hcl_resources;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> m_identities; // ARN/URL → (address, attribute)
  std::vector<std::unique_ptr<ParsedDocument>> m_documents;
  std::map<std::string, const Node*, std::less<>> m_variable_values; // the plan's `variables`: name → its value
  std::map<std::string, Location, std::less<>> m_variable_locations;  // where each is declared
  const Node* m_attribute_references = nullptr; // references of the expression of the value being converted
};

std::string read_prefix(const fs::path& path, std::size_t limit)
{
  return read_regular_file_prefix(path, limit); // never blocks on a FIFO
}

} // namespace

bool is_plan_document(const Node* root)
{
  if (root == nullptr || !root->is_mapping() || root->get("format_version") == nullptr || root->get("terraform_version") == nullptr) {
    return false;
  }
  return root->get("planned_values") || root->get("values") || root->get("prior_state") || root->get("resource_changes");
}

bool looks_like_plan_json(std::string_view text)
{
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') {
    return false;
  }
  if (text.find("\"format_version\"") == std::string_view::npos || text.find("\"terraform_version\"") == std::string_view::npos) {
    return false;
  }
  for (std::string_view key : {"\"planned_values\"", "\"values\"", "\"prior_state\"", "\"resource_changes\""}) {
    if (text.find(key) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::unique_ptr<Model> build_plan_model(SourceFilePtr file, const PlanOptions& options)
{
  if (file == nullptr || !looks_like_plan_json(file->text())) {
    return nullptr;
  }
  return build_plan_model(parse_json(file), options);
}

std::unique_ptr<Model> build_plan_model(const ParsedDocument& document, const PlanOptions& options)
{
  if (!is_plan_document(document.root)) {
    return nullptr;
  }
  auto model = std::make_unique<Model>();
  PlanBuilder(*model, document, options).build();
  return model;
}

std::string plan_beside(const fs::path& directory)
{
  // terraform show -json writes format_version and terraform_version first, so the start of a file
  // rules most JSON files out before reading them whole.
  std::string best;
  bool best_is_plan = false;
  std::error_code error;
  std::vector<fs::path> candidates;
  for (fs::directory_iterator it(directory, fs::directory_options::skip_permission_denied, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code type_error;
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(type_error) && name.ends_with(".json") && !name.ends_with(".tf.json")) {
      candidates.push_back(it->path());
    }
  }
  std::sort(candidates.begin(), candidates.end());
  for (const fs::path& candidate : candidates) {
    const std::string start = read_prefix(candidate, 512);
    if (start.find("\"format_version\"") == std::string::npos || start.find("\"terraform_version\"") == std::string::npos) {
      continue;
    }
    const std::string text = read_prefix(candidate, k_max_plan_bytes);
    if (!looks_like_plan_json(text)) {
      continue;
    }
    const bool is_plan = text.find("\"planned_values\"") != std::string::npos || text.find("\"resource_changes\"") != std::string::npos;
    if (best.empty() || (is_plan && !best_is_plan)) {
      best = candidate.string();
      best_is_plan = is_plan;
    }
  }
  return best;
}

} // namespace lint::terraform
