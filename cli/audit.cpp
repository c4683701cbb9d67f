#include "cli/audit.h"

#include "analyzer/audit/snapshot.h"
#include "analyzer/config.h"
#include "analyzer/driver.h"
#include "analyzer/run_setup.h"
#include "analyzer/suppressions.h"
#include "analyzer/cfn/frontend.h"
#include "analyzer/engine.h"
#include "analyzer/terraform/plan_frontend.h"
#include "analyzer/walk.h"
#include "report/audit.h"
#include "rules/registry.h"
#include "support/atomic_write.h"
#include "support/read_file.h"
#include "support/text.h"
#include "support/thread_pool.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <unordered_map>

namespace lint::cli {
namespace {

constexpr int k_exit_clean = 0;
constexpr int k_exit_findings = 1;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage =
  "usage: lambdalint audit DIR... [--format text|json|sarif|html] [--output FILE] [--all-roles]\n"
  "                        [--progress] [--fail-on error|warning|note|none] [--as-of YYYY-MM-DD] [--jobs N]\n"
  "                        [--config FILE]\n";

enum class AuditFormat : std::uint8_t { text, json, sarif, html };

struct AuditOptions {
  std::vector<std::string> paths;
  AuditFormat format = AuditFormat::text;
  std::optional<std::string> output;
  bool all_roles = false;
  bool progress = false;
  std::optional<Level> fail_on = Level::error;
  bool fail_on_given = false; // on the command line, which wins over the configuration file
  std::chrono::sys_days as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  bool as_of_given = false;
  unsigned jobs = 0;
  std::optional<std::string> config_path; // --config; otherwise .lambdalint.yaml found from the first path
};

/// Progress on stderr, only when asked or when stderr is a terminal; stdout stays the report's.
class Progress {
public:
  explicit Progress(bool enabled) : m_enabled(enabled), m_tty(isatty(STDERR_FILENO) != 0) {}
  void step(std::string_view what, std::size_t done, std::size_t total)
  {
    if (!m_enabled || total == 0) {
      return;
    }
    const std::size_t percent = done * 100 / total;
    const std::lock_guard lock(m_mutex);
    if (m_tty) {
      std::cerr << fmt::format("\rlambdalint audit: {} {}/{} ({}%)", what, done, total, percent) << (done == total ? "\n" : "") << std::flush;
    } else if (done == total || percent / 10 != m_last_decile) {
      std::cerr << fmt::format("lambdalint audit: {} {}/{} ({}%)\n", what, done, total, percent);
    }
    m_last_decile = percent / 10;
  }
  void say(std::string_view what)
  {
    if (m_enabled) {
      std::cerr << "lambdalint audit: " << what << "\n";
    }
  }

private:
  bool m_enabled;
  bool m_tty;
  std::size_t m_last_decile = 0;
  std::mutex m_mutex;
};

struct LoadedFile {
  std::string path;
  std::shared_ptr<ParsedDocument> document;
  audit::ExportKind kind = audit::ExportKind::none;
  const audit::StandaloneInput* standalone = nullptr; // get-template or Terraform plan/state
  bool template_file = false;                         // a plain CloudFormation/SAM template
  std::optional<std::string> error;
};

/// Reads a file the way `check` does (never blocking on a FIFO, bounded: exports and plans of a
/// large account reach hundreds of MB, hence the plan limit) and detects what it is.
LoadedFile load(const WalkedFile& walked)
{
  LoadedFile loaded;
  loaded.path = walked.path;
  ReadResult read = walked.explicitly_named ? read_named_file(walked.path, k_max_plan_bytes) : read_regular_file(walked.path, k_max_plan_bytes);
  if (!read.text) {
    loaded.error = read.error;
    return loaded;
  }
  std::string text = std::move(*read.text);
  if (!audit::may_be_export(text) && !terraform::looks_like_plan_json(text) && text.find("AWS::") == std::string::npos && text.find("AWSTemplateFormatVersion") == std::string::npos) {
    return loaded;
  }
  auto file = std::make_shared<const SourceFile>(walked.path, std::move(text));
  loaded.document = std::make_shared<ParsedDocument>(parse_document(file));
  const Node* root = loaded.document->root;
  if (root == nullptr) {
    return loaded;
  }
  if (cfn::is_template(root)) {
    loaded.template_file = true;
    return loaded;
  }
  for (const audit::StandaloneInput& input : audit::standalone_inputs()) {
    if (input.detect(root)) {
      loaded.standalone = &input;
      loaded.kind = audit::detect_export(root);
      return loaded;
    }
  }
  loaded.kind = audit::detect_export(root);
  return loaded;
}

/// Which function or role each finding is about: the export object its primary location lies in.
class Attribution {
public:
  explicit Attribution(const Model& model) : m_locator(model)
  {
    std::unordered_map<const Policy*, std::vector<const Role*>> roles_of_policy;
    for (const Role& role : model.roles) {
      for (const Policy* policy : role.policies) {
        roles_of_policy[policy].push_back(&role);
      }
    }
    for (const Function& function : model.functions) {
      m_owner[function.resource] = {&function, nullptr};
    }
    for (const Role& role : model.roles) {
      m_owner[role.resource] = {nullptr, &role};
    }
    for (const EventSourceMapping& mapping : model.event_source_mappings) {
      m_owner[mapping.resource] = {mapping.function, nullptr};
    }
    for (const Permission& permission : model.permissions) {
      m_owner[permission.resource] = {permission.function, nullptr};
    }
    for (const FunctionUrl& url : model.function_urls) {
      m_owner[url.resource] = {url.function, nullptr};
    }
    for (const Policy& policy : model.policies) {
      if (policy.origin == PolicyOrigin::customer_managed && policy.resource != nullptr) {
        m_policy_roles[policy.resource] = roles_of_policy[&policy];
      }
    }
  }

  const Resource* resource_at(const Location& location) const { return m_locator.resource_at(location); }

  std::pair<const Function*, const Role*> owner(const Resource* resource) const
  {
    const auto found = m_owner.find(resource);
    return found != m_owner.end() ? found->second : std::pair<const Function*, const Role*>{nullptr, nullptr};
  }
  std::span<const Role* const> roles_of_managed_policy(const Resource* resource) const
  {
    const auto found = m_policy_roles.find(resource);
    return found != m_policy_roles.end() ? std::span<const Role* const>(found->second) : std::span<const Role* const>();
  }

private:
  ResourceLocator m_locator;
  std::unordered_map<const Resource*, std::pair<const Function*, const Role*>> m_owner;
  std::unordered_map<const Resource*, std::vector<const Role*>> m_policy_roles;
};

/// The name of the resource at the end of an ARN ("arn:aws:sqs:us-east-1:1234:orders" → orders).
std::string arn_resource_name(std::string_view arn)
{
  const std::size_t cut = arn.find_last_of(":/");
  std::string_view name = cut == std::string_view::npos ? arn : arn.substr(cut + 1);
  if (arn.find(":table/") != std::string_view::npos) { // DynamoDB stream: the table's name
    const std::size_t table = arn.find(":table/") + 7;
    name = arn.substr(table, arn.find('/', table) - table);
  }
  return std::string(name);
}

std::string arn_service(std::string_view arn)
{
  // arn:partition:service:...
  const std::size_t first = arn.find(':');
  const std::size_t second = first == std::string_view::npos ? first : arn.find(':', first + 1);
  const std::size_t third = second == std::string_view::npos ? second : arn.find(':', second + 1);
  return third == std::string_view::npos ? std::string("?") : std::string(arn.substr(second + 1, third - second - 1));
}

/// Rules whose findings on a role are "risky permissions" in the summary.
constexpr std::string_view k_risk_rules[] = {"LL101", "LL103", "LL104", "LL105", "LL107"};

report::AuditReport summarise(const Model& model, std::vector<Finding>& findings)
{
  report::AuditReport report;
  const Attribution attribution(model);
  std::unordered_map<const Function*, std::size_t> function_index;
  std::unordered_map<const Role*, std::size_t> role_index;
  for (const Function& function : model.functions) {
    function_index[&function] = report.functions.size();
    report::AuditFunction& out = report.functions.emplace_back();
    out.name = function.resource->id;
    out.runtime = std::string(as_string(function.runtime).value_or(is_text(function.package_type, "Image") ? "image" : ""));
    out.role = function.execution_role != nullptr ? function.execution_role->id : std::string(as_string(function.role).value_or(""));
    out.location = function.resource->at_id();
  }
  for (const Role& role : model.roles) {
    role_index[&role] = report.roles.size();
    report::AuditRole& out = report.roles.emplace_back();
    out.name = role.id;
    out.location = role.location;
    for (const Function* function : role.functions) {
      out.functions.push_back(function->resource->id);
    }
  }
  // Triggers and exposure read from the facets.
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.function == nullptr) {
      continue;
    }
    const auto arn = as_string(mapping.event_source_arn);
    report.functions[function_index[mapping.function]].triggers.push_back(arn ? fmt::format("{}:{}", arn_service(*arn), arn_resource_name(*arn)) : "event source");
  }
  for (const Permission& permission : model.permissions) {
    if (permission.function == nullptr) {
      continue;
    }
    const auto principal = as_string(permission.principal);
    const auto source = as_string(permission.source_arn);
    std::string label;
    if (principal && *principal == "*") {
      label = source ? fmt::format("any principal ({})", arn_resource_name(*source)) : "any principal";
    } else if (principal && principal->ends_with(".amazonaws.com")) {
      const std::string service(principal->substr(0, principal->find('.')));
      label = source ? fmt::format("{}:{}", service, arn_resource_name(*source)) : service;
    } else if (principal) {
      label = fmt::format("principal {}", *principal);
    } else {
      continue;
    }
    std::vector<std::string>& triggers = report.functions[function_index[permission.function]].triggers;
    if (std::find(triggers.begin(), triggers.end(), label) == triggers.end()) {
      triggers.push_back(label);
    }
  }
  for (const FunctionUrl& url : model.function_urls) {
    if (url.function == nullptr) {
      continue;
    }
    report::AuditFunction& out = report.functions[function_index[url.function]];
    const std::string auth(as_string(url.auth_type).value_or("?"));
    out.triggers.push_back(fmt::format("function URL ({})", auth));
    if (auth == "NONE") {
      out.exposure.push_back("public function URL (AuthType NONE)");
    }
  }
  // Findings by owner; LL202 adds exposure, the IAM risk rules add risky permissions.
  std::unordered_map<const Role*, std::map<std::string, std::size_t>> risks;
  for (Finding& finding : findings) {
    const Resource* resource = attribution.resource_at(finding.primary);
    if (resource == nullptr) {
      // A finding in a file that holds no object of its own (a get-function-concurrency output):
      // its fingerprint names the resource ("LL702/orders-worker/...").
      const std::string_view fingerprint = finding.fingerprint;
      const std::size_t first = fingerprint.find('/');
      if (first != std::string_view::npos) {
        const std::string_view rest = fingerprint.substr(first + 1);
        resource = model.find_resource(rest.substr(0, rest.find('/')));
      }
      if (resource == nullptr) {
        continue;
      }
    }
    finding.resource = resource->id;
    const auto [function, role] = attribution.owner(resource);
    const auto level = static_cast<std::size_t>(finding.level);
    std::vector<const Role*> roles;
    if (role != nullptr) {
      roles.push_back(role);
    }
    for (const Role* user : attribution.roles_of_managed_policy(resource)) {
      roles.push_back(user);
    }
    if (function != nullptr) {
      report::AuditFunction& out = report.functions[function_index[function]];
      ++out.counts[level];
      if (finding.rule_id == "LL202" && std::find(out.exposure.begin(), out.exposure.end(), "invocable by anyone (Principal *)") == out.exposure.end()) {
        out.exposure.emplace_back("invocable by anyone (Principal *)");
      }
    }
    for (const Role* target : roles) {
      ++report.roles[role_index[target]].counts[level];
      if (std::find(std::begin(k_risk_rules), std::end(k_risk_rules), finding.rule_id) != std::end(k_risk_rules)) {
        const Rule* rule = nullptr;
        for (const Rule* candidate : rules::all()) {
          if (candidate->meta.id == finding.rule_id) {
            rule = candidate;
          }
        }
        ++risks[target][fmt::format("{} ({})", rule != nullptr ? rule->meta.name : finding.rule_id, finding.rule_id)];
      }
    }
  }
  for (const auto& [role, named] : risks) {
    for (const auto& [name, count] : named) {
      report.roles[role_index[role]].risks.push_back(count > 1 ? fmt::format("{} ×{}", name, count) : name);
    }
  }
  auto severity = [](const report::LevelCounts& counts) { return std::tuple(counts[2], counts[1], counts[0]); };
  std::stable_sort(report.functions.begin(), report.functions.end(), [&](const auto& a, const auto& b) {
    return severity(a.counts) != severity(b.counts) ? severity(a.counts) > severity(b.counts) : a.name < b.name;
  });
  std::stable_sort(report.roles.begin(), report.roles.end(), [&](const auto& a, const auto& b) {
    return severity(a.counts) != severity(b.counts) ? severity(a.counts) > severity(b.counts) : a.name < b.name;
  });
  return report;
}

/// The project configuration (`--config` or .lambdalint.yaml found from the first path, as for
/// `check`) applied onto `driver`: enabled/disabled rules, levels, rule options, other tools'
/// suppressions, the baseline (held by `setup`). Command-line flags win. nullopt after printing
/// the file's problems.
std::optional<Config> configure(AuditOptions& options, DriverOptions& driver, RunSetup& setup)
{
  const std::optional<std::filesystem::path> explicit_path =
    options.config_path ? std::optional<std::filesystem::path>(*options.config_path) : std::nullopt;
  std::optional<Config> config = load_run_config(explicit_path, options.paths.front(), rules::all(), std::cerr);
  if (!config) {
    return std::nullopt;
  }
  // The configuration stage every command runs: levels, selection, suppressions, baseline.
  setup = configure_run(*config, rules::all(), driver);
  if (!setup.error.empty()) {
    std::cerr << fmt::format("lambdalint audit: {}\n", setup.error);
    return std::nullopt;
  }
  if (!options.as_of_given && config->as_of) {
    options.as_of = config->as_of->value;
  }
  driver.rule_options.as_of = options.as_of;
  options.all_roles = options.all_roles || driver.rule_options.all_roles;
  driver.rule_options.all_roles = options.all_roles;
  if (!options.fail_on_given && config->fail_on) {
    options.fail_on = config->fail_on->value;
  }
  return config;
}

std::optional<int> parse_arguments(int argc, char** argv, AuditOptions& options)
{
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool takes_value = arg == "--format" || arg == "--output" || arg == "-o" || arg == "--fail-on" || arg == "--as-of" || arg == "--jobs" || arg == "-j" ||
                             arg == "--config";
    if (takes_value && i + 1 >= argc) {
      std::cerr << fmt::format("lambdalint audit: {} needs a value\n", arg) << k_usage;
      return k_exit_usage;
    }
    if (arg == "--format") {
      const std::string_view value = argv[++i];
      if (value == "text") {
        options.format = AuditFormat::text;
      } else if (value == "json") {
        options.format = AuditFormat::json;
      } else if (value == "sarif") {
        options.format = AuditFormat::sarif;
      } else if (value == "html") {
        options.format = AuditFormat::html;
      } else {
        std::cerr << fmt::format("lambdalint audit: unknown format '{}' (text, json, sarif or html)\n", value);
        return k_exit_usage;
      }
    } else if (arg == "--output" || arg == "-o") {
      options.output = argv[++i];
    } else if (arg == "--config") {
      options.config_path = argv[++i];
    } else if (arg == "--fail-on") {
      options.fail_on_given = true;
      const std::string_view value = argv[++i];
      if (value == "none") {
        options.fail_on.reset();
      } else if (const auto level = level_from_string(value)) {
        options.fail_on = *level;
      } else {
        std::cerr << fmt::format("lambdalint audit: unknown level '{}'\n", value);
        return k_exit_usage;
      }
    } else if (arg == "--as-of") {
      const auto date = parse_iso_date(argv[++i]);
      if (!date) {
        std::cerr << fmt::format("lambdalint audit: --as-of needs a date YYYY-MM-DD, not '{}'\n", argv[i]);
        return k_exit_usage;
      }
      options.as_of = *date;
      options.as_of_given = true;
    } else if (arg == "--jobs" || arg == "-j") {
      options.jobs = static_cast<unsigned>(std::max(0, std::atoi(argv[++i])));
    } else if (arg == "--all-roles") {
      options.all_roles = true;
    } else if (arg == "--progress") {
      options.progress = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << k_usage;
      return k_exit_clean;
    } else if (arg.starts_with("-")) {
      std::cerr << fmt::format("lambdalint audit: unexpected argument '{}'\n", arg) << k_usage;
      return k_exit_usage;
    } else {
      options.paths.emplace_back(arg);
    }
  }
  if (options.paths.empty()) {
    std::cerr << k_usage;
    return k_exit_usage;
  }
  return std::nullopt;
}

} // namespace

int run_audit(int argc, char** argv)
{
  AuditOptions options;
  if (const std::optional<int> exit = parse_arguments(argc, argv, options)) {
    return *exit;
  }
  DriverOptions driver;
  // An account audit reports the hardening posture too (docs/audit.md); a configuration's
  // `ignore` of a hardening rule or family still applies (a more specific selector).
  driver.selection.enable.insert("hardening");
  RunSetup setup;
  const std::optional<Config> config = configure(options, driver, setup);
  if (!config) {
    return k_exit_usage;
  }
  Progress progress(options.progress || isatty(STDERR_FILENO) != 0);
  const unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());

  // 1. Read and parse every file (in parallel), detect what it is.
  WalkResult walk = collect_files(options.paths);
  std::erase_if(walk.files, [&config](const WalkedFile& file) {
    return std::filesystem::is_directory(file.path) || config->is_ignored(file.path); // ignore-paths, as for check
  });
  std::vector<LoadedFile> loaded(walk.files.size());
  {
    std::atomic<std::size_t> done{0};
    // A file whose reading or parsing throws (std::bad_alloc on a hostile input) is an input error
    // of its own; every other file is still read.
    run_parallel(
      loaded.size(), worker_count(jobs, loaded.size()),
      [&](std::size_t i) {
        loaded[i] = load(walk.files[i]);
        progress.step("reading", ++done, loaded.size());
      },
      [&](std::size_t i, std::string_view what) {
        loaded[i] = LoadedFile{};
        loaded[i].path = walk.files[i].path;
        loaded[i].error = fmt::format("internal error while reading: {}", what);
      });
  }

  std::vector<std::string> skipped;
  for (const std::string_view id : audit::SnapshotBuilder::rules_without_facts()) {
    skipped.emplace_back(id);
  }

  // 2. The account model from every export; other units on their own.
  audit::SnapshotBuilder builder;
  std::vector<report::AuditInputFile> inputs;
  std::vector<report::InputError> input_errors;
  for (const auto& [path, message] : walk.errors) {
    input_errors.push_back({path, message});
  }
  std::vector<std::string> internal_errors;
  std::vector<Finding> findings;
  std::vector<report::AuditUnit> units;
  std::vector<std::string> checked_files;
  // A template, plan or state file among the exports is a unit of its own, linted as `check` does.
  auto lint_standalone = [&](const LoadedFile& file) {
    std::unique_ptr<Model> model = file.template_file ? cfn::build_model(*file.document) : file.standalone->build(*file.document);
    if (model == nullptr) {
      return;
    }
    const std::string kind = file.template_file ? std::string("CloudFormation/SAM template") : std::string(file.standalone->name);
    inputs.push_back({file.path, kind});
    checked_files.push_back(file.path);
    // The stages after the front end, as `check` runs them; an audit edits nothing (no fixes).
    UnitResult result = lint_model(file.path, *model, rules::all(), driver, {}, false);
    std::move(result.internal_errors.begin(), result.internal_errors.end(), std::back_inserter(internal_errors));
    report::AuditUnit& unit = units.emplace_back();
    unit.path = file.path;
    unit.kind = kind;
    for (Finding& finding : result.findings) {
      ++unit.counts[static_cast<std::size_t>(finding.level)];
      findings.push_back(std::move(finding));
    }
  };
  for (LoadedFile& file : loaded) {
    if (file.error) {
      input_errors.push_back({file.path, *file.error});
      continue;
    }
    if (file.document == nullptr) {
      continue;
    }
    if (file.template_file || file.standalone != nullptr) {
      // One unit per file, isolated as in `check`: an exception ends this unit with an internal
      // error, the other files and the account snapshot are still reported.
      try {
        lint_standalone(file);
      } catch (const std::exception& error) {
        internal_errors.push_back(fmt::format("{}: {}", file.path, error.what()));
      }
      continue;
    }
    if (file.kind != audit::ExportKind::none) {
      inputs.push_back({file.path, std::string(audit::to_string(file.kind))});
      checked_files.push_back(file.path);
      builder.add(std::move(file.document), file.kind);
    }
  }
  loaded.clear();
  progress.say("joining the account snapshot");
  const std::unique_ptr<Model> account = builder.build();
  progress.say(fmt::format("running {} rules on {} functions and {} roles", rules::all().size(), account->functions.size(), account->roles.size()));
  // One huge unit: its rules are shared across the threads.
  DriverOptions account_options = driver;
  account_options.rule_jobs = jobs;
  UnitResult account_result =
    lint_model("account snapshot", *account, rules::all(), account_options, audit::SnapshotBuilder::rules_without_facts(), false);
  std::move(account_result.internal_errors.begin(), account_result.internal_errors.end(), std::back_inserter(internal_errors));
  std::vector<Finding>& account_findings = account_result.findings;
  report::AuditReport report = summarise(*account, account_findings);
  std::move(account_findings.begin(), account_findings.end(), std::back_inserter(findings));
  sort_findings(findings);
  report.units = std::move(units);
  report.inputs = std::move(inputs);
  report.skipped_rules = std::move(skipped);
  report.all_roles = options.all_roles;
  report.findings.findings = findings;
  report.findings.rules = rules::all();
  report.findings.input_errors = input_errors;
  report.findings.tool_version = LAMBDALINT_VERSION;
  std::error_code ignored;
  report.findings.base_directory = std::filesystem::absolute(options.paths.front(), ignored);
  if (!std::filesystem::is_directory(report.findings.base_directory, ignored)) {
    report.findings.base_directory = report.findings.base_directory.parent_path();
  }
  report.findings.files_checked = checked_files.size();
  report.findings.checked_files = checked_files;
  progress.say("writing the report");

  std::ostringstream rendered;
  switch (options.format) {
  case AuditFormat::text:
    report::write_audit_text(rendered, report, !options.output && isatty(STDOUT_FILENO) != 0);
    break;
  case AuditFormat::json:
    report::write_audit_json(rendered, report);
    break;
  case AuditFormat::sarif:
    report::write_sarif(rendered, report.findings);
    break;
  case AuditFormat::html:
    report::write_audit_html(rendered, report);
    break;
  }
  if (options.output) {
    if (const std::string error = write_file_atomically(*options.output, rendered.str()); !error.empty()) {
      std::cerr << fmt::format("lambdalint: {}: {}\n", *options.output, error);
      return k_exit_usage;
    }
  } else {
    std::cout << rendered.str() << std::flush;
  }
  for (const std::string& error : internal_errors) {
    std::cerr << error << "\n";
  }
  for (const report::InputError& error : input_errors) {
    std::cerr << fmt::format("{}: error: {}\n", error.path, error.message);
  }
  if (!internal_errors.empty() || !input_errors.empty()) {
    return k_exit_usage;
  }
  if (checked_files.empty()) {
    std::cerr << "lambdalint audit: no AWS CLI exports or templates found in the given paths\n";
    return k_exit_usage;
  }
  if (options.fail_on) {
    for (const Finding& finding : findings) {
      if (!finding.suppression && finding.level >= *options.fail_on) {
        return k_exit_findings;
      }
    }
  }
  return k_exit_clean;
}

} // namespace lint::cli
