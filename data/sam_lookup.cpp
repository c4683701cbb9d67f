#include "data/sam_schema.h"

#include <algorithm>

namespace lint::data {

const SamResourceSpec* find_sam_resource_type(std::string_view type)
{
  const auto types = sam_resource_types();
  const auto it = std::lower_bound(types.begin(), types.end(), type,
                                   [](const SamResourceSpec& spec, std::string_view wanted) { return spec.type < wanted; });
  return it != types.end() && it->type == type ? &*it : nullptr;
}

const SamPropertySpec* find_sam_property(std::span<const SamPropertySpec> properties, std::string_view name)
{
  const auto it = std::lower_bound(properties.begin(), properties.end(), name,
                                   [](const SamPropertySpec& spec, std::string_view wanted) { return spec.name < wanted; });
  return it != properties.end() && it->name == name ? &*it : nullptr;
}

}  // namespace lint::data
