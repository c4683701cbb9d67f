#include "analyzer/run_setup.h"

#include <fmt/format.h>

namespace lint {

RunSetup configure_run(const Config& config, std::span<const Rule* const> rules, DriverOptions& options, const BaselineLoader& load)
{
  RunSetup setup;
  apply_configuration(config, options);
  options.policy.known_rules = rules;
  options.include_suppressed = options.include_suppressed || (config.include_suppressed && config.include_suppressed->value);
  options.policy.baseline = nullptr;
  if (config.baseline) {
    std::string error;
    if (load) {
      setup.baseline = load(config.baseline->value, error);
    } else if (std::optional<Baseline> loaded = Baseline::load(config.baseline->value, error)) {
      setup.baseline = std::make_shared<const Baseline>(std::move(*loaded));
    }
    if (setup.baseline == nullptr) {
      setup.error = fmt::format("{}: {} (set by {})", config.baseline->value, error, config.baseline->origin);
      return setup;
    }
    options.policy.baseline = setup.baseline.get();
  }
  return setup;
}

} // namespace lint
