#include "analyzer/config.h"

#include "analyzer/baseline.h"
#include "parsers/node.h"
#include "support/glob.h"
#include "support/paths.h"
#include "support/read_file.h"
#include "support/text.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

namespace lint {
namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 13> k_top_keys = {"select", "extend-select", "ignore", "enable", "disable", "levels",
                                                         "fail-on", "options", "ignore-paths", "baseline", "respect-other-tools",
                                                         "include-suppressed", "exit-zero"};
constexpr std::array<std::string_view, 5> k_option_keys = {"account-concurrency", "api-gateway-timeout", "secret-name-patterns",
                                                           "all-roles", "as-of"};

std::string date_text(std::chrono::sys_days day)
{
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string yaml_quoted(std::string_view text)
{
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

template <std::size_t N>
std::string nearest(std::string_view key, const std::array<std::string_view, N>& keys)
{
  std::string_view best;
  std::size_t best_distance = 3;
  for (const std::string_view candidate : keys) {
    const std::size_t distance = edit_distance(key, candidate, best_distance);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

class Parser {
public:
  Parser(const ParsedDocument& document, std::span<const Rule* const> rules, LoadedConfig& out)
    : m_document(document), m_rules(rules), m_out(out)
  {
  }

  void parse()
  {
    for (const SyntaxProblem& problem : m_document.problems) {
      report(problem.range, problem.message);
    }
    const Node* root = m_document.root;
    if (root == nullptr || root->is_null()) {
      return; // an empty file is an empty configuration
    }
    if (!root->is_mapping()) {
      report(root->range, "the configuration must be a mapping of keys (enable, disable, levels, options, ...)");
      return;
    }
    Config& config = m_out.config;
    for (const MappingEntry& entry : root->entries) {
      const std::string& key = entry.key;
      const Node* value = entry.value;
      if (key == "select") {
        config.select.emplace();
        for (const Node* item : string_list(value, key)) {
          if (auto canonical = rule_selector(item)) {
            config.select->push_back({std::move(*canonical), origin(item)});
          }
        }
      } else if (key == "enable" || key == "disable" || key == "extend-select" || key == "ignore") {
        const bool adds = key == "enable" || key == "extend-select";
        for (const Node* item : string_list(value, key)) {
          if (auto canonical = rule_selector(item)) {
            (adds ? config.enable : config.disable).push_back({std::move(*canonical), origin(item)});
          }
        }
      } else if (key == "levels") {
        if (value == nullptr || !value->is_mapping()) {
          report(range_of(entry), "levels: a mapping of rule id, name or family to error, warning or note");
          continue;
        }
        for (const MappingEntry& level : value->entries) {
          const std::optional<std::string> selector = canonical_selector(level.key, m_rules);
          if (!selector || *selector == "all" || *selector == "default" || *selector == "hardening") {
            report(level.key_range, fmt::format("levels: '{}' is not a rule id, rule name or family{}", level.key,
                                                selector_suggestion(level.key, m_rules)));
            continue;
          }
          const auto parsed = level.value && level.value->is_scalar() ? level_from_string(level.value->scalar) : std::nullopt;
          if (!parsed) {
            report(level.value ? level.value->range : level.key_range, fmt::format("levels.{}: error, warning or note", level.key));
            continue;
          }
          config.levels[*selector] = {*parsed, origin(level.value)};
        }
      } else if (key == "fail-on") {
        if (const Node* scalar = scalar_of(value, key)) {
          if (scalar->scalar == "none") {
            config.fail_on = Setting<std::optional<Level>>{std::nullopt, origin(scalar)};
          } else if (const auto level = level_from_string(scalar->scalar)) {
            config.fail_on = Setting<std::optional<Level>>{*level, origin(scalar)};
          } else {
            report(scalar->range, "fail-on: error, warning, note or none");
          }
        }
      } else if (key == "options") {
        parse_options(entry);
      } else if (key == "ignore-paths") {
        for (const Node* item : string_list(value, key)) {
          config.ignore_paths.push_back({item->scalar, origin(item)});
        }
      } else if (key == "baseline") {
        if (const Node* scalar = scalar_of(value, key)) {
          fs::path path = scalar->scalar;
          if (path.is_relative()) {
            path = config.base_directory / path;
          }
          config.baseline = Setting<std::string>{path.lexically_normal().string(), origin(scalar)};
        }
      } else if (key == "respect-other-tools") {
        boolean(value, key, config.respect_other_tools);
      } else if (key == "include-suppressed") {
        boolean(value, key, config.include_suppressed);
      } else if (key == "exit-zero") {
        boolean(value, key, config.exit_zero);
      } else {
        report(entry.key_range, fmt::format("unknown key '{}'{}", key, nearest(key, k_top_keys)));
      }
    }
  }

private:
  void parse_options(const MappingEntry& entry)
  {
    Config& config = m_out.config;
    const Node* options = entry.value;
    if (options == nullptr || !options->is_mapping()) {
      report(range_of(entry), "options: a mapping");
      return;
    }
    for (const MappingEntry& option : options->entries) {
      const std::string& key = option.key;
      const Node* value = option.value;
      if (key == "account-concurrency" || key == "api-gateway-timeout") {
        const Node* scalar = scalar_of(value, key);
        if (scalar == nullptr) {
          continue;
        }
        std::int64_t number = 0;
        const std::string& text = scalar->scalar;
        const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        const bool concurrency = key == "account-concurrency";
        // LL704: the account limit is at least the 1,000 default minus what may be lowered (100 stay
        // unreserved); API Gateway integration timeouts are 50 ms to the account's raised quota.
        const bool valid = error == std::errc() && ptr == text.data() + text.size() && (concurrency ? number >= 100 : number >= 1);
        if (!valid) {
          report(scalar->range, concurrency ? "options.account-concurrency: a whole number of at least 100"
                                            : "options.api-gateway-timeout: a whole number of seconds, at least 1");
          continue;
        }
        (concurrency ? config.account_concurrency : config.api_gateway_timeout) = Setting<std::int64_t>{number, origin(scalar)};
      } else if (key == "secret-name-patterns") {
        for (const Node* item : string_list(value, key)) {
          if (const std::string problem = check_secret_name_pattern(item->scalar); !problem.empty()) {
            report(item->range, fmt::format("options.secret-name-patterns: {}", problem));
            continue;
          }
          config.secret_name_patterns.push_back({item->scalar, origin(item)});
        }
      } else if (key == "all-roles") {
        boolean(value, "options.all-roles", config.all_roles);
      } else if (key == "as-of") {
        if (const Node* scalar = scalar_of(value, key)) {
          if (const auto date = parse_iso_date(scalar->scalar)) {
            config.as_of = Setting<std::chrono::sys_days>{*date, origin(scalar)};
          } else {
            report(scalar->range, "options.as-of: a date (YYYY-MM-DD)");
          }
        }
      } else {
        report(option.key_range, fmt::format("unknown option '{}'{}", key, nearest(key, k_option_keys)));
      }
    }
  }

  std::optional<std::string> rule_selector(const Node* item)
  {
    if (auto canonical = canonical_selector(item->scalar, m_rules)) {
      return canonical;
    }
    report(item->range, fmt::format("'{}' is not a rule id, rule name, family or group{} (see `lambdalint rules`)", item->scalar,
                                    selector_suggestion(item->scalar, m_rules)));
    return std::nullopt;
  }

  void boolean(const Node* value, std::string_view key, std::optional<Setting<bool>>& out)
  {
    const Node* scalar = scalar_of(value, key);
    if (scalar == nullptr) {
      return;
    }
    if (scalar->scalar == "true" || scalar->scalar == "false") {
      out = Setting<bool>{scalar->scalar == "true", origin(scalar)};
    } else {
      report(scalar->range, fmt::format("{}: true or false", key));
    }
  }

  const Node* scalar_of(const Node* value, std::string_view key)
  {
    if (value == nullptr || !value->is_scalar()) {
      report(value ? value->range : SourceRange{}, fmt::format("{}: a single value", key));
      return nullptr;
    }
    return value;
  }

  /// A list of strings (a single string is a list of one).
  std::vector<const Node*> string_list(const Node* value, std::string_view key)
  {
    std::vector<const Node*> out;
    if (value != nullptr && value->is_scalar()) {
      out.push_back(value);
      return out;
    }
    if (value == nullptr || !value->is_sequence()) {
      report(value ? value->range : SourceRange{}, fmt::format("{}: a list of strings", key));
      return out;
    }
    for (const Node* item : value->items) {
      if (item != nullptr && item->is_scalar()) {
        out.push_back(item);
      } else {
        report(item ? item->range : value->range, fmt::format("{}: a list of strings", key));
      }
    }
    return out;
  }

  static SourceRange range_of(const MappingEntry& entry) { return entry.value ? entry.value->range : entry.key_range; }

  std::string origin(const Node* node) const
  {
    const LineColumn at = m_document.file->byte_position(node ? node->range.begin : 0);
    return fmt::format("{}:{}:{}", m_document.file->path(), at.line, at.column);
  }

  void report(SourceRange range, std::string message)
  {
    m_out.problems.push_back({m_document.file->path(), m_document.file->byte_position(range.begin), std::move(message)});
  }

  const ParsedDocument& m_document;
  std::span<const Rule* const> m_rules;
  LoadedConfig& m_out;
};

constexpr std::array<std::string_view, 3> k_groups = {"default", "hardening", "all"};

} // namespace

std::optional<std::string> canonical_selector(std::string_view text, std::span<const Rule* const> rules)
{
  for (const Rule* rule : rules) {
    if (equal_ignoring_case(rule->meta.id, text) || equal_ignoring_case(rule->meta.name, text)) {
      return std::string(equal_ignoring_case(rule->meta.id, text) ? rule->meta.id : rule->meta.name);
    }
  }
  for (const Rule* rule : rules) {
    if (equal_ignoring_case(rule->meta.family, text)) {
      return std::string(rule->meta.family);
    }
  }
  for (const std::string_view group : k_groups) {
    if (equal_ignoring_case(group, text)) {
      return std::string(group);
    }
  }
  return std::nullopt;
}

std::string selector_suggestion(std::string_view text, std::span<const Rule* const> rules)
{
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(2, std::min<std::size_t>(4, text.size() / 3 + 1));
  auto consider = [&](std::string_view candidate) {
    const std::size_t distance = edit_distance(text, candidate, best_distance);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  };
  for (const Rule* rule : rules) {
    consider(rule->meta.id);
    consider(rule->meta.name);
    consider(rule->meta.family);
  }
  for (const std::string_view group : k_groups) {
    consider(group);
  }
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

std::string check_secret_name_pattern(std::string_view pattern)
{
  const RE2 compiled(re2::StringPiece(pattern.data(), pattern.size()), RE2::Quiet);
  return compiled.ok() ? std::string() : fmt::format("invalid RE2 pattern: {}", compiled.error());
}

bool glob_match(std::string_view pattern, std::string_view path)
{
  return path_glob_match(pattern, path); // support/glob: the one glob implementation
}

std::string ConfigProblem::to_string() const
{
  return fmt::format("{}:{}:{}: error: {}", path, position.line, position.column, message);
}

LoadedConfig parse_config(const std::string& path, std::string text, std::span<const Rule* const> rules)
{
  LoadedConfig loaded;
  loaded.config.file = fs::path(path);
  loaded.config.base_directory = fs::absolute(fs::path(path)).parent_path();
  auto file = std::make_shared<const SourceFile>(path, std::move(text));
  const ParsedDocument document = parse_yaml(file);
  Parser(document, rules, loaded).parse();
  return loaded;
}

LoadedConfig load_config(const fs::path& path, std::span<const Rule* const> rules)
{
  // `--config /dev/null` is the usual way to say "no configuration" (an empty one): the one device
  // that is read as a file; every other device or FIFO is refused, never read (robustness.md).
  ReadResult read = path == "/dev/null" ? ReadResult{std::string(), {}, false} : read_regular_file(path, k_max_config_bytes);
  if (!read.text) {
    LoadedConfig loaded;
    loaded.problems.push_back({path.string(), {1, 1}, "cannot read the configuration file (" + read.error + ")"});
    return loaded;
  }
  return parse_config(path.string(), std::move(*read.text), rules);
}

std::optional<fs::path> find_config_file(const fs::path& start)
{
  std::error_code error;
  fs::path directory = fs::absolute(start, error);
  if (!fs::is_directory(directory, error)) {
    directory = directory.parent_path();
  }
  const fs::path root = find_repository_root(directory);
  auto in = [&](const fs::path& candidate_directory) -> std::optional<fs::path> {
    for (const char* name : {".lambdalint.yaml", ".lambdalint.yml"}) {
      if (fs::is_regular_file(candidate_directory / name, error)) {
        return candidate_directory / name;
      }
    }
    return std::nullopt;
  };
  for (fs::path candidate = directory.lexically_normal();; candidate = candidate.parent_path()) {
    if (auto found = in(candidate)) {
      return found;
    }
    if (candidate == root || candidate == candidate.parent_path() || !candidate.string().starts_with(root.string())) {
      break;
    }
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return in(home);
  }
  return std::nullopt;
}

void Config::merge_from(const Config& higher)
{
  if (higher.select) {
    select = higher.select; // a higher `select` replaces the set; extend-select and ignore still add
  }
  auto remove = [](std::vector<Setting<std::string>>& list, const std::string& value) {
    std::erase_if(list, [&](const Setting<std::string>& item) { return item.value == value; });
  };
  for (const auto& item : higher.enable) {
    remove(disable, item.value);
    remove(enable, item.value);
    enable.push_back(item);
  }
  for (const auto& item : higher.disable) {
    remove(enable, item.value);
    remove(disable, item.value);
    disable.push_back(item);
  }
  for (const auto& [key, level] : higher.levels) {
    levels[key] = level;
  }
  auto take = [](auto& mine, const auto& theirs) {
    if (theirs) {
      mine = theirs;
    }
  };
  take(fail_on, higher.fail_on);
  take(account_concurrency, higher.account_concurrency);
  take(api_gateway_timeout, higher.api_gateway_timeout);
  take(all_roles, higher.all_roles);
  take(as_of, higher.as_of);
  take(baseline, higher.baseline);
  take(respect_other_tools, higher.respect_other_tools);
  take(include_suppressed, higher.include_suppressed);
  take(exit_zero, higher.exit_zero);
  secret_name_patterns.insert(secret_name_patterns.end(), higher.secret_name_patterns.begin(), higher.secret_name_patterns.end());
  ignore_paths.insert(ignore_paths.end(), higher.ignore_paths.begin(), higher.ignore_paths.end());
  if (higher.file) {
    file = higher.file;
    base_directory = higher.base_directory;
  }
}

bool Config::is_ignored(const fs::path& path) const
{
  if (ignore_paths.empty()) {
    return false;
  }
  const fs::path base = base_directory.empty() ? fs::current_path() : base_directory;
  const std::string relative = path_relative_to(path, base);
  // Every leading part of the path (directories, then the file itself).
  std::vector<std::string_view> prefixes;
  std::vector<std::string_view> components;
  const std::string_view text = relative;
  for (std::size_t slash = text.find('/'); slash != std::string_view::npos; slash = text.find('/', slash + 1)) {
    prefixes.push_back(text.substr(0, slash));
  }
  prefixes.push_back(text);
  std::size_t start = 0;
  for (std::size_t slash = text.find('/'); ; slash = text.find('/', start)) {
    components.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  for (const Setting<std::string>& setting : ignore_paths) {
    std::string_view pattern = setting.value;
    while (pattern.starts_with("./")) {
      pattern.remove_prefix(2);
    }
    while (pattern.size() > 1 && pattern.ends_with('/')) {
      pattern.remove_suffix(1);
    }
    const bool anchored = pattern.find('/') != std::string_view::npos;
    for (const std::string_view candidate : anchored ? prefixes : components) {
      if (glob_match(pattern, candidate)) {
        return true;
      }
    }
  }
  return false;
}

void Config::apply_to(RuleSelection& selection, RuleOptions& options) const
{
  if (select) {
    selection.select.emplace();
    for (const auto& item : *select) {
      selection.select->insert(item.value);
    }
  }
  for (const auto& item : enable) {
    selection.disable.erase(item.value);
    selection.enable.insert(item.value);
  }
  for (const auto& item : disable) {
    selection.enable.erase(item.value);
    selection.disable.insert(item.value);
  }
  if (account_concurrency) {
    options.account_concurrency_limit = account_concurrency->value;
  }
  if (api_gateway_timeout) {
    options.api_gateway_timeout_seconds = api_gateway_timeout->value;
  }
  if (all_roles) {
    options.all_roles = all_roles->value;
  }
  if (as_of) {
    options.as_of = as_of->value;
  }
  for (const auto& pattern : secret_name_patterns) {
    options.secret_name_patterns.push_back(pattern.value);
  }
}

std::map<std::string, Level, std::less<>> Config::level_overrides() const
{
  std::map<std::string, Level, std::less<>> out;
  for (const auto& [key, setting] : levels) {
    out.emplace(key, setting.value);
  }
  return out;
}

std::string Config::show() const
{
  std::string out;
  out += fmt::format("# effective lambdalint configuration; comments say where each value comes from\n");
  out += fmt::format("# configuration file: {}\n", file ? file->string() : std::string("none found"));
  auto line = [&](std::string text, std::string_view origin) {
    constexpr std::size_t k_column = 44;
    if (text.size() < k_column) {
      text.resize(k_column, ' ');
    } else {
      text += ' ';
    }
    out += fmt::format("{}# {}\n", text, origin);
  };
  auto list = [&](std::string_view indent, std::string_view key, const std::vector<Setting<std::string>>& items) {
    if (items.empty()) {
      line(fmt::format("{}{}: []", indent, key), "default");
      return;
    }
    out += fmt::format("{}{}:\n", indent, key);
    for (const auto& item : items) {
      line(fmt::format("{}  - {}", indent, yaml_quoted(item.value)), item.origin);
    }
  };
  if (select) {
    list("", "select", *select);
  } else {
    line("select: [default]", "default");
  }
  list("", "extend-select", enable);
  list("", "ignore", disable);
  if (levels.empty()) {
    line("levels: {}", "default");
  } else {
    out += "levels:\n";
    for (const auto& [key, setting] : levels) {
      line(fmt::format("  {}: {}", key, lint::to_string(setting.value)), setting.origin);
    }
  }
  if (fail_on) {
    line(fmt::format("fail-on: {}", fail_on->value ? lint::to_string(*fail_on->value) : std::string_view("none")), fail_on->origin);
  } else {
    line("fail-on: warning", "default");
  }
  out += "options:\n";
  const RuleOptions defaults;
  line(fmt::format("  account-concurrency: {}", account_concurrency ? account_concurrency->value : defaults.account_concurrency_limit),
       account_concurrency ? account_concurrency->origin : "default");
  line(fmt::format("  api-gateway-timeout: {}", api_gateway_timeout ? api_gateway_timeout->value : defaults.api_gateway_timeout_seconds),
       api_gateway_timeout ? api_gateway_timeout->origin : "default");
  list("  ", "secret-name-patterns", secret_name_patterns);
  line(fmt::format("  all-roles: {}", all_roles && all_roles->value), all_roles ? all_roles->origin : "default");
  line(fmt::format("  as-of: {}", as_of ? date_text(as_of->value) : std::string("today")), as_of ? as_of->origin : "default");
  list("", "ignore-paths", ignore_paths);
  if (baseline) {
    line(fmt::format("baseline: {}", yaml_quoted(baseline->value)), baseline->origin);
  } else {
    line("baseline: null", "default");
  }
  auto flag = [&](std::string_view key, const std::optional<Setting<bool>>& setting) {
    line(fmt::format("{}: {}", key, setting && setting->value), setting ? setting->origin : "default");
  };
  flag("respect-other-tools", respect_other_tools);
  flag("include-suppressed", include_suppressed);
  flag("exit-zero", exit_zero);
  return out;
}

std::optional<Config> load_run_config(const std::optional<std::filesystem::path>& explicit_path, const std::filesystem::path& start,
                                      std::span<const Rule* const> rules, std::ostream& errors)
{
  const std::optional<std::filesystem::path> path = explicit_path ? explicit_path : find_config_file(start);
  if (!path) {
    return Config{};
  }
  LoadedConfig loaded = load_config(*path, rules);
  for (const ConfigProblem& problem : loaded.problems) {
    errors << problem.to_string() << "\n";
  }
  if (!loaded.problems.empty()) {
    return std::nullopt;
  }
  return std::move(loaded.config);
}

void apply_configuration(const Config& config, DriverOptions& options)
{
  config.apply_to(options.selection, options.rule_options);
  options.policy.levels = config.level_overrides();
  options.policy.respect_other_tools = config.respect_other_tools && config.respect_other_tools->value;
}

} // namespace lint
