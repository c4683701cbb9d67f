// JSON reporter: a stable, documented shape for scripts and baselines. Lines are 1-based, columns
// are 1-based byte columns, `end` is exclusive; byte offsets are given too so consumers never have
// to re-derive them.

#include "report/detail.h"
#include "report/report.h"

#include <nlohmann/json.hpp>

namespace lint::report {
namespace {

using Json = nlohmann::ordered_json;

std::string_view to_string(Applicability applicability)
{
  switch (applicability) {
  case Applicability::safe:
    return "safe";
  case Applicability::unsafe:
    return "unsafe";
  case Applicability::display_only:
    return "display_only";
  }
  return "unsafe";
}

Json position_json(const SourceFile& file, std::uint32_t offset)
{
  const LineColumn position = file.byte_position(offset);
  return Json{{"line", position.line}, {"column", position.column}, {"offset", offset}};
}

Json range_json(const SourceFile& file, SourceRange range)
{
  range = detail::clamped(file, range);
  return Json{{"start", position_json(file, range.begin)}, {"end", position_json(file, range.end)}};
}

// A location without a file cannot come from a rule today; keep the document well-formed anyway.
Json file_json(const Location& location) { return location.file ? Json(location.file->path()) : Json(nullptr); }
Json range_json(const Location& location)
{
  return location.file ? range_json(*location.file, location.range) : Json(nullptr);
}

// How a finding was suppressed (only present with --include-suppressed), or null.
Json suppression_json(const Finding& finding)
{
  if (!finding.suppression) {
    return nullptr;
  }
  const Suppression& suppression = *finding.suppression;
  return Json{{"via", suppression.via},
              {"justification", suppression.justification},
              {"file", suppression.location ? file_json(*suppression.location) : Json(nullptr)},
              {"range", suppression.location ? range_json(*suppression.location) : Json(nullptr)}};
}

Json finding_json(const Finding& finding, const std::vector<const Rule*>& rules)
{
  const std::ptrdiff_t index = detail::rule_index(rules, finding.rule_id);
  Json related = Json::array();
  for (const RelatedLocation& location : finding.related) {
    related.push_back(Json{{"file", file_json(location.location)},
                           {"range", range_json(location.location)},
                           {"message", location.message}});
  }
  Json fix = nullptr;
  if (finding.fix) {
    Json edits = Json::array();
    for (const TextEdit& edit : finding.fix->edits) {
      // The file each edit applies to: the finding's own, or another (LL308's fix edits the template).
      const SourceFilePtr& file = edited_file(finding, edit);
      edits.push_back(Json{{"file", file ? Json(file->path()) : Json(nullptr)},
                           {"range", file ? range_json(*file, edit.range) : Json(nullptr)},
                           {"new_text", edit.new_text}});
    }
    fix = Json{{"title", finding.fix->title},
               {"applicability", to_string(finding.fix->applicability)},
               {"edits", std::move(edits)}};
  }
  return Json{{"rule", finding.rule_id},
              {"name", index >= 0 ? Json(rules[static_cast<std::size_t>(index)]->meta.name) : Json(nullptr)},
              {"level", lint::to_string(finding.level)},
              {"message", finding.message},
              {"file", file_json(finding.primary)},
              {"range", range_json(finding.primary)},
              {"related", std::move(related)},
              {"fix", std::move(fix)},
              {"fingerprint", finding.fingerprint},
              {"resource", finding.resource},
              {"suppression", suppression_json(finding)}};
}

} // namespace

void write_json(std::ostream& out, const ReportInput& input)
{
  // The document is written piece by piece, each finding built, dumped and freed in turn, instead
  // of one Json tree holding every finding: same bytes as Json::dump(2), a fraction of the memory
  // and time for runs with thousands of findings (docs/performance.md).
  // `replace`: text from user files may hold invalid UTF-8; never throw while reporting.
  const auto dump = [](const Json& value) { return value.dump(2, ' ', false, Json::error_handler_t::replace); };
  // A nested value's dump, indented to sit at `depth` levels inside the document.
  const auto nested = [&dump](const Json& value, std::string_view indent) {
    std::string text = dump(value);
    std::string shifted;
    shifted.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
      shifted.push_back(c);
      if (c == '\n') {
        shifted.append(indent);
      }
    }
    return shifted;
  };
  const std::vector<const Rule*> rules = detail::sorted_rules(input.rules);
  out << "{\n  \"version\": " << dump(Json(input.tool_version)) << ",\n  \"files_checked\": " << input.files_checked
      << ",\n  \"findings\": ";
  if (input.findings.empty()) {
    out << "[]";
  } else {
    out << "[";
    bool first = true;
    for (const Finding& finding : input.findings) {
      out << (first ? "\n    " : ",\n    ") << nested(finding_json(finding, rules), "    ");
      first = false;
    }
    out << "\n  ]";
  }
  Json errors = Json::array();
  for (const InputError& error : input.input_errors) {
    errors.push_back(Json{{"path", error.path}, {"message", error.message}});
  }
  const auto counts = detail::count_levels(input.findings);
  const Json summary{{"error", counts[static_cast<std::size_t>(Level::error)]},
                     {"warning", counts[static_cast<std::size_t>(Level::warning)]},
                     {"note", counts[static_cast<std::size_t>(Level::note)]},
                     {"suppressed", input.suppressed},
                     {"baselined", input.baselined}};
  out << ",\n  \"errors\": " << nested(errors, "  ") << ",\n  \"summary\": " << nested(summary, "  ") << "\n}\n";
}

} // namespace lint::report

namespace lint::report {

void write_ndjson_unit(std::ostream& out, std::span<const Finding> findings, std::span<const InputError> errors,
                       std::span<const Rule* const> rules)
{
  if (findings.empty() && errors.empty()) {
    return;
  }
  const std::vector<const Rule*> sorted = detail::sorted_rules(rules);
  std::string lines;
  for (const Finding& finding : findings) {
    Json line{{"type", "finding"}};
    line.update(finding_json(finding, sorted)); // the JSON format's finding object, keys in its order
    lines += line.dump(-1, ' ', false, Json::error_handler_t::replace);
    lines += '\n';
  }
  for (const InputError& error : errors) {
    lines += Json{{"type", "error"}, {"path", error.path}, {"message", error.message}}.dump(-1, ' ', false, Json::error_handler_t::replace);
    lines += '\n';
  }
  out << lines << std::flush; // one write per unit: a consumer never sees half a unit
}

void write_ndjson_summary(std::ostream& out, std::string_view tool_version, std::size_t files_checked, std::size_t errors,
                          const std::array<std::size_t, 3>& level_counts, std::size_t suppressed, std::size_t baselined,
                          std::string_view shard)
{
  const Json line{{"type", "summary"},
                  {"schema", "lambdalint-ndjson/1"},
                  {"version", tool_version},
                  {"files_checked", files_checked},
                  {"errors", errors},
                  {"summary",
                   {{"error", level_counts[static_cast<std::size_t>(Level::error)]},
                    {"warning", level_counts[static_cast<std::size_t>(Level::warning)]},
                    {"note", level_counts[static_cast<std::size_t>(Level::note)]},
                    {"suppressed", suppressed},
                    {"baselined", baselined}}},
                  {"shard", shard.empty() ? Json(nullptr) : Json(shard)}};
  out << line.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n' << std::flush;
}

} // namespace lint::report
