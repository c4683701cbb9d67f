#!/usr/bin/env bash
# `--shard I/N` and `--format ndjson` end to end (docs/performance.md): shards partition the units
# exactly (their union is the unsharded run, no unit in two shards), a unit's shard depends neither
# on --jobs nor on the directory lambdalint runs from, ndjson is one JSON object per line with a
# summary last, and bad --shard values are usage errors.
set -u
bin=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The rule fixtures: CloudFormation, SAM and Terraform module directories, findings and clean files.
cd "$src" || exit 2
input=fixtures/rules
run() { "$bin" check --format ndjson --fail-on none --no-progress "$@"; }

run "$input" >"$tmp/all.ndjson" 2>"$tmp/all.err" || fail "unsharded run: exit $?"
for i in 1 2 3; do
  run --shard "$i/3" "$input" >"$tmp/shard$i.ndjson" 2>/dev/null || fail "shard $i/3: exit $?"
done
run --shard 2/3 --jobs 1 "$input" >"$tmp/shard2-j1.ndjson" 2>/dev/null
run --shard 2/3 --jobs 2 "$input" >"$tmp/shard2-j2.ndjson" 2>/dev/null
cmp -s "$tmp/shard2-j1.ndjson" "$tmp/shard2-j2.ndjson" && echo "ok: shard 2/3 output identical with --jobs 1 and 2" ||
  fail "shard 2/3 differs between --jobs 1 and --jobs 2"
(cd "$tmp" && "$bin" check --format ndjson --fail-on none --no-progress --shard 2/3 "$src/$input" >"$tmp/shard2-abs.ndjson" 2>/dev/null)

python3 - "$tmp" "$src" <<'PY' || failures=$((failures + 1))
import collections, json, os, sys
tmp, src = sys.argv[1:]
def load(name):
    lines = [json.loads(line) for line in open(os.path.join(tmp, name))]
    assert lines and lines[-1]["type"] == "summary", f"{name}: last line is not the summary"
    assert lines[-1]["schema"] == "lambdalint-ndjson/1", lines[-1]
    assert all(line["type"] in ("finding", "error") for line in lines[:-1]), f"{name}: unknown line type"
    return [line for line in lines[:-1] if line["type"] == "finding"], lines[-1]
def relative(value):  # every "file" (primary, related, suppression) relative to the source tree
    if isinstance(value, dict):
        return {k: os.path.relpath(os.path.join(src, v), src) if k == "file" and isinstance(v, str) else relative(v)
                for k, v in value.items()}
    return [relative(v) for v in value] if isinstance(value, list) else value
def key(finding):  # a finding, wherever lambdalint ran from
    return json.dumps(relative(finding), sort_keys=True)
everything, total = load("all.ndjson")
assert len(everything) > 50, f"only {len(everything)} findings in the fixtures"
shards = [load(f"shard{i}.ndjson") for i in (1, 2, 3)]
union = collections.Counter(key(f) for findings, _ in shards for f in findings)
assert union == collections.Counter(key(f) for f in everything), "the shards' findings are not the unsharded run's"
print(f"ok: 3 shards' {sum(union.values())} findings are exactly the unsharded run's")
# A unit is a file or a Terraform module directory: no file appears in two shards.
files = [set(f["file"] for f in findings) for findings, _ in shards]
assert not (files[0] & files[1] or files[0] & files[2] or files[1] & files[2]), "a file in two shards"
assert all(files), "a shard without findings: the split is not spreading units"
assert sum(s["files_checked"] for _, s in shards) == total["files_checked"], "files_checked does not add up"
assert [s["shard"] for _, s in shards] == ["1/3", "2/3", "3/3"] and total["shard"] is None
print(f"ok: no overlap; files_checked {total['files_checked']} = " + " + ".join(str(s["files_checked"]) for _, s in shards))
absolute, _ = load("shard2-abs.ndjson")
assert sorted(map(key, absolute)) == sorted(map(key, shards[1][0])), "shard 2/3 depends on the working directory"
print("ok: shard 2/3 is the same from another directory with an absolute path")
PY

# SARIF shards merged with the script in docs/performance.md give the unsharded run's results.
sed -n '/^  # merge_sarif.py/,/^  ```/p' "$src/docs/performance.md" | sed '$d; s/^  //' >"$tmp/merge_sarif.py"
"$bin" check --format sarif --fail-on none "$input" >"$tmp/all.sarif" 2>/dev/null
for i in 1 2 3; do "$bin" check --format sarif --fail-on none --shard "$i/3" "$input" >"$tmp/shard$i.sarif" 2>/dev/null; done
python3 "$tmp/merge_sarif.py" "$tmp"/shard{1,2,3}.sarif >"$tmp/merged.sarif" || fail "merge_sarif.py failed"
python3 - "$tmp" <<'PY' || failures=$((failures + 1))
import json, sys
tmp = sys.argv[1]
def results(name):
    run = json.load(open(f"{tmp}/{name}"))["runs"][0]
    return sorted(json.dumps(r, sort_keys=True) for r in run["results"])
assert results("merged.sarif") == results("all.sarif"), "merged SARIF shards differ from the unsharded log"
print(f"ok: merged SARIF of 3 shards has the unsharded run's {len(results('all.sarif'))} results")
PY

for bad in 0/3 4/3 3 a/b 1/0 -1/2 "2/3x"; do
  "$bin" check --shard "$bad" "$input" >/dev/null 2>"$tmp/err"
  code=$?
  if [[ $code -eq 2 ]] && grep -q -- "--shard" "$tmp/err"; then echo "ok: --shard $bad is a usage error"; else fail "--shard $bad: exit $code"; cat "$tmp/err"; fi
done

# An empty shard is not "nothing to lint" when other shards have units: one file, two shards.
mkdir -p "$tmp/one"
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n' >"$tmp/one/q.yaml"
codes=""
for i in 1 2; do "$bin" check --shard "$i/2" "$tmp/one" >/dev/null 2>&1; codes="$codes$?"; done
[[ $codes == 00 ]] && echo "ok: the shard without the only file exits 0" || fail "one file in two shards: exit codes $codes"

# Progress: never on a non-terminal stderr by default; --progress forces it for runs over a second.
run "$input" 2>"$tmp/err" >/dev/null
grep -q "units (" "$tmp/err" && fail "progress printed to a non-terminal stderr" || echo "ok: no progress on a pipe"

((failures == 0)) && echo "all shard/ndjson checks passed" || { echo "$failures failure(s)"; exit 1; }
