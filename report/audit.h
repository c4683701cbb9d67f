#pragma once
// The account audit report (`lambdalint audit DIR`, docs/audit.md): a summary per function and per
// role on top of the findings, in text, JSON (versioned) and a self-contained HTML page. The CLI
// fills AuditReport from the model; these writers only render it. SARIF output is write_sarif on
// `findings` (report.h).

#include "report/report.h"

#include <array>
#include <string>
#include <vector>

namespace lint::report {

/// The shape of the audit JSON document; bumped on incompatible changes (docs/audit.md).
inline constexpr int k_audit_json_version = 1;

using LevelCounts = std::array<std::size_t, 3>; // indexed by Level (note, warning, error)

struct AuditFunction {
  std::string name;
  std::string runtime;
  std::string role;                  // execution role name ("" when unknown)
  Location location;                 // the function object in its export
  LevelCounts counts{};
  std::vector<std::string> exposure; // "public function URL (AuthType NONE)", "invocable by anyone (Principal *)"
  std::vector<std::string> triggers; // "sqs:orders", "s3:uploads-bucket", "url"
};

struct AuditRole {
  std::string name;
  Location location;
  LevelCounts counts{};
  std::vector<std::string> risks;     // "privilege escalation: iam:PassRole on *", "wildcard action: s3:*"
  std::vector<std::string> functions; // functions it is the execution role of
};

/// A unit other than the account (a stack's template from get-template, a Terraform state).
struct AuditUnit {
  std::string path;
  std::string kind;
  LevelCounts counts{};
};

struct AuditInputFile {
  std::string path;
  std::string kind; // "aws lambda list-functions", ...
};

struct AuditReport {
  ReportInput findings;                 // every finding (account and units), sorted
  std::vector<AuditInputFile> inputs;
  std::vector<AuditFunction> functions; // sorted: most severe first, then by name
  std::vector<AuditRole> roles;
  std::vector<AuditUnit> units;
  std::vector<std::string> skipped_rules; // rules whose facts a snapshot does not hold
  bool all_roles = false;
};

void write_audit_text(std::ostream& out, const AuditReport& report, bool color);
void write_audit_json(std::ostream& out, const AuditReport& report);
/// One HTML file with inline CSS, JS and SVG (no external assets): summary, the trigger → function
/// → role graph, sortable and filterable tables of functions, roles and findings.
void write_audit_html(std::ostream& out, const AuditReport& report);

} // namespace lint::report
