#include "lsp/settings.h"

#include "rules/registry.h"
#include "support/text.h"

#include <fmt/format.h>

#include <charconv>

namespace lint::lsp {
namespace {

constexpr std::int64_t k_max_debounce_ms = 10'000;


/// A rule id, a rule name or a family (the CLI's --enable/--disable accept the same).
bool is_rule_selector(std::string_view item)
{
  if (rules::find(item) != nullptr) {
    return true;
  }
  for (const Rule* rule : rules::all()) {
    if (rule->meta.family == item) {
      return true;
    }
  }
  return false;
}

void read_rule_list(const Json& list, std::string_view key, std::set<std::string, std::less<>>& out,
                    std::vector<std::string>& warnings)
{
  if (!list.is_array()) {
    warnings.push_back(fmt::format("setting rules.{} must be a list of rule ids, names or families", key));
    return;
  }
  out.clear();
  for (const Json& item : list) {
    if (!item.is_string()) {
      warnings.push_back(fmt::format("setting rules.{}: {} is not a string", key, item.dump()));
      continue;
    }
    const auto text = item.get<std::string>();
    if (!is_rule_selector(text)) {
      warnings.push_back(fmt::format("setting rules.{}: '{}' is not a rule id, rule name or family", key, text));
      continue;
    }
    out.insert(text);
  }
}

} // namespace

Settings default_settings()
{
  Settings settings;
  settings.driver.rule_options.as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return settings;
}

Settings apply_settings(const Settings& base, const Json& input, std::vector<std::string>& warnings)
{
  Settings settings = base;
  const Json* json = &input;
  if (json->is_object() && json->contains("lambdalint")) {
    json = &(*json)["lambdalint"];
  }
  if (json->is_null()) {
    return settings;
  }
  if (!json->is_object()) {
    warnings.push_back("settings must be an object");
    return settings;
  }
  for (const auto& [key, value] : json->items()) {
    if (key == "rules") {
      if (!value.is_object()) {
        warnings.push_back("setting rules must be an object with 'enable' and/or 'disable'");
        continue;
      }
      for (const auto& [rule_key, list] : value.items()) {
        if (rule_key == "enable") {
          read_rule_list(list, rule_key, settings.driver.selection.enable, warnings);
        } else if (rule_key == "disable") {
          read_rule_list(list, rule_key, settings.driver.selection.disable, warnings);
        } else {
          warnings.push_back(fmt::format("unknown setting rules.{}", rule_key));
        }
      }
    } else if (key == "accountConcurrencyLimit") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 100) {
        warnings.push_back("setting accountConcurrencyLimit must be an integer of at least 100");
        continue;
      }
      settings.driver.rule_options.account_concurrency_limit = value.get<std::int64_t>();
    } else if (key == "asOf") {
      const auto date = value.is_string() ? parse_iso_date(value.get<std::string>()) : std::nullopt;
      if (!date) {
        warnings.push_back("setting asOf must be a date YYYY-MM-DD");
        continue;
      }
      settings.driver.rule_options.as_of = *date;
    } else if (key == "includeSuppressed") {
      if (!value.is_boolean()) {
        warnings.push_back("setting includeSuppressed must be true or false");
        continue;
      }
      settings.driver.include_suppressed = value.get<bool>();
    } else if (key == "run") {
      if (value == "onType") {
        settings.run = RunMode::on_type;
      } else if (value == "onSave") {
        settings.run = RunMode::on_save;
      } else {
        warnings.push_back("setting run must be \"onType\" or \"onSave\"");
      }
    } else if (key == "debounceMs") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > k_max_debounce_ms) {
        warnings.push_back(fmt::format("setting debounceMs must be an integer from 0 to {}", k_max_debounce_ms));
        continue;
      }
      settings.debounce = std::chrono::milliseconds(value.get<std::int64_t>());
    } else {
      warnings.push_back(fmt::format("unknown setting '{}'", key));
    }
  }
  return settings;
}

} // namespace lint::lsp
