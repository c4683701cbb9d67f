#pragma once
// `lambdalint audit DIR... [--format text|json|sarif|html] [--output FILE] [--all-roles]
// [--progress] [--fail-on LEVEL] [--as-of DATE]`: every AWS CLI export under DIR is one account
// snapshot (analyzer/audit/), linted by all rules and reported with a summary per function and per
// role (docs/audit.md).

namespace lint::cli {

/// Runs the audit command on the arguments after `audit`; returns the exit code.
int run_audit(int argc, char** argv);

} // namespace lint::cli
