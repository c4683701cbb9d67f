// Audit report: text and JSON renderings of AuditReport (report/audit.h, docs/audit.md).
#include "report/audit.h"

#include "report/detail.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace lint::report {
namespace {

using Json = nlohmann::ordered_json;

std::string cut(std::string text, std::size_t width)
{
  return detail::truncate_utf8(std::move(text), width);
}

Json counts_json(const LevelCounts& counts)
{
  return Json{{"error", counts[static_cast<std::size_t>(Level::error)]},
              {"warning", counts[static_cast<std::size_t>(Level::warning)]},
              {"note", counts[static_cast<std::size_t>(Level::note)]}};
}

Json location_json(const Location& location)
{
  if (!location.file) {
    return nullptr;
  }
  const LineColumn position = location.file->byte_position(location.range.begin);
  return Json{{"file", location.file->path()}, {"line", position.line}, {"column", position.column}};
}

} // namespace

void write_audit_text(std::ostream& out, const AuditReport& report, bool color)
{
  const LevelCounts totals = detail::count_levels(report.findings.findings);
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  out << fmt::format("{}Account snapshot{}: {} input files, {} functions, {} roles{}\n", bold, reset, report.inputs.size(),
                     report.functions.size(), report.roles.size(),
                     report.all_roles ? " (IAM rules on every role)" : " (IAM rules on execution roles; --all-roles for every role)");
  out << fmt::format("Findings: {} errors, {} warnings, {} notes\n", totals[2], totals[1], totals[0]);
  if (!report.skipped_rules.empty()) {
    out << fmt::format("Not checked (the exports hold no facts for them): {}\n", fmt::join(report.skipped_rules, ", "));
  }
  if (!report.functions.empty()) {
    out << fmt::format("\n{}Functions{} (most severe first)\n", bold, reset);
    out << fmt::format("  {:<40} {:<12} {:<30} {:>5} {:>5} {:>5}  {}\n", "FUNCTION", "RUNTIME", "ROLE", "ERR", "WARN", "NOTE", "EXPOSURE");
    for (const AuditFunction& function : report.functions) {
      out << fmt::format("  {:<40} {:<12} {:<30} {:>5} {:>5} {:>5}  {}\n", cut(function.name, 40), cut(function.runtime, 12),
                         cut(function.role.empty() ? "-" : function.role, 30), function.counts[2], function.counts[1], function.counts[0],
                         function.exposure.empty() ? "-" : fmt::format("{}", fmt::join(function.exposure, "; ")));
    }
  }
  if (!report.roles.empty()) {
    out << fmt::format("\n{}Roles{} (most severe first)\n", bold, reset);
    out << fmt::format("  {:<40} {:>5} {:>5} {:>5}  {:>9}  {}\n", "ROLE", "ERR", "WARN", "NOTE", "FUNCTIONS", "RISKY PERMISSIONS");
    for (const AuditRole& role : report.roles) {
      out << fmt::format("  {:<40} {:>5} {:>5} {:>5}  {:>9}  {}\n", cut(role.name, 40), role.counts[2], role.counts[1], role.counts[0],
                         role.functions.size(), role.risks.empty() ? "-" : fmt::format("{}", fmt::join(role.risks, "; ")));
    }
  }
  if (!report.units.empty()) {
    out << fmt::format("\n{}Other units{}\n", bold, reset);
    for (const AuditUnit& unit : report.units) {
      out << fmt::format("  {} ({}): {} errors, {} warnings, {} notes\n", unit.path, unit.kind, unit.counts[2], unit.counts[1], unit.counts[0]);
    }
  }
  out << fmt::format("\n{}Findings{}\n", bold, reset);
  write_text(out, report.findings, color);
}

void write_audit_json(std::ostream& out, const AuditReport& report)
{
  // The findings exactly as `check --format json` writes them.
  std::ostringstream findings_text;
  write_json(findings_text, report.findings);
  Json findings_document = Json::parse(findings_text.str());

  Json inputs = Json::array();
  for (const AuditInputFile& input : report.inputs) {
    inputs.push_back(Json{{"path", input.path}, {"kind", input.kind}});
  }
  Json functions = Json::array();
  for (const AuditFunction& function : report.functions) {
    functions.push_back(Json{{"name", function.name},
                             {"runtime", function.runtime},
                             {"role", function.role.empty() ? Json(nullptr) : Json(function.role)},
                             {"location", location_json(function.location)},
                             {"findings", counts_json(function.counts)},
                             {"exposure", function.exposure},
                             {"triggers", function.triggers}});
  }
  Json roles = Json::array();
  for (const AuditRole& role : report.roles) {
    roles.push_back(Json{{"name", role.name},
                         {"location", location_json(role.location)},
                         {"findings", counts_json(role.counts)},
                         {"risks", role.risks},
                         {"functions", role.functions}});
  }
  Json units = Json::array();
  for (const AuditUnit& unit : report.units) {
    units.push_back(Json{{"path", unit.path}, {"kind", unit.kind}, {"findings", counts_json(unit.counts)}});
  }
  const Json document{{"audit_version", k_audit_json_version},
                      {"tool_version", report.findings.tool_version},
                      {"all_roles", report.all_roles},
                      {"inputs", std::move(inputs)},
                      {"skipped_rules", report.skipped_rules},
                      {"summary", {{"functions", report.functions.size()}, {"roles", report.roles.size()},
                                   {"findings", counts_json(detail::count_levels(report.findings.findings))}}},
                      {"functions", std::move(functions)},
                      {"roles", std::move(roles)},
                      {"units", std::move(units)},
                      {"findings", std::move(findings_document["findings"])},
                      {"errors", std::move(findings_document["errors"])}};
  out << document.dump(2) << "\n";
}

} // namespace lint::report
