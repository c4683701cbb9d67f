#!/usr/bin/env bash
# A generated account (tools/gen_audit_snapshot.py, smaller than the 5,000-function benchmark):
# every function and role is joined and the report is consistent. No timing assertions here; the
# measured numbers are in docs/performance.md.
set -euo pipefail
lambdalint="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/gen_audit_snapshot.py" "$work/snapshot" --functions 300 --roles 300
"$lambdalint" audit "$work/snapshot" --format json --fail-on none --as-of 2026-01-01 > "$work/audit.json"
python3 - "$work/audit.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["summary"]["functions"] == 300 and report["summary"]["roles"] == 300, report["summary"]
functions = {f["name"]: f for f in report["functions"]}
assert all(f["role"].startswith("role-") for f in functions.values())
# fn-00000: public URL (i % 100 == 0) and a Principal * statement (i % 30 == 0).
assert "public function URL (AuthType NONE)" in functions["fn-00000"]["exposure"], functions["fn-00000"]
assert "invocable by anyone (Principal *)" in functions["fn-00000"]["exposure"]
roles = {r["name"]: r for r in report["roles"]}
# role-00011 grants iam:PassRole on * (r % 11 == 0).
assert any("privilege-escalation" in r for r in roles["role-00011"]["risks"]), roles["role-00011"]
rules = {f["rule"] for f in report["findings"]}
for expected in ("LL103", "LL202", "LL204", "LL301", "LL806", "LL502"):
    assert expected in rules, (expected, sorted(rules))
PY
echo ok
