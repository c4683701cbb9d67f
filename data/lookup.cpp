// Binary-search lookups over the generated tables (see tools/gen_data for how they are sorted).
#include <algorithm>
#include <cstddef>

#include "data/cfn_spec.h"
#include "data/find_sorted.h"
#include "data/generated_tables.h"
#include "data/iam_catalog.h"
#include "data/managed_policies.h"

namespace lint::data {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Same order as the generator's lower-cased std::string comparison.
bool iless(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(ascii_lower(x)) < static_cast<unsigned char>(ascii_lower(y));
  });
}

}  // namespace

const ResourceTypeSpec* find_resource_type(std::string_view cfn_type) {
  return find_sorted(resource_types(), cfn_type, [](const ResourceTypeSpec& r) { return r.type; });
}

const PropertySpec* find_property(std::span<const PropertySpec> properties, std::string_view name) {
  return find_sorted(properties, name, [](const PropertySpec& p) { return p.name; });
}

const IamServiceSpec* find_iam_service(std::string_view prefix) {
  // Prefixes are lower-case in the data, so case-insensitive search over a byte-sorted table works.
  return find_sorted(iam_services(), prefix, [](const IamServiceSpec& s) { return s.prefix; }, iless);
}

const IamActionSpec* find_iam_action(const IamServiceSpec& service, std::string_view action) {
  return find_sorted(service.actions, action, [](const IamActionSpec& a) { return a.name; }, iless);
}

const ManagedPolicySpec* find_managed_policy_by_name(std::string_view name) {
  return find_sorted(managed_policies(), name, [](const ManagedPolicySpec& p) { return p.name; });
}

const ManagedPolicySpec* find_managed_policy_by_arn(std::string_view arn) {
  // Managed policies have the same path and name in every partition; the table holds arn:aws:.
  std::string_view rest;
  for (std::string_view partition : {"arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:"}) {
    if (arn.starts_with(partition)) {
      rest = arn.substr(partition.size());
      break;
    }
  }
  if (rest.empty()) return nullptr;
  const auto policies = managed_policies();
  const auto order = detail::managed_policies_by_arn();
  constexpr std::string_view kAws = "arn:aws:";
  auto it = std::lower_bound(order.begin(), order.end(), rest, [&](std::uint16_t i, std::string_view r) {
    return policies[i].arn.substr(kAws.size()) < r;
  });
  if (it == order.end() || policies[*it].arn.substr(kAws.size()) != rest) return nullptr;
  return &policies[*it];
}

}  // namespace lint::data
