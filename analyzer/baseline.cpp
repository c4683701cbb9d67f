#include "analyzer/baseline.h"

#include "support/paths.h"
#include "support/read_file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace lint {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_format_key = "lambdalintBaseline";
constexpr int k_format_version = 1;

} // namespace

std::string path_relative_to(const fs::path& file, const fs::path& root)
{
  if (auto relative = relative_path_under(file, root)) {
    return std::move(*relative);
  }
  return normalized_path(file).generic_string();
}

fs::path Baseline::root_for(const fs::path& baseline_file)
{
  return find_repository_root(normalized_path(baseline_file).parent_path());
}

std::optional<Baseline> Baseline::load(const fs::path& path, std::string& error)
{
  const ReadResult read = read_regular_file(path, k_max_config_bytes); // never blocks on a FIFO; bounded
  if (!read.text) {
    error = "cannot read the baseline file (" + read.error + ")";
    return std::nullopt;
  }
  const nlohmann::json json = nlohmann::json::parse(*read.text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains(k_format_key)) {
    error = "not a lambdalint baseline (create one with --create-baseline FILE)";
    return std::nullopt;
  }
  if (!json[k_format_key].is_number_integer() || json[k_format_key].get<int>() != k_format_version) {
    error = "unsupported baseline version";
    return std::nullopt;
  }
  Baseline baseline(root_for(path));
  const auto findings = json.find("findings");
  if (findings == json.end() || !findings->is_array()) {
    error = "baseline without a findings array";
    return std::nullopt;
  }
  for (const nlohmann::json& item : *findings) {
    auto text_of = [&](const char* key) {
      const auto it = item.find(key);
      return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (!item.is_object() || text_of("rule").empty() || text_of("fingerprint").empty()) {
      error = "baseline entry without rule and fingerprint";
      return std::nullopt;
    }
    baseline.m_entries.insert({text_of("file"), text_of("resource"), text_of("rule"), text_of("fingerprint")});
  }
  return baseline;
}

BaselineEntry Baseline::entry_for(const Finding& finding) const
{
  BaselineEntry entry;
  if (finding.primary.file) {
    entry.file = path_relative_to(finding.primary.file->path(), m_root);
  }
  entry.resource = finding.resource;
  entry.rule = std::string(finding.rule_id);
  entry.fingerprint = finding.fingerprint;
  return entry;
}

bool Baseline::contains(const Finding& finding) const
{
  return m_entries.contains(entry_for(finding));
}

void Baseline::add(const Finding& finding)
{
  m_entries.insert(entry_for(finding));
}

std::string Baseline::to_json() const
{
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const BaselineEntry& entry : m_entries) {
    findings.push_back({{"file", entry.file}, {"resource", entry.resource}, {"rule", entry.rule}, {"fingerprint", entry.fingerprint}});
  }
  const nlohmann::ordered_json json{{k_format_key, k_format_version}, {"findings", std::move(findings)}};
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace lint
