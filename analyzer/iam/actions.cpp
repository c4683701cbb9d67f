#include "analyzer/iam/actions.h"

#include "analyzer/iam/arn.h"
#include "support/text.h"

#include <optional>

namespace lint::iam {

std::string CatalogAction::full_name() const
{
  return std::string(service->prefix) + ":" + std::string(action->name);
}

bool action_matches(std::string_view pattern, std::string_view action)
{
  return glob_matches(pattern, action, true);
}

namespace {

bool has_wildcard(std::string_view text)
{
  return text.find_first_of("*?") != std::string_view::npos;
}

} // namespace

std::vector<CatalogAction> expand_actions(std::string_view pattern)
{
  std::vector<CatalogAction> out;
  const std::size_t colon = pattern.find(':');
  const std::string_view service_pattern = colon == std::string_view::npos ? pattern : pattern.substr(0, colon);
  const std::string_view action_pattern = colon == std::string_view::npos ? std::string_view("*") : pattern.substr(colon + 1);
  if (colon == std::string_view::npos && pattern != "*") {
    return out;
  }
  auto add_service = [&](const data::IamServiceSpec& service) {
    for (const data::IamActionSpec& action : service.actions) {
      if (glob_matches(action_pattern, action.name, true)) {
        out.push_back({&service, &action});
      }
    }
  };
  if (!has_wildcard(service_pattern)) {
    if (const data::IamServiceSpec* service = data::find_iam_service(service_pattern)) {
      add_service(*service);
    }
    return out;
  }
  for (const data::IamServiceSpec& service : data::iam_services()) {
    if (glob_matches(service_pattern, service.prefix, true)) {
      add_service(service);
    }
  }
  return out;
}

std::optional<CatalogAction> find_action(std::string_view name)
{
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  const data::IamServiceSpec* service = data::find_iam_service(name.substr(0, colon));
  if (service == nullptr) {
    return std::nullopt;
  }
  const data::IamActionSpec* action = data::find_iam_action(*service, name.substr(colon + 1));
  if (action == nullptr) {
    return std::nullopt;
  }
  return CatalogAction{service, action};
}

ActionCheck check_action(std::string_view pattern)
{
  ActionCheck check;
  if (pattern == "*") {
    return check;
  }
  const std::size_t colon = pattern.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == pattern.size()) {
    check.status = ActionCheck::Status::malformed;
    return check;
  }
  const std::string_view service_part = pattern.substr(0, colon);
  const std::string_view action_part = pattern.substr(colon + 1);
  if (has_wildcard(service_part)) {
    if (!expand_actions(pattern).empty()) {
      return check;
    }
    check.status = ActionCheck::Status::unknown_action;
    return check;
  }
  const data::IamServiceSpec* service = data::find_iam_service(service_part);
  if (service == nullptr) {
    check.status = ActionCheck::Status::unknown_service;
    std::size_t best = 3; // suggest only close prefixes (a typo, not another service)
    for (const data::IamServiceSpec& candidate : data::iam_services()) {
      const std::size_t distance = edit_distance(service_part, candidate.prefix, best);
      if (distance < best || (distance == best && check.suggestion.empty() && distance <= 2)) {
        if (distance <= 2) {
          best = distance;
          check.suggestion = std::string(candidate.prefix) + ":" + std::string(action_part);
        }
      }
    }
    return check;
  }
  if (has_wildcard(action_part)) {
    for (const data::IamActionSpec& action : service->actions) {
      if (glob_matches(action_part, action.name, true)) {
        return check;
      }
    }
    check.status = ActionCheck::Status::unknown_action;
    return check;
  }
  if (data::find_iam_action(*service, action_part) != nullptr) {
    return check;
  }
  check.status = ActionCheck::Status::unknown_action;
  // Allow more edits for longer names, but never more than a third of the name.
  const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, action_part.size() / 3));
  std::size_t best = limit + 1;
  for (const data::IamActionSpec& action : service->actions) {
    const std::size_t distance = edit_distance(action_part, action.name, limit);
    if (distance < best) {
      best = distance;
      check.suggestion = std::string(service->prefix) + ":" + std::string(action.name);
    }
  }
  return check;
}

std::size_t catalog_action_count()
{
  std::size_t count = 0;
  for (const data::IamServiceSpec& service : data::iam_services()) {
    count += service.actions.size();
  }
  return count;
}

} // namespace lint::iam
