#include "data/sam_schema.h"

#include "data/find_sorted.h"

namespace lint::data {

const SamResourceSpec* find_sam_resource_type(std::string_view type)
{
  return find_sorted(sam_resource_types(), type, [](const SamResourceSpec& spec) { return spec.type; });
}

const SamPropertySpec* find_sam_property(std::span<const SamPropertySpec> properties, std::string_view name)
{
  return find_sorted(properties, name, [](const SamPropertySpec& spec) { return spec.name; });
}

}  // namespace lint::data
