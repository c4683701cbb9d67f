#pragma once
// The configuration stage of the pipeline (analyzer/driver.h), the same for every command: a
// project configuration applied onto the options of a run — rule selection and options, level
// overrides, other tools' suppressions, include-suppressed — and its baseline loaded. `check`,
// `graph`, `audit` and the language server all configure a run through configure_run().

#include "analyzer/baseline.h"
#include "analyzer/config.h"
#include "analyzer/driver.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace lint {

struct RunSetup {
  /// The baseline options.policy.baseline points to (nullptr when none is configured): keep it
  /// as long as the options are used.
  std::shared_ptr<const Baseline> baseline;
  /// Non-empty when the configured baseline cannot be read: "FILE: why (set by ORIGIN)".
  std::string error;
};

/// Reads a baseline file: nullptr and `error` when it cannot be read. The language server passes
/// one that caches by modification time (it configures every analysis).
using BaselineLoader = std::function<std::shared_ptr<const Baseline>(const std::filesystem::path& path, std::string& error)>;

/// Applies `config` onto `options` (apply_configuration, then include-suppressed, the known rules
/// and the baseline, read by `load` or else Baseline::load).
RunSetup configure_run(const Config& config, std::span<const Rule* const> rules, DriverOptions& options,
                       const BaselineLoader& load = {});

} // namespace lint
