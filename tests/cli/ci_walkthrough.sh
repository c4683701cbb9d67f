#!/usr/bin/env bash
# Runs every ```sh block of docs/ci.md, in order, in a fresh directory, with the built lambdalint
# first on PATH. A block starting with `# expect exit N` must exit N; every other block must exit 0.
# This keeps the adoption walkthrough true: a command that stops working fails the suite.
set -u
bin=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/repo"
ln -s "$bin" "$tmp/bin/lambdalint"
export PATH="$tmp/bin:$PATH"
export HOME="$tmp" # no stray ~/.lambdalint.yaml
python3 - "$src/docs/ci.md" "$tmp/blocks" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
os.makedirs(sys.argv[2])
for i, block in enumerate(re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)):
    open(os.path.join(sys.argv[2], "%02d.sh" % i), "w").write(block)
PY
failures=0
count=0
cd "$tmp/repo" || exit 2
for block in "$tmp"/blocks/*.sh; do
  count=$((count + 1))
  want=0
  if first=$(head -1 "$block") && [[ $first =~ ^#\ expect\ exit\ ([0-9]+) ]]; then
    want=${BASH_REMATCH[1]}
  fi
  bash "$block" >"$tmp/out" 2>&1
  got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: block $(basename "$block") exited $got, expected $want:"
    sed 's/^/  | /' "$block"
    sed 's/^/  > /' "$tmp/out" | head -30
    failures=$((failures + 1))
  else
    echo "ok: block $(basename "$block") (exit $got)"
  fi
done
# The walkthrough's claims, checked on its end state.
grep -q '"lambdalintBaseline"' .lambdalint-baseline.json || { echo "FAIL: no baseline written"; failures=$((failures + 1)); }
[[ $count -ge 8 ]] || { echo "FAIL: only $count sh blocks found in docs/ci.md"; failures=$((failures + 1)); }
echo "$failures failed"
[[ $failures -eq 0 ]]
