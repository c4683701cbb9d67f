// SARIF 2.1.0 reporter shaped for GitHub code scanning (ECOSYSTEM.md §1): one run, every rule with
// full help, repo-relative URIs, UTF-16 columns, our own partial fingerprint (upload-sarif computes
// primaryLocationLineHash from the checked-out source, so we leave that one out), at most 25,000
// results. tools/validate-sarif.sh checks the output with the SARIF Multitool (Sarif + GitHub rules).

#include "report/detail.h"
#include "report/report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

namespace lint::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/lambdalint/lambdalint";
constexpr std::string_view kUriBaseId = "%SRCROOT%";
constexpr std::string_view kFingerprintKey = "lambdalintFingerprint/v1";
constexpr std::size_t kMaxResults = 25'000;    // GitHub rejects runs with more
constexpr std::size_t kMaxDescription = 1'024; // GitHub's limit for short/fullDescription.text
constexpr std::size_t kMaxTags = 20;           // GitHub's limit per rule

std::string_view sarif_level(Level level)
{
  return lint::to_string(level); // SARIF's note/warning/error are ours, by design
}

std::string_view problem_severity(Level level)
{
  switch (level) {
  case Level::error:
    return "error";
  case Level::warning:
    return "warning";
  case Level::note:
    return "recommendation";
  }
  return "warning";
}

std::string trimmed(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

Json rule_tags(const RuleMeta& meta)
{
  std::vector<std::string> tags;
  std::string_view rest = meta.tags;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string tag = trimmed(rest.substr(0, comma));
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
      tags.push_back(std::move(tag));
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  // GitHub files results of rules tagged "security" under security alerts.
  if (meta.security_severity > 0 && std::find(tags.begin(), tags.end(), "security") == tags.end()) {
    tags.insert(tags.begin(), "security");
  }
  if (tags.size() > kMaxTags) {
    tags.resize(kMaxTags);
  }
  return Json(tags);
}

Json rule_json(const Rule& rule)
{
  const RuleMeta& meta = rule.meta;
  // GitHub requires non-empty shortDescription, fullDescription and help: fall back to the id.
  std::string summary = meta.summary.empty() ? std::string(meta.id) : std::string(meta.summary);
  std::string full = summary;
  if (std::string paragraph = detail::first_paragraph(meta.explanation); !paragraph.empty()) {
    full += ' ';
    full += paragraph;
  }
  std::string help_text = detail::markdown_to_plain(meta.explanation);
  if (help_text.empty()) {
    help_text = full;
  }
  Json help{{"text", std::move(help_text)}};
  if (!meta.explanation.empty()) {
    help["markdown"] = meta.explanation;
  }

  Json properties{{"tags", rule_tags(meta)}, {"precision", meta.precision}};
  if (meta.security_severity > 0) {
    // GitHub wants a string holding a number in (0, 10].
    properties["security-severity"] = fmt::format("{:.1f}", std::clamp(meta.security_severity, 0.1, 10.0));
  } else {
    properties["problem.severity"] = problem_severity(meta.level);
  }

  Json json{{"id", meta.id},
            {"name", meta.name},
            {"shortDescription", {{"text", detail::truncate_utf8(std::move(summary), kMaxDescription)}}},
            {"fullDescription", {{"text", detail::truncate_utf8(std::move(full), kMaxDescription)}}},
            {"help", std::move(help)}};
  if (!meta.help_uri.empty()) {
    json["helpUri"] = meta.help_uri;
  }
  json["defaultConfiguration"] = {{"level", sarif_level(meta.level)}};
  json["properties"] = std::move(properties);
  return json;
}

// Converts paths to URIs once per file: findings come sorted by file, so a one-entry cache hits
// almost always and avoids a filesystem lookup (symlink resolution) per result.
class UriCache {
public:
  explicit UriCache(std::filesystem::path base) : m_base(std::move(base)) {}

  const std::string& uri(const std::string& path)
  {
    if (!m_valid || path != m_path) {
      m_path = path;
      m_uri = relative_uri(path, m_base);
      m_valid = true;
    }
    return m_uri;
  }

private:
  std::filesystem::path m_base;
  std::string m_path;
  std::string m_uri;
  bool m_valid = false;
};

Json artifact_location(const std::string& uri)
{
  Json json{{"uri", uri}};
  // uriBaseId is only meaningful (and only valid, SARIF1004) on a relative reference.
  if (!uri.starts_with("file:")) {
    json["uriBaseId"] = kUriBaseId;
  }
  return json;
}

// SARIF region in UTF-16 code units (run.columnKind), endColumn exclusive. `widen_empty` turns an
// empty range into one covering the character at its start so viewers have something to
// highlight; fix regions keep empty ranges (they are insertion points).
Json region_json(const SourceFile& file, SourceRange range, bool widen_empty)
{
  range = detail::clamped(file, range);
  const std::string_view text = file.text();
  if (widen_empty && range.empty() && range.begin < text.size() && text[range.begin] != '\n' &&
      text[range.begin] != '\r') {
    range.end = std::min<std::uint32_t>(range.begin + utf8_sequence_length(static_cast<unsigned char>(text[range.begin])),
                                        static_cast<std::uint32_t>(text.size()));
  }
  const LineColumn start = file.utf16_position(range.begin);
  const LineColumn end = file.utf16_position(range.end);
  return Json{{"startLine", start.line}, {"startColumn", start.column}, {"endLine", end.line}, {"endColumn", end.column}};
}

Json physical_location(const Location& location, UriCache& uris)
{
  if (!location.file) {
    return Json::object();
  }
  return Json{{"artifactLocation", artifact_location(uris.uri(location.file->path()))},
              {"region", region_json(*location.file, location.range, true)}};
}

Json result_json(const Finding& finding, const std::vector<const Rule*>& rules, UriCache& uris)
{
  Json result{{"ruleId", finding.rule_id}};
  if (const std::ptrdiff_t index = detail::rule_index(rules, finding.rule_id); index >= 0) {
    result["ruleIndex"] = index;
  }
  result["level"] = sarif_level(finding.level);
  result["message"] = {{"text", finding.message}};
  result["locations"] = Json::array({Json{{"physicalLocation", physical_location(finding.primary, uris)}}});

  if (!finding.related.empty()) {
    Json related = Json::array();
    int id = 1;
    for (const RelatedLocation& location : finding.related) {
      related.push_back(Json{{"id", id++},
                             {"physicalLocation", physical_location(location.location, uris)},
                             {"message", {{"text", location.message}}}});
    }
    result["relatedLocations"] = std::move(related);
  }

  if (finding.primary.file) {
    const std::string& uri = uris.uri(finding.primary.file->path());
    result["partialFingerprints"] = {{kFingerprintKey, sarif_fingerprint(finding.fingerprint, uri)}};
  }

  if (finding.suppression) {
    // Only present with --include-suppressed: GitHub code scanning ignores SARIF suppressions.
    Json suppression{{"kind", finding.suppression->external ? "external" : "inSource"}, {"status", "accepted"}};
    if (!finding.suppression->justification.empty()) {
      suppression["justification"] = finding.suppression->justification;
    }
    if (finding.suppression->location && finding.suppression->location->file) {
      suppression["location"] = Json{{"physicalLocation", physical_location(*finding.suppression->location, uris)}};
    }
    result["suppressions"] = Json::array({std::move(suppression)});
  }

  if (finding.fix) {
    // One artifactChange per file the fix edits (LL308's fix edits the template, while the result
    // is in the handler's code), in the order the fix first names each file.
    std::vector<const SourceFile*> files;
    for (const TextEdit& edit : finding.fix->edits) {
      const SourceFile* file = edited_file(finding, edit).get();
      if (file != nullptr && std::none_of(files.begin(), files.end(), [&](const SourceFile* seen) { return seen->path() == file->path(); })) {
        files.push_back(file);
      }
    }
    Json changes = Json::array();
    for (const SourceFile* file : files) {
      Json replacements = Json::array();
      for (const TextEdit& edit : finding.fix->edits) {
        const SourceFile* target = edited_file(finding, edit).get();
        if (target == nullptr || target->path() != file->path()) {
          continue;
        }
        Json replacement{{"deletedRegion", region_json(*file, edit.range, false)}};
        if (!edit.new_text.empty()) {
          replacement["insertedContent"] = {{"text", edit.new_text}};
        }
        replacements.push_back(std::move(replacement));
      }
      changes.push_back(Json{{"artifactLocation", artifact_location(uris.uri(file->path()))}, {"replacements", std::move(replacements)}});
    }
    if (!changes.empty()) {
      result["fixes"] = Json::array({Json{{"description", {{"text", finding.fix->title}}}, {"artifactChanges", std::move(changes)}}});
    }
  }
  return result;
}

// GitHub rejects a run with more than 25,000 results; keep the most severe (stable within a
// level), then restore the caller's file/line order.
std::vector<std::size_t> kept_results(std::span<const Finding> findings)
{
  std::vector<std::size_t> order(findings.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (order.size() <= kMaxResults) {
    return order;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return findings[a].level > findings[b].level; });
  order.resize(kMaxResults);
  std::sort(order.begin(), order.end());
  return order;
}

std::string base_uri(const std::filesystem::path& base)
{
  std::string uri = relative_uri(base, std::filesystem::path()); // absolute file:/// URI
  if (!uri.ends_with('/')) {
    uri += '/'; // SARIF requires a base URI to end with a slash
  }
  return uri;
}

} // namespace

std::string sarif_fingerprint(std::string_view fingerprint, std::string_view uri)
{
  std::uint64_t hash = 14695981039346656037ULL; // FNV-1a 64 offset basis
  const auto mix = [&hash](std::string_view bytes) {
    for (const char c : bytes) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  mix(fingerprint);
  mix(std::string_view("\0", 1));
  mix(uri);
  return fmt::format("{:016x}", hash);
}

void write_sarif(std::ostream& out, const ReportInput& input)
{
  const std::filesystem::path base = input.base_directory.empty() ? std::filesystem::current_path() : input.base_directory;
  const std::vector<const Rule*> rules = detail::sorted_rules(input.rules);
  UriCache uris(base);

  Json rules_json = Json::array();
  for (const Rule* rule : rules) {
    rules_json.push_back(rule_json(*rule));
  }

  Json results = Json::array();
  const std::vector<std::size_t> kept = kept_results(input.findings);
  for (const std::size_t index : kept) {
    results.push_back(result_json(input.findings[index], rules, uris));
  }

  Json notifications = Json::array();
  for (const InputError& error : input.input_errors) {
    notifications.push_back(
      Json{{"level", "error"},
           {"message", {{"text", error.message}}},
           {"locations",
            Json::array({Json{{"physicalLocation", {{"artifactLocation", artifact_location(relative_uri(error.path, base))}}}}})}});
  }
  if (kept.size() < input.findings.size()) {
    notifications.push_back(
      Json{{"level", "warning"},
           {"message",
            {{"text", fmt::format("{} of {} results were dropped: GitHub code scanning accepts at most {} results per "
                                  "run, so only the most severe were kept.",
                                  input.findings.size() - kept.size(), input.findings.size(), kMaxResults)}}}});
  }
  Json invocation{{"executionSuccessful", true}};
  if (!notifications.empty()) {
    invocation["toolExecutionNotifications"] = std::move(notifications);
  }

  const std::string_view version = input.tool_version.empty() ? std::string_view("0.0.0") : input.tool_version;
  Json driver{{"name", "lambdalint"},
              {"semanticVersion", version},
              {"informationUri", kInformationUri},
              {"rules", std::move(rules_json)}};
  Json run{{"tool", {{"driver", std::move(driver)}}},
           {"automationDetails", {{"id", "lambdalint/"}}},
           {"originalUriBaseIds", {{kUriBaseId, {{"uri", base_uri(base)}}}}},
           {"columnKind", "utf16CodeUnits"},
           {"invocations", Json::array({std::move(invocation)})},
           {"results", std::move(results)}};
  const Json log{{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
  // `replace`: messages may quote invalid UTF-8 from user files; never throw while reporting.
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace lint::report
