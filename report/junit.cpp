// JUnit XML for CI systems that display test reports (GitLab, Jenkins, Azure DevOps): each linted
// file is a testsuite; each finding a testcase, failing when at or above --fail-on (so a run that
// passes shows no failed test) and passing with the finding as system-out otherwise; a clean file
// one passing testcase.

#include "report/detail.h"
#include "report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace lint::report {
namespace {

/// XML text/attribute escaping; control characters XML 1.0 cannot hold become U+FFFD.
std::string xml_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  // Invalid UTF-8 from a template would make the document ill-formed XML: U+FFFD instead.
  for (const char c : detail::valid_utf8(text)) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
        out += "\xEF\xBF\xBD";
      } else {
        out += c;
      }
    }
  }
  return out;
}

} // namespace

void write_junit(std::ostream& out, const ReportInput& input)
{
  const std::vector<const Rule*> rules = detail::sorted_rules(input.rules);
  // Suppressed findings (--include-suppressed) and those below --fail-on do not fail the run.
  auto fails = [&](const Finding& finding) { return !finding.suppression && input.fail_on && finding.level >= *input.fail_on; };
  // Findings grouped by file, files in the order they were checked (then any others).
  std::map<std::string, std::vector<const Finding*>> by_file;
  for (const Finding& finding : input.findings) {
    by_file[finding.primary.file ? finding.primary.file->path() : std::string()].push_back(&finding);
  }
  std::vector<std::string> files(input.checked_files.begin(), input.checked_files.end());
  for (const auto& [path, findings] : by_file) {
    if (std::find(files.begin(), files.end(), path) == files.end()) {
      files.push_back(path);
    }
  }
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::string suites;
  for (const std::string& path : files) {
    const auto found = by_file.find(path);
    const std::size_t count = found == by_file.end() ? 0 : found->second.size();
    const std::size_t failing = found == by_file.end() ? 0 : static_cast<std::size_t>(std::count_if(found->second.begin(), found->second.end(), [&](const Finding* finding) { return fails(*finding); }));
    suites += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", xml_escape(path),
                          std::max<std::size_t>(count, 1), failing);
    if (count == 0) {
      suites += fmt::format("    <testcase name=\"lambdalint\" classname=\"{}\"/>\n", xml_escape(path));
      ++tests;
    } else {
      for (const Finding* finding : found->second) {
        std::string name(finding->rule_id);
        if (const std::ptrdiff_t index = detail::rule_index(rules, finding->rule_id); index >= 0) {
          name += ' ';
          name += rules[static_cast<std::size_t>(index)]->meta.name;
        }
        LineColumn at;
        if (finding->primary.file) {
          at = finding->primary.file->byte_position(detail::clamped(*finding->primary.file, finding->primary.range).begin);
        }
        const std::string where = fmt::format("{}:{}:{}", path, at.line, at.column);
        suites += fmt::format("    <testcase name=\"{} {}\" classname=\"{}\">\n", xml_escape(name),
                              xml_escape(finding->resource.empty() ? where : finding->resource), xml_escape(path));
        const std::string text = fmt::format("{}: {}[{}]: {}", xml_escape(where), to_string(finding->level), finding->rule_id,
                                             xml_escape(finding->message));
        if (fails(*finding)) {
          suites += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", to_string(finding->level),
                                xml_escape(finding->message), text);
          ++failures;
        } else {
          suites += fmt::format("      <system-out>{}</system-out>\n", text);
        }
        suites += "    </testcase>\n";
        ++tests;
      }
    }
    suites += "  </testsuite>\n";
  }
  for (const InputError& error : input.input_errors) {
    suites += fmt::format("  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\">\n", xml_escape(error.path));
    suites += fmt::format("    <testcase name=\"lambdalint\" classname=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                          xml_escape(error.path), xml_escape(error.message));
    suites += "  </testsuite>\n";
    ++tests;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"lambdalint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", tests, failures,
                     input.input_errors.size());
  out << suites << "</testsuites>\n";
}

} // namespace lint::report
