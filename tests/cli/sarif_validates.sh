#!/usr/bin/env bash
# The SARIF of every rule fixture passes the SARIF Multitool with GitHub's ingestion rules
# (tools/validate-sarif.sh counts the validator's error results; it exits 0 even on errors).
set -u
bin=$1
src=$2
out=$(mktemp --suffix=.sarif)
trap 'rm -f "$out"' EXIT
cd "$src" || exit 2
"$bin" check --format sarif --fail-on none --as-of 2026-06-01 fixtures/rules >"$out"
status=$?
if [[ $status -ne 0 ]]; then
  echo "lambdalint exited $status"
  exit 1
fi
python3 - "$out" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
results = run["results"]
rules = run["tool"]["driver"]["rules"]
assert results, "no results: the fixtures should produce findings"
assert run["columnKind"] == "utf16CodeUnits"
for result in results:
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("fixtures/"), uri
for rule in rules:
    sev = rule["properties"].get("security-severity")
    assert sev is None or isinstance(sev, str), rule["id"]
print(f"{len(results)} results over {len(rules)} rules: structure ok")
PY
[[ $? -eq 0 ]] || exit 1
bash "$src/tools/validate-sarif.sh" "$out"
