#!/usr/bin/env bash
# Runs the `lint` step of docs/ci/github-code-scanning.yml, exactly as written there, in a
# repository made of rule fixtures, and validates the SARIF it writes the way GitHub code scanning
# reads it (tools/validate-sarif.sh: SARIF Multitool with the GitHub rules switched on, plus the
# JSON schema). Twice: with findings (no baseline: exit 1, results present) and after adopting a
# baseline (exit 0, no results).
set -u
bin=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/repo/.git"
ln -s "$bin" "$tmp/bin/lambdalint"
export PATH="$tmp/bin:$PATH"
export HOME="$tmp"
command=$(python3 - "$src/docs/ci/github-code-scanning.yml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
step = re.search(r"^\s*id: lint\n(?:\s*#.*\n)*\s*run: (.+)$", text, re.M)
print(step.group(1).strip() if step else "")
PY
)
if [[ -z $command ]]; then
  echo "FAIL: no step with id: lint and a one-line run: in github-code-scanning.yml"
  exit 1
fi
echo "lint step: $command"
cp -r "$src/fixtures/rules/timeout" "$src/fixtures/rules/concurrency" "$tmp/repo/"
cd "$tmp/repo" || exit 2
failures=0

bash -c "$command"
status=$?
[[ $status -eq 1 ]] && echo "ok: findings fail the step (exit 1)" || { echo "FAIL: exit $status, expected 1"; failures=$((failures + 1)); }
python3 -c 'import json,sys; r=json.load(open("lambdalint.sarif"))["runs"][0]["results"]; assert r, "no results"; print(len(r), "results")' \
  || failures=$((failures + 1))
bash "$src/tools/validate-sarif.sh" lambdalint.sarif || failures=$((failures + 1))

lambdalint check --create-baseline .lambdalint-baseline.json . || failures=$((failures + 1))
printf 'baseline: .lambdalint-baseline.json\n' >.lambdalint.yaml
rm -f lambdalint.sarif
bash -c "$command"
status=$?
[[ $status -eq 0 ]] && echo "ok: baselined repository passes (exit 0)" || { echo "FAIL: exit $status with the baseline, expected 0"; failures=$((failures + 1)); }
python3 -c 'import json; r=json.load(open("lambdalint.sarif"))["runs"][0]["results"]; assert not r, r; print("no results")' \
  || failures=$((failures + 1))
bash "$src/tools/validate-sarif.sh" lambdalint.sarif || failures=$((failures + 1))

# --include-suppressed: the baselined results come back with SARIF suppressions, still valid.
lambdalint check --format sarif --output all.sarif --include-suppressed --exit-zero . || failures=$((failures + 1))
python3 -c 'import json; r=json.load(open("all.sarif"))["runs"][0]["results"]; assert r and all(x["suppressions"][0]["kind"]=="external" for x in r); print(len(r), "suppressed results")' \
  || failures=$((failures + 1))
bash "$src/tools/validate-sarif.sh" all.sarif || failures=$((failures + 1))
echo "$failures failed"
[[ $failures -eq 0 ]]
