#include "analyzer/resource_policies.h"

#include <vector>

namespace lint {

void add_resource_policies(Model& model, const Resource& resource, const Value* targets, ResourceKind kind, const Value* document)
{
  std::vector<const Reference*> references;
  collect_references(targets, references);
  bool added = false;
  for (const Reference* reference : references) {
    if (reference->target != Reference::Target::resource) {
      continue;
    }
    if (const Resource* target = model.find_resource(reference->name)) {
      model.resource_policies.push_back({&resource, target, kind, document, resource.at_id()});
      added = true;
    }
  }
  if (!added) {
    model.resource_policies.push_back({&resource, nullptr, kind, document, resource.at_id()});
  }
}

void add_inline_resource_policy(Model& model, const Resource& resource, const Value* document)
{
  if (is_set(document)) {
    model.resource_policies.push_back({&resource, &resource, resource.kind(), document, resource.location(document)});
  }
}

} // namespace lint
