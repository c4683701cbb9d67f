#pragma once
// Client settings: what `initializationOptions` and `workspace/didChangeConfiguration` carry,
// mapped onto the analyzer's DriverOptions. Shape (every key optional; VS Code nests it under
// "lambdalint", which is accepted too):
//
//   { "rules": { "enable": ["LL123", "family"], "disable": ["LL401", "rule-name"] },
//     "accountConcurrencyLimit": 1000, "asOf": "2025-01-31",
//     "run": "onType" | "onSave", "debounceMs": 200, "includeSuppressed": false }
//
// includeSuppressed shows the findings a suppression comment, Metadata or the baseline covers
// (as hints, marked "suppressed"); by default they never reach the editor, as `check` hides them.

#include "analyzer/driver.h"
#include "lsp/protocol.h"

#include <chrono>
#include <string>
#include <vector>

namespace lint::lsp {

enum class RunMode : std::uint8_t { on_type, on_save };

struct Settings {
  DriverOptions driver;
  RunMode run = RunMode::on_type;
  std::chrono::milliseconds debounce{200};
};

/// Defaults: every rule at its default, today's date, 200 ms debounce, lint as you type.
Settings default_settings();

/// Applies `json` over `base`. Keys that are unknown or of the wrong type are skipped and
/// described in `warnings` (the server logs them), so one typo never discards the rest.
Settings apply_settings(const Settings& base, const Json& json, std::vector<std::string>& warnings);

} // namespace lint::lsp
