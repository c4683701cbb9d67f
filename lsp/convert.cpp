#include "lsp/convert.h"

#include "rules/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

namespace lint::lsp {
namespace {

constexpr std::string_view k_source = "lambdalint";
constexpr std::string_view k_docs_base = "https://github.com/lambdalint/lambdalint/blob/main/docs/rules/";

int severity_of(Level level)
{
  switch (level) {
  case Level::error:
    return 1;
  case Level::warning:
    return 2;
  case Level::note:
    return 3; // Information
  }
  return 2;
}

std::string_view applicability_name(Applicability applicability)
{
  switch (applicability) {
  case Applicability::safe:
    return "safe";
  case Applicability::unsafe:
    return "unsafe";
  case Applicability::display_only:
    return "display-only";
  }
  return "unsafe";
}

Range range_of(const Location& location, PositionEncoding encoding)
{
  if (!location.file) {
    return {};
  }
  return {position_of(*location.file, location.range.begin, encoding), position_of(*location.file, location.range.end, encoding)};
}

/// A WorkspaceEdit from text edits grouped by document URI (in the order each is first named).
Json workspace_edit(const CodeActionInput& input, const std::vector<std::pair<std::string, Json>>& by_uri)
{
  if (input.document_changes) {
    Json changes = Json::array();
    for (const auto& [uri, edits] : by_uri) {
      Json document{{"uri", uri}, {"version", nullptr}};
      if (uri == input.uri && input.version) {
        document["version"] = *input.version; // the client rejects the edit if the buffer moved on
      }
      // Another document (a fix in the template for a diagnostic in the code): its version at
      // analysis time is not carried, so null ("any version", LSP OptionalVersionedTextDocumentIdentifier).
      changes.push_back(Json{{"textDocument", document}, {"edits", edits}});
    }
    return Json{{"documentChanges", std::move(changes)}};
  }
  Json changes = Json::object();
  for (const auto& [uri, edits] : by_uri) {
    changes[uri] = edits;
  }
  return Json{{"changes", std::move(changes)}};
}

Json workspace_edit(const CodeActionInput& input, Json edits)
{
  return workspace_edit(input, std::vector<std::pair<std::string, Json>>{{input.uri, std::move(edits)}});
}

/// Leading spaces and tabs of the 0-based line `line` of `text`.
std::string indentation_of_line(std::string_view text, std::uint32_t line)
{
  const std::uint32_t begin = offset_at(text, {line, 0}, PositionEncoding::utf8);
  std::size_t end = begin;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) {
    ++end;
  }
  return std::string(text.substr(begin, end - begin));
}

} // namespace

std::string rule_doc_url(std::string_view rule_id)
{
  return fmt::format("{}{}.md", k_docs_base, rule_id);
}

Json to_diagnostic(const Finding& finding, const ConvertOptions& options)
{
  Json diagnostic{
    {"range", range_of(finding.primary, options.encoding)},
    {"severity", severity_of(finding.level)},
    {"code", finding.rule_id},
    {"codeDescription", {{"href", rule_doc_url(finding.rule_id)}}},
    {"source", k_source},
    {"message", finding.message},
  };
  if (finding.suppression) {
    // Only with includeSuppressed (the pipeline drops them otherwise): shown, but as a hint that
    // says how it is suppressed, never as the warning or error it would be.
    diagnostic["severity"] = 4;
    diagnostic["message"] = fmt::format("{} (suppressed: {})", finding.message, finding.suppression->via);
  }
  if (!finding.related.empty()) {
    if (options.related_information) {
      Json related = Json::array();
      for (const RelatedLocation& item : finding.related) {
        if (!item.location.file) {
          continue;
        }
        const std::string& path = item.location.file->path();
        related.push_back({{"location", {{"uri", options.uri_for ? options.uri_for(path) : uri_from_path(path)},
                                         {"range", range_of(item.location, options.encoding)}}},
                           {"message", item.message}});
      }
      diagnostic["relatedInformation"] = std::move(related);
    } else {
      // Without relatedInformation support the other end would be lost: name it in the message.
      std::string message = diagnostic["message"].get<std::string>();
      for (const RelatedLocation& item : finding.related) {
        if (item.location.file) {
          const Position at = position_of(*item.location.file, item.location.range.begin, options.encoding);
          message += fmt::format("\n  {} (line {})", item.message, at.line + 1);
        }
      }
      diagnostic["message"] = std::move(message);
    }
  }
  Json data{{"rule", finding.rule_id}, {"fingerprint", finding.fingerprint}};
  if (finding.fix && finding.fix->applicability != Applicability::display_only && finding.primary.file) {
    Json edits = Json::array();
    for (const TextEdit& edit : finding.fix->edits) {
      const SourceFilePtr& file = edited_file(finding, edit);
      Json item{{"range", range_of({file, edit.range}, options.encoding)}, {"newText", edit.new_text}};
      if (file->path() != finding.primary.file->path()) {
        // Another document than the diagnostic's (LL308: the call is in the code, the grant goes
        // into the template): the code action's WorkspaceEdit is keyed by this URI.
        item["uri"] = options.uri_for ? options.uri_for(file->path()) : uri_from_path(file->path());
      }
      edits.push_back(std::move(item));
    }
    data["fix"] = {{"title", finding.fix->title}, {"applicability", applicability_name(finding.fix->applicability)}, {"edits", std::move(edits)}};
  }
  diagnostic["data"] = std::move(data);
  return diagnostic;
}

std::string suppression_comment(std::string_view rule_id, std::string_view indentation)
{
  return fmt::format("{}# lambdalint:ignore {}\n", indentation, rule_id);
}

std::vector<Json> code_actions_for(const Json& diagnostic, const CodeActionInput& input)
{
  std::vector<Json> actions;
  if (!diagnostic.is_object() || diagnostic.value("source", "") != k_source || !diagnostic.contains("code") ||
      !diagnostic["code"].is_string()) {
    return actions;
  }
  const auto rule_id = diagnostic["code"].get<std::string>();
  if (rules::find(rule_id) == nullptr) {
    return actions;
  }
  const Json* data = diagnostic.contains("data") ? &diagnostic["data"] : nullptr;
  if (data != nullptr && data->is_object() && data->contains("fix")) {
    const Json& fix = (*data)["fix"];
    std::vector<std::pair<std::string, Json>> by_uri;
    for (const Json& edit : fix.at("edits")) {
      const std::string uri = edit.contains("uri") ? edit.at("uri").get<std::string>() : input.uri;
      auto group = std::find_if(by_uri.begin(), by_uri.end(), [&](const auto& entry) { return entry.first == uri; });
      if (group == by_uri.end()) {
        by_uri.emplace_back(uri, Json::array());
        group = std::prev(by_uri.end());
      }
      group->second.push_back({{"range", edit.at("range").get<Range>()}, {"newText", edit.at("newText").get<std::string>()}});
    }
    actions.push_back({{"title", fix.at("title").get<std::string>()},
                       {"kind", "quickfix"},
                       {"diagnostics", Json::array({diagnostic})},
                       {"isPreferred", fix.value("applicability", "") == "safe"},
                       {"edit", workspace_edit(input, by_uri)}});
  }
  if (input.yaml_comments) {
    const Range range = diagnostic.at("range").get<Range>();
    const std::string comment = suppression_comment(rule_id, indentation_of_line(input.text, range.start.line));
    Json edits = Json::array({Json{{"range", Range{{range.start.line, 0}, {range.start.line, 0}}}, {"newText", comment}}});
    actions.push_back({{"title", fmt::format("Ignore {} here", rule_id)},
                       {"kind", "quickfix"},
                       {"diagnostics", Json::array({diagnostic})},
                       {"edit", workspace_edit(input, std::move(edits))}});
  }
  return actions;
}

} // namespace lint::lsp
