// Audit report as one self-contained HTML page: inline CSS, inline JS (sorting, filtering), inline
// SVG (the trigger → function → role graph, laid out here in three columns). No external assets,
// so the file can be mailed, archived as a CI artifact or opened offline.
#include "report/audit.h"

#include "report/detail.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace lint::report {
namespace {

std::string escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string_view level_class(const LevelCounts& counts)
{
  if (counts[static_cast<std::size_t>(Level::error)] > 0) {
    return "error";
  }
  if (counts[static_cast<std::size_t>(Level::warning)] > 0) {
    return "warning";
  }
  if (counts[static_cast<std::size_t>(Level::note)] > 0) {
    return "note";
  }
  return "clean";
}

std::string where(const Location& location)
{
  if (!location.file) {
    return "";
  }
  const LineColumn position = location.file->byte_position(location.range.begin);
  return fmt::format("{}:{}:{}", location.file->path(), position.line, position.column);
}

/// An escaped location that may wrap only after '/' and before ':' (never inside a file name or
/// a number), so a narrow column does not cut "template.yaml" or "12" in two.
std::string wrappable_location(const std::string& escaped)
{
  std::string out;
  for (const char c : escaped) {
    if (c == ':') {
      out += "<wbr>";
    }
    out += c;
    if (c == '/') {
      out += "<wbr>";
    }
  }
  return out;
}

/// Findings most severe first; within a level, the order they came in (file, position).
std::vector<const Finding*> by_severity(std::span<const Finding> findings)
{
  std::vector<const Finding*> sorted;
  for (const Finding& finding : findings) {
    sorted.push_back(&finding);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) { return a->level > b->level; });
  return sorted;
}

std::string short_label(std::string_view text, std::size_t width)
{
  return detail::truncate_utf8(std::string(text), width);
}

constexpr std::string_view k_style = R"css(
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#5f6b7a;--line:#e2e6ec;--error:#c62828;--warning:#d97706;--note:#2563eb;--clean:#16a34a}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:var(--bg);color:var(--ink)}
header{background:#141b2d;color:#fff;padding:20px 32px}header h1{margin:0 0 4px;font-size:22px;font-weight:600}header p{margin:0;color:#b8c1d1}
main{padding:20px 32px;max-width:1500px}section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin-bottom:20px}
h2{font-size:17px;margin:0 0 12px}.cards{display:flex;gap:14px;flex-wrap:wrap;margin-bottom:20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 18px;min-width:130px}.card b{display:block;font-size:26px}
.card.error b{color:var(--error)}.card.warning b{color:var(--warning)}.card.note b{color:var(--note)}.card span{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0}th:after{content:" \2195";color:#9aa5b4;font-size:11px}
th.asc:after{content:" \2191";color:var(--ink)}th.desc:after{content:" \2193";color:var(--ink)}tr:hover td{background:#f8fafc}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.loc{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;color:var(--muted);overflow-wrap:normal;word-break:normal}
td.name{overflow-wrap:normal;word-break:keep-all;white-space:nowrap}
.pill{display:inline-block;border-radius:999px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff}.pill.error{background:var(--error)}.pill.warning{background:var(--warning)}.pill.note{background:var(--note)}
.tag{display:inline-block;background:#fdecea;color:#9b1c1c;border-radius:4px;padding:0 6px;margin:1px 4px 1px 0;font-size:12px}.tag.trig{background:#eef2ff;color:#3730a3}
.tools{display:flex;gap:10px;margin-bottom:10px;align-items:center}.tools input,.tools select{padding:6px 10px;border:1px solid var(--line);border-radius:6px;font:inherit}.tools input{flex:0 1 360px}
.count{color:var(--muted);font-size:12px}.scroll{max-height:520px;overflow:auto;border:1px solid var(--line);border-radius:6px}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}.muted{color:var(--muted)}
)css";

constexpr std::string_view k_script = R"js(
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th,index){
    th.addEventListener('click',function(){
      var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),asc=!th.classList.contains('asc');
      table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});th.classList.add(asc?'asc':'desc');
      rows.sort(function(a,b){var x=a.cells[index].getAttribute('data-sort')||a.cells[index].textContent,y=b.cells[index].getAttribute('data-sort')||b.cells[index].textContent;
        var nx=parseFloat(x),ny=parseFloat(y),r=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return asc?r:-r});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
document.querySelectorAll('.tools').forEach(function(tools){
  var table=document.getElementById(tools.getAttribute('data-table')),text=tools.querySelector('input'),level=tools.querySelector('select'),count=tools.querySelector('.count');
  function apply(){var q=text.value.toLowerCase(),l=level?level.value:'',shown=0;
    Array.prototype.forEach.call(table.tBodies[0].rows,function(r){var ok=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(!l||r.getAttribute('data-level')===l);r.style.display=ok?'':'none';if(ok)shown++});
    count.textContent=shown+' shown';}
  text.addEventListener('input',apply);if(level)level.addEventListener('change',apply);apply();
});
)js";

/// Three columns: triggers, functions, roles; the most severe functions first (at most
/// `max_functions`, the rest counted in a caption).
void write_graph(std::ostream& out, const AuditReport& report)
{
  constexpr std::size_t max_functions = 30;
  constexpr int row = 30;
  constexpr int box_height = 22;
  constexpr int column_width = 260;
  constexpr int x_trigger = 10;
  constexpr int x_function = 390;
  constexpr int x_role = 770;
  const std::size_t shown = std::min(report.functions.size(), max_functions);
  std::map<std::string, int> trigger_rows;
  std::map<std::string, int> role_rows;
  std::map<std::string, LevelCounts> role_counts;
  for (const AuditRole& role : report.roles) {
    role_counts[role.name] = role.counts;
  }
  std::vector<std::string> triggers;
  std::vector<std::string> roles;
  for (std::size_t i = 0; i < shown; ++i) {
    for (const std::string& trigger : report.functions[i].triggers) {
      if (trigger_rows.emplace(trigger, static_cast<int>(triggers.size())).second) {
        triggers.push_back(trigger);
      }
    }
    const std::string& role = report.functions[i].role;
    if (!role.empty() && role_rows.emplace(role, static_cast<int>(roles.size())).second) {
      roles.push_back(role);
    }
  }
  const std::size_t rows = std::max({shown, triggers.size(), roles.size(), std::size_t{1}});
  const int height = static_cast<int>(rows) * row + 50;
  const int width = x_role + column_width + 10;
  // The function column starts at the top; a shorter trigger or role column is centred against
  // it, a taller one starts at the top too (so edges stay short on large accounts).
  auto offset = [&](std::size_t count) { return count < shown ? static_cast<int>((shown - count) * row / 2) + 40 : 40; };
  const int trigger_top = offset(triggers.size());
  const int function_top = 40;
  const int role_top = offset(roles.size());
  out << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {1}" width="100%" style="max-width:{0}px" role="img" aria-label="trigger, function and role graph">)", width, height);
  out << R"(<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#9aa5b4"/></marker></defs>)";
  for (const auto& [label, x] : {std::pair{"TRIGGERS", x_trigger}, std::pair{"FUNCTIONS", x_function}, std::pair{"EXECUTION ROLES", x_role}}) {
    out << fmt::format(R"(<text x="{}" y="20" fill="#5f6b7a" font-weight="600" letter-spacing=".06em">{}</text>)", x, label);
  }
  auto edge = [&](int x1, int y1, int x2, int y2) {
    const int middle = (x1 + x2) / 2;
    out << fmt::format(R"~(<path d="M{},{} C{},{} {},{} {},{}" fill="none" stroke="#b6bfcc" stroke-width="1.3" marker-end="url(#arrow)"/>)~", x1, y1,
                       middle, y1, middle, y2, x2, y2);
  };
  for (std::size_t i = 0; i < shown; ++i) {
    const AuditFunction& function = report.functions[i];
    const int y = function_top + static_cast<int>(i) * row + box_height / 2;
    for (const std::string& trigger : function.triggers) {
      edge(x_trigger + column_width, trigger_top + trigger_rows[trigger] * row + box_height / 2, x_function, y);
    }
    if (!function.role.empty()) {
      edge(x_function + column_width, y, x_role, role_top + role_rows[function.role] * row + box_height / 2);
    }
  }
  auto colour = [](std::string_view level) {
    return level == "error" ? "#c62828" : level == "warning" ? "#d97706" : level == "note" ? "#2563eb" : level == "trigger" ? "#6366f1" : "#16a34a";
  };
  auto node = [&](int x, int y, std::string_view label, std::string_view level, std::string_view fill, std::string_view title) {
    out << fmt::format(R"(<g><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="5" fill="{}" stroke="{}" stroke-width="1.5"/>)",
                       escape(title), x, y, column_width, box_height, fill, colour(level));
    out << fmt::format(R"(<rect x="{}" y="{}" width="5" height="{}" rx="2" fill="{}"/>)", x, y, box_height, colour(level));
    out << fmt::format(R"(<text x="{}" y="{}" fill="#1d2330">{}</text></g>)", x + 12, y + 15, escape(short_label(label, 36)));
  };
  for (std::size_t i = 0; i < triggers.size(); ++i) {
    node(x_trigger, trigger_top + static_cast<int>(i) * row, triggers[i], "trigger", "#eef2ff", triggers[i]);
  }
  for (std::size_t i = 0; i < shown; ++i) {
    const AuditFunction& function = report.functions[i];
    node(x_function, function_top + static_cast<int>(i) * row, function.name, level_class(function.counts), "#ffffff",
         fmt::format("{}: {} errors, {} warnings, {} notes", function.name, function.counts[2], function.counts[1], function.counts[0]));
  }
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const LevelCounts counts = role_counts[roles[i]];
    node(x_role, role_top + static_cast<int>(i) * row, roles[i], level_class(counts), "#fbfbfd",
         fmt::format("{}: {} errors, {} warnings, {} notes", roles[i], counts[2], counts[1], counts[0]));
  }
  out << "</svg>\n";
  if (shown < report.functions.size()) {
    out << fmt::format(R"(<p class="muted">The {} most severe of {} functions are drawn; the tables below list them all.</p>)", shown,
                       report.functions.size());
  }
}

void write_tools(std::ostream& out, std::string_view table, bool with_level)
{
  out << fmt::format(R"(<div class="tools" data-table="{}"><input type="search" placeholder="Filter…" aria-label="filter">)", table);
  if (with_level) {
    out << R"(<select aria-label="level"><option value="">all levels</option><option value="error">error</option><option value="warning">warning</option><option value="note">note</option></select>)";
  }
  out << R"(<span class="count"></span></div>)";
}

} // namespace

void write_audit_html(std::ostream& out, const AuditReport& report)
{
  const LevelCounts totals = detail::count_levels(report.findings.findings);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out << "<title>lambdalint audit</title><style>" << k_style << "</style></head><body>\n";
  out << fmt::format("<header><h1>lambdalint audit</h1><p>{} input files · {} functions · {} roles · lambdalint {}{}</p></header><main>\n",
                     report.inputs.size(), report.functions.size(), report.roles.size(), escape(report.findings.tool_version),
                     report.all_roles ? " · IAM rules on every role" : "");
  std::size_t exposed = 0;
  for (const AuditFunction& function : report.functions) {
    exposed += function.exposure.empty() ? 0 : 1;
  }
  std::size_t risky = 0;
  for (const AuditRole& role : report.roles) {
    risky += role.risks.empty() ? 0 : 1;
  }
  out << "<div class=\"cards\">";
  out << fmt::format(R"(<div class="card error"><b>{}</b><span>errors</span></div><div class="card warning"><b>{}</b><span>warnings</span></div><div class="card note"><b>{}</b><span>notes</span></div>)",
                     totals[2], totals[1], totals[0]);
  out << fmt::format(R"(<div class="card"><b>{}</b><span>publicly exposed functions</span></div><div class="card"><b>{}</b><span>roles with risky permissions</span></div>)",
                     exposed, risky);
  out << "</div>\n";

  out << "<section><h2>Triggers → functions → roles</h2>";
  write_graph(out, report);
  out << "</section>\n";

  out << "<section><h2>Functions</h2>";
  write_tools(out, "functions", false);
  out << R"(<div class="scroll"><table id="functions" class="sortable"><thead><tr><th>Function</th><th>Runtime</th><th>Role</th><th>Errors</th><th>Warnings</th><th>Notes</th><th>Exposure</th><th>Triggers</th><th>Location</th></tr></thead><tbody>)";
  for (const AuditFunction& function : report.functions) {
    out << fmt::format("<tr><td class=\"name\">{}</td><td>{}</td><td class=\"name\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>", escape(function.name),
                       escape(function.runtime), escape(function.role), function.counts[2], function.counts[1], function.counts[0]);
    for (const std::string& exposure : function.exposure) {
      out << "<span class=\"tag\">" << escape(exposure) << "</span>";
    }
    out << "</td><td>";
    for (const std::string& trigger : function.triggers) {
      out << "<span class=\"tag trig\">" << escape(trigger) << "</span>";
    }
    out << "</td><td class=\"loc\">" << wrappable_location(escape(where(function.location))) << "</td></tr>\n";
  }
  out << "</tbody></table></div></section>\n";

  out << "<section><h2>Roles</h2>";
  write_tools(out, "roles", false);
  out << R"(<div class="scroll"><table id="roles" class="sortable"><thead><tr><th>Role</th><th>Errors</th><th>Warnings</th><th>Notes</th><th>Functions</th><th>Risky permissions</th><th>Location</th></tr></thead><tbody>)";
  for (const AuditRole& role : report.roles) {
    out << fmt::format("<tr><td class=\"name\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td><td>",
                       escape(role.name), role.counts[2], role.counts[1], role.counts[0], role.functions.size(),
                       escape(fmt::format("{}", fmt::join(role.functions, ", "))));
    for (const std::string& risk : role.risks) {
      out << "<span class=\"tag\">" << escape(risk) << "</span>";
    }
    out << "</td><td class=\"loc\">" << wrappable_location(escape(where(role.location))) << "</td></tr>\n";
  }
  out << "</tbody></table></div></section>\n";

  out << "<section><h2>Findings</h2>";
  write_tools(out, "findings", true);
  out << R"(<div class="scroll"><table id="findings" class="sortable"><thead><tr><th>Level</th><th>Rule</th><th>Resource</th><th>Message</th><th>Location</th></tr></thead><tbody>)";
  for (const Finding* sorted : by_severity(report.findings.findings)) {
    const Finding& finding = *sorted;
    const std::string_view level = lint::to_string(finding.level);
    out << fmt::format("<tr data-level=\"{0}\"><td data-sort=\"{1}\"><span class=\"pill {0}\">{0}</span></td><td class=\"name\">{2}</td><td class=\"name\">{3}</td><td>{4}</td><td class=\"loc\">{5}</td></tr>\n",
                       level, 2 - static_cast<int>(finding.level), finding.rule_id, escape(finding.resource), escape(finding.message),
                       wrappable_location(escape(where(finding.primary))));
  }
  out << "</tbody></table></div></section>\n";

  out << "<section><h2>Inputs</h2><table><thead><tr><th>File</th><th>Detected as</th></tr></thead><tbody>";
  for (const AuditInputFile& input : report.inputs) {
    out << fmt::format("<tr><td class=\"loc\">{}</td><td>{}</td></tr>", escape(input.path), escape(input.kind));
  }
  out << "</tbody></table>";
  if (!report.skipped_rules.empty()) {
    out << fmt::format("<p class=\"muted\">Not checked on the account (the exports hold no facts for them): {}</p>",
                       escape(fmt::format("{}", fmt::join(report.skipped_rules, ", "))));
  }
  out << "</section></main><script>" << k_script << "</script></body></html>\n";
}

} // namespace lint::report
