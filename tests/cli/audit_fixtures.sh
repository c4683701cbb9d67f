#!/usr/bin/env bash
# `lambdalint audit` on the hand-made AWS CLI exports (fixtures/audit/): the findings (rule, file,
# line, column) are exactly those in fixtures/audit/expected.txt, the summary joins functions,
# roles and exposure, SARIF and text come out, and `lambdalint check` lints each export on its own.
set -euo pipefail
lambdalint="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

status=0
"$lambdalint" audit fixtures/audit/snapshot fixtures/audit/stacks --format json --as-of 2026-01-01 > "$work/audit.json" || status=$?
test "$status" = 1 # errors found (default --fail-on error)
python3 - "$work/audit.json" fixtures/audit/expected.txt <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["audit_version"] == 1
got = sorted(f'{f["rule"]} {f["file"]}:{f["range"]["start"]["line"]}:{f["range"]["start"]["column"]}' for f in report["findings"])
want = sorted(l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#"))
if got != want:
    print("unexpected:", sorted(set(got) - set(want)))
    print("missing:", sorted(set(want) - set(got)))
    sys.exit(1)
functions = {f["name"]: f for f in report["functions"]}
roles = {r["name"]: r for r in report["roles"]}
assert set(functions) == {"orders-worker", "public-api", "stream-reader"}, functions.keys()
assert functions["public-api"]["role"] == "admin-role"
assert "public function URL (AuthType NONE)" in functions["public-api"]["exposure"]
assert "invocable by anyone (Principal *)" in functions["public-api"]["exposure"]
assert "kinesis:clicks" in functions["stream-reader"]["triggers"]
assert "s3:uploads-bucket" in functions["public-api"]["triggers"]
assert roles["stream-role"]["functions"] == ["stream-reader"]
assert any("privilege-escalation" in r for r in roles["stream-role"]["risks"]), roles["stream-role"]
assert report["skipped_rules"] == ["LL804"]
assert {u["kind"] for u in report["units"]} == {"aws cloudformation get-template"}
PY
# --all-roles widens the IAM rules to the EC2 role.
"$lambdalint" audit fixtures/audit/snapshot --format json --all-roles --fail-on none > "$work/all.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(f["rule"]=="LL101" and f["resource"]=="ci-deployer" for f in d["findings"]), "no LL101 on ci-deployer"' "$work/all.json"
"$lambdalint" audit fixtures/audit/snapshot --format sarif --fail-on none > "$work/audit.sarif"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="2.1.0" and d["runs"][0]["results"]' "$work/audit.sarif"
"$lambdalint" audit fixtures/audit/snapshot --fail-on none > "$work/audit.txt" 2> "$work/stderr.txt"
grep -q '^Account snapshot: 7 input files, 3 functions, 4 roles' "$work/audit.txt"
test ! -s "$work/stderr.txt" # no progress unless asked (stderr is not a terminal here)
"$lambdalint" audit fixtures/audit/snapshot --progress --fail-on none > /dev/null 2> "$work/progress.txt"
grep -q 'running' "$work/progress.txt"
# check lints each export alone: the public permission is found without the rest of the account.
status=0
"$lambdalint" check fixtures/audit/snapshot/public-api.policy.json --format json > "$work/check.json" || status=$?
test "$status" = 1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [f["rule"] for f in d["findings"] if f["rule"]=="LL202"], d' "$work/check.json"
# Terraform state files (terraform show -json, one per workspace) are units of an audit: each
# gives the same findings as `check --extend-select hardening` (audit runs the hardening group)
# on that file alone, pointing into the state file.
mkdir "$work/states"
cp fixtures/terraform/plan_module/state.json "$work/states/prod.tfstate.json"
cp fixtures/terraform/plan_module/state.json "$work/states/staging.tfstate.json"
"$lambdalint" audit "$work/states" --format json --fail-on none > "$work/states.json"
"$lambdalint" check "$work/states/prod.tfstate.json" --extend-select hardening --format json --fail-on none > "$work/prod.json"
python3 - "$work/states.json" "$work/prod.json" <<'PY'
import json, os, sys
audit, alone = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert [u["kind"] for u in audit["units"]] == ["terraform show -json"] * 2, audit["units"]
key = lambda f: (f["rule"], f["range"]["start"]["line"], f["range"]["start"]["column"])
by_file = {}
for f in audit["findings"]:
    by_file.setdefault(os.path.basename(f["file"]), []).append(key(f))
want = sorted(key(f) for f in alone["findings"])
assert want, "the state fixture has findings"
assert sorted(by_file["prod.tfstate.json"]) == want and sorted(by_file["staging.tfstate.json"]) == want, (by_file, want)
PY
# The project configuration applies as for check: --config (or .lambdalint.yaml found from the
# first path) disables rules and overrides levels; command-line flags win.
printf 'disable: [LL104]\nlevels:\n  LL101: error\n' > "$work/lambdalint.yaml"
"$lambdalint" audit fixtures/audit/snapshot --config "$work/lambdalint.yaml" --format json --fail-on none > "$work/configured.json"
python3 - "$work/configured.json" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
assert not [f for f in findings if f["rule"] == "LL104"], "LL104 disabled by the configuration"
assert [f["level"] for f in findings if f["rule"] == "LL101"] == ["error"], [f for f in findings if f["rule"] == "LL101"]
PY
printf 'disable: [LL1O4]\n' > "$work/bad.yaml"
if "$lambdalint" audit fixtures/audit/snapshot --config "$work/bad.yaml" > /dev/null 2> "$work/bad.txt"; then exit 1; fi
grep -q 'bad.yaml:1:' "$work/bad.txt"
# Nothing recognisable: exit 2.
mkdir "$work/empty"
if "$lambdalint" audit "$work/empty" >/dev/null 2>&1; then exit 1; fi
echo ok
