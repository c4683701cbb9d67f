#include "analyzer/iam/managed.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>

namespace lint::iam {

std::optional<std::string> literal_policy_arn(const Value* arn)
{
  if (arn == nullptr) {
    return std::nullopt;
  }
  if (arn->kind == ValueKind::string) {
    return arn->text;
  }
  if (arn->kind != ValueKind::text_template) {
    return std::nullopt;
  }
  std::string out;
  for (const TemplatePart& part : arn->parts) {
    if (!part.is_reference) {
      out += part.literal;
    } else if (part.reference.target == Reference::Target::pseudo && part.reference.name == "AWS::Partition") {
      out += "aws";
    } else {
      return std::nullopt;
    }
  }
  return out;
}

namespace {

void strings_of(const nlohmann::json& value, std::vector<std::string>& out)
{
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const nlohmann::json& item : value) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
}

} // namespace

std::vector<ManagedStatement> parse_policy_document(std::string_view document_json)
{
  std::vector<ManagedStatement> out;
  const nlohmann::json document = nlohmann::json::parse(document_json, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return out;
  }
  const auto statements = document.find("Statement");
  if (statements == document.end()) {
    return out;
  }
  auto read = [&](const nlohmann::json& item) {
    if (!item.is_object()) {
      return;
    }
    ManagedStatement statement;
    statement.allow = item.value("Effect", std::string("Allow")) == "Allow";
    if (item.contains("NotAction")) {
      statement.not_action = true;
      strings_of(item["NotAction"], statement.actions);
    } else if (item.contains("Action")) {
      strings_of(item["Action"], statement.actions);
    }
    if (item.contains("NotResource")) {
      statement.not_resource = true;
      strings_of(item["NotResource"], statement.resources);
    } else if (item.contains("Resource")) {
      strings_of(item["Resource"], statement.resources);
    }
    statement.has_condition = item.contains("Condition") && !item["Condition"].empty();
    if (item.contains("Sid") && item["Sid"].is_string()) {
      statement.sid = item["Sid"].get<std::string>();
    }
    out.push_back(std::move(statement));
  };
  if (statements->is_array()) {
    for (const nlohmann::json& item : *statements) {
      read(item);
    }
  } else {
    read(*statements);
  }
  return out;
}

namespace {

struct Slot {
  std::once_flag once;
  std::vector<ManagedStatement> statements;
};

} // namespace

const std::vector<ManagedStatement>& managed_statements(const data::ManagedPolicySpec& policy)
{
  // One slot per compiled policy, created on first use; each document is parsed at most once even
  // when several threads ask for it at the same time.
  static const std::span<const data::ManagedPolicySpec> all = data::managed_policies();
  static const std::unique_ptr<Slot[]> slots = std::make_unique<Slot[]>(all.size());
  const auto index = static_cast<std::size_t>(&policy - all.data());
  if (index >= all.size()) {
    static const std::vector<ManagedStatement> none;
    return none;
  }
  Slot& slot = slots[index];
  std::call_once(slot.once, [&] { slot.statements = parse_policy_document(policy.document_json); });
  return slot.statements;
}

} // namespace lint::iam
