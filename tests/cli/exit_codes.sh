#!/usr/bin/env bash
# Exit codes and formats of `lambdalint check`, end to end: 0 clean, 1 findings at or above
# --fail-on, 2 usage errors / unreadable input / nothing to lint. Bad files never stop the others.
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
failures=0
expect() { # expect CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: $what: exit $got, expected $want"; sed 's/^/  stdout: /' "$tmp/out" | head -20; sed 's/^/  stderr: /' "$tmp/err" | head -20
    failures=$((failures + 1))
  else
    echo "ok: $what (exit $got)"
  fi
}
expect_grep() { # expect_grep PATTERN FILE DESCRIPTION
  if grep -qE "$1" "$2"; then echo "ok: $3"; else echo "FAIL: $3: /$1/ not in $2"; sed 's/^/  /' "$2" | head -20; failures=$((failures + 1)); fi
}

cat >"$tmp/clean.yaml" <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
YAML
cat >"$tmp/broken.yaml" <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn: {Type: AWS::Lambda::Function
YAML
printf 'not: a template\n' >"$tmp/other.yaml"

expect 0 "clean template" -- "$bin" check "$tmp/clean.yaml"
expect 1 "parse error is an error finding" -- "$bin" check "$tmp/broken.yaml"
expect_grep "broken.yaml:[0-9]+:[0-9]+: error\[LL001\]" "$tmp/out" "parse error has path:line:col"
expect 0 "--fail-on none" -- "$bin" check --fail-on none "$tmp/broken.yaml"
expect 2 "missing path" -- "$bin" check "$tmp/does-not-exist.yaml"
expect 2 "no paths" -- "$bin" check
expect 2 "unknown option" -- "$bin" check --bogus "$tmp/clean.yaml"
expect 2 "bad --fail-on" -- "$bin" check --fail-on fatal "$tmp/clean.yaml"
expect 2 "bad --as-of" -- "$bin" check --as-of 2026-13-01 "$tmp/clean.yaml"
expect 2 "unknown rule in --disable" -- "$bin" check --disable LL999 "$tmp/clean.yaml"
expect 2 "unknown command" -- "$bin" frobnicate
expect 2 "directory without templates" -- "$bin" check "$src/docs"
expect 0 "--allow-empty without templates" -- "$bin" check --allow-empty "$tmp/other.yaml"

# A directory with a broken file, a binary file and an unreadable file: the good ones are still linted.
mkdir -p "$tmp/dir/sub" "$tmp/dir/node_modules"
cp "$tmp/clean.yaml" "$tmp/dir/a.yaml"
cp "$tmp/broken.yaml" "$tmp/dir/sub/b.yaml"
cp "$tmp/broken.yaml" "$tmp/dir/node_modules/skipped.yaml"
printf '\x00\x01\x02binary' >"$tmp/dir/blob.yaml"
ln -s .. "$tmp/dir/sub/loop"
expect 1 "directory walk with a broken file" -- "$bin" check "$tmp/dir"
expect_grep "sub/b.yaml:3:7: error\[LL001\]: .\{. is never closed" "$tmp/out" "broken file reported in a walk"
if grep -q skipped.yaml "$tmp/out"; then echo "FAIL: node_modules was walked"; failures=$((failures + 1)); else echo "ok: node_modules skipped"; fi
expect_grep "in 2 files" "$tmp/out" "two templates linted (binary skipped, symlink loop not followed)"
if [[ $(id -u) -ne 0 ]]; then
  cp "$tmp/clean.yaml" "$tmp/dir/unreadable.yaml"; chmod 000 "$tmp/dir/unreadable.yaml"
  expect 2 "unreadable file" -- "$bin" check "$tmp/dir"
fi
expect 2 "binary file named explicitly" -- "$bin" check "$tmp/dir/blob.yaml"
expect_grep "blob.yaml: error: binary file" "$tmp/out" "binary file message"

# Formats: JSON and SARIF are valid JSON; --output writes the file.
expect 1 "json format" -- "$bin" check --format json "$tmp/broken.yaml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["findings"][0]["rule"]=="LL001", d' "$tmp/out" && echo "ok: json parses" || { echo "FAIL: json output"; failures=$((failures + 1)); }
expect 1 "sarif to --output" -- "$bin" check --format sarif --output "$tmp/out.sarif" "$tmp/broken.yaml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["runs"][0]["results"]; assert r[0]["ruleId"]=="LL001", r' "$tmp/out.sarif" && echo "ok: sarif file written" || { echo "FAIL: sarif output"; failures=$((failures + 1)); }
[[ ! -s "$tmp/out" ]] && echo "ok: nothing on stdout with --output" || { echo "FAIL: stdout not empty with --output"; failures=$((failures + 1)); }

# Output is deterministic whatever the number of threads.
"$bin" check --fail-on none --format json --jobs 1 "$src/fixtures" >"$tmp/j1" 2>/dev/null
"$bin" check --fail-on none --format json --jobs 2 "$src/fixtures" >"$tmp/j2" 2>/dev/null
cmp -s "$tmp/j1" "$tmp/j2" && echo "ok: deterministic across --jobs" || { echo "FAIL: output differs between --jobs 1 and 2"; failures=$((failures + 1)); }

# The linter never writes to the files it lints.
before=$(find "$tmp/dir" -type f -newer "$tmp/clean.yaml" | wc -l)
"$bin" check "$tmp/dir" >/dev/null 2>&1
after=$(find "$tmp/dir" -type f -newer "$tmp/clean.yaml" | wc -l)
[[ $before -eq $after ]] && echo "ok: inputs untouched" || { echo "FAIL: inputs were modified"; failures=$((failures + 1)); }

echo "$failures failed"
[[ $failures -eq 0 ]]
