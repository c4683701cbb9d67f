#include "rules/common/sam_properties.h"

#include "data/sam_schema.h"

#include <algorithm>
#include <vector>

namespace lint::rules {
namespace {

constexpr int k_max_depth = 64;

/// A structure in the CloudFormation specification by name: a resource type's property
/// ("AWS::Lambda::Function" + "LoggingConfig") or a structure's ("AWS::Lambda::LayerVersion.Content"
/// + "S3Bucket").
const data::PropertySpec* cfn_property(std::string_view owner, std::string_view name)
{
  if (const data::ResourceTypeSpec* type = data::find_resource_type(owner)) {
    return data::find_property(type->properties, name);
  }
  const auto definitions = data::type_definitions();
  const auto it = std::lower_bound(definitions.begin(), definitions.end(), owner,
                                   [](const data::TypeDefinitionSpec& spec, std::string_view wanted) { return spec.name < wanted; });
  return it != definitions.end() && it->name == owner ? data::find_property(it->properties, name) : nullptr;
}

class SamChecker {
public:
  SamChecker(SamPropertySink& sink, std::set<std::size_t>& reported_globals) : m_sink(sink), m_reported_globals(reported_globals) {}

  void check_object(const Value* value, std::int32_t object_index, const std::string& path, int depth)
  {
    const auto objects = data::sam_objects();
    if (depth > k_max_depth || object_index < 0 || static_cast<std::size_t>(object_index) >= objects.size()) {
      return;
    }
    const data::SamObjectSpec& object = objects[static_cast<std::size_t>(object_index)];
    for (const Value* possible : possible_values(value)) {
      if (possible->kind != ValueKind::map) {
        continue; // unknown, intrinsic results, scalars the schema allows beside the structure
      }
      for (const ValueEntry& entry : possible->entries) {
        check_entry(entry, object, path, depth);
      }
    }
  }

private:
  void check_entry(const ValueEntry& entry, const data::SamObjectSpec& object, const std::string& path, int depth)
  {
    // Intrinsic-looking keys are resolved before SAM validates (see unknown_property.cpp).
    // "__MANAGE_SWAGGER" and other "__" keys are the translator's own markers (set on the implicit
    // ServerlessRestApi by older SAM CLI packaging), accepted by SAM though not in its schema.
    if (entry.key.starts_with("Fn::") || entry.key == "Ref" || entry.key == "Condition" || entry.key.starts_with("__")) {
      return;
    }
    const std::string child_path = path.empty() ? entry.key : path + "." + entry.key;
    const data::SamPropertySpec* property = data::find_sam_property(object.properties, entry.key);
    if (property == nullptr) {
      if (object.closed && first_report(entry)) {
        report(entry, object, child_path);
      }
      return;
    }
    check_value(entry.value, *property, child_path, depth);
  }

  /// A Globals key is inherited by every resource of its kind: it is reported once, at the key.
  bool first_report(const ValueEntry& entry)
  {
    if (entry.value == nullptr || !entry.value->from_globals) {
      return true;
    }
    return m_reported_globals.insert(entry.key_range.begin).second;
  }

  void report(const ValueEntry& entry, const data::SamObjectSpec& object, const std::string& path)
  {
    std::vector<data::PropertySpec> names;
    names.reserve(object.properties.size());
    for (const data::SamPropertySpec& property : object.properties) {
      names.push_back({.name = property.name, .documentation = {}, .required = false, .is_list = false, .is_map = false,
                       .primitive = {}, .type_definition = -1});
    }
    m_sink.unknown(entry, names, object.name, path);
  }

  void check_value(const Value* value, const data::SamPropertySpec& property, const std::string& path, int depth)
  {
    if (!property.events.empty()) {
      for (const Value* possible : possible_values(value)) {
        if (possible->kind != ValueKind::map) {
          continue;
        }
        for (const ValueEntry& event : possible->entries) {
          if (!event.key.starts_with("Fn::") && event.key != "Ref") {
            check_event(event.value, property.events, path + "." + event.key, depth + 1);
          }
        }
      }
      return;
    }
    if (property.object >= 0) {
      for (const Value* possible : possible_values(value)) {
        if (property.is_list) {
          for (const Value* item : list_items(possible)) {
            check_object(item, property.object, path + "[]", depth + 1);
          }
        } else if (property.is_map) {
          if (possible->kind == ValueKind::map) {
            for (const ValueEntry& entry : possible->entries) {
              check_object(entry.value, property.object, path + "." + entry.key, depth + 1);
            }
          }
        } else {
          check_object(possible, property.object, path, depth + 1);
        }
      }
      return;
    }
    if (!property.cfn_owner.empty()) {
      if (const data::PropertySpec* target = cfn_property(property.cfn_owner, property.cfn_property)) {
        m_sink.pass_through(value, *target, path, depth + 1);
      }
    }
  }

  /// An event source: its structure depends on its Type; an unknown or computed Type is not judged.
  void check_event(const Value* value, std::span<const data::SamEventSpec> events, const std::string& path, int depth)
  {
    for (const Value* possible : possible_values(value)) {
      if (possible->kind != ValueKind::map) {
        continue;
      }
      const std::optional<std::string_view> type = as_string(possible->get("Type"));
      if (!type) {
        continue;
      }
      const auto it = std::find_if(events.begin(), events.end(), [&](const data::SamEventSpec& event) { return event.type == *type; });
      if (it != events.end()) {
        check_object(possible, it->object, path, depth);
      }
    }
  }

  SamPropertySink& m_sink;
  std::set<std::size_t>& m_reported_globals;
};

} // namespace

void check_sam_properties(const Resource& resource, SamPropertySink& sink, std::set<std::size_t>& reported_globals)
{
  const data::SamResourceSpec* spec = data::find_sam_resource_type(resource.type);
  if (spec == nullptr || resource.properties == nullptr) {
    return; // a type SAM does not define: the transform rejects it
  }
  SamChecker(sink, reported_globals).check_object(resource.properties, spec->properties, std::string(), 0);
}

} // namespace lint::rules
