#!/usr/bin/env bash
# Runs every libFuzzer target for a fixed time (`make fuzz`; docs/contributing.md).
#   fuzz/run.sh BUILD_DIR [SECONDS]
# Environment: FUZZ_TARGETS (default: all seven), FUZZ_JOBS (targets run at once, default 1).
# Seeds come from fixtures/ and examples/ (rebuilt each run); the corpus each target grows is kept in
# BUILD_DIR/fuzz-corpus/<target>, crashes in BUILD_DIR/fuzz-artifacts/<target>/, logs in
# BUILD_DIR/fuzz-logs/<target>.log. Exit status 1 when any target crashed, hung or leaked.
set -euo pipefail
build=$(cd "$1" && pwd)
seconds=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
targets=${FUZZ_TARGETS:-fuzz_document fuzz_hcl fuzz_cfn_template fuzz_iam_policy fuzz_lsp fuzz_tf_expression fuzz_glob}
jobs=${FUZZ_JOBS:-1}

# Seeds per run (several runs may share a build directory); libFuzzer reads them at start-up.
seeds=$(mktemp -d "$build/fuzz-seeds.XXXXXX")
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds"/{documents,hcl,policies,lsp,expressions,globs}
find "$src/fixtures" "$src/examples" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ! -name '*.tf.json' \
  -exec cp --backup=numbered -t "$seeds/documents" {} +
find "$src/fixtures" "$src/examples" -type f \( -name '*.tf' -o -name '*.tfvars' -o -name '*.tf.json' \) \
  -exec cp --backup=numbered -t "$seeds/hcl" {} +
cp "$src"/fixtures/lsp/*.jsonrpc "$seeds/lsp/"
# The same transcripts in Content-Length framing, for the base-protocol reader.
python3 - "$seeds/lsp" <<'PY'
import pathlib, sys
out = pathlib.Path(sys.argv[1])
for path in sorted(out.glob("*.jsonrpc")):
    framed = b""
    for message in path.read_text().split("\n---\n"):
        body = "\n".join(l for l in message.splitlines() if not l.startswith("#")).strip().encode()
        if body:
            framed += b"Content-Length: %d\r\n\r\n" % len(body) + body
    (out / (path.stem + ".framed")).write_bytes(framed)
PY
# Expressions: the right-hand side of every attribute line of the .tf fixtures; globs: a few
# ignore-paths shapes, each with a path.
grep -rhoE '^ *[a-z_]+ *= *.+$' --include='*.tf' "$src/fixtures" "$src/examples" 2>/dev/null | sed -E 's/^ *[a-z_]+ *= *//' |
  sort -u | head -2000 | split -l 1 - "$seeds/expressions/expr_" || true
printf '%s\n%s' '**/b' 'a/b' >"$seeds/globs/g1"
printf '%s\n%s' 'templates/**/*.yaml' 'templates/x/y.yaml' >"$seeds/globs/g2"
printf '%s\n%s' '**/**/**/**/**/**/**/**/b' 'a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/c' >"$seeds/globs/g3"
printf '%s\n%s' 'a/?/c*' 'a/x/cd' >"$seeds/globs/g4"
# Policy documents: every PolicyDocument of the JSON fixtures, one seed each.
python3 - "$src" "$seeds/policies" <<'PY'
import json, pathlib, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
count = 0
def walk(node):
    global count
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("PolicyDocument", "AssumeRolePolicyDocument") and isinstance(value, dict):
                (out / f"policy_{count}.json").write_text(json.dumps(value))
                count += 1
            walk(value)
    elif isinstance(node, list):
        for item in node:
            walk(item)
for path in sorted(src.glob("fixtures/**/*.json")):
    try:
        walk(json.loads(path.read_text()))
    except (ValueError, UnicodeDecodeError):
        pass
PY

seed_dir() {
  case $1 in
    fuzz_document|fuzz_cfn_template) echo "$seeds/documents" ;;
    fuzz_hcl) echo "$seeds/hcl" ;;
    fuzz_iam_policy) echo "$seeds/policies" ;;
    fuzz_lsp) echo "$seeds/lsp" ;;
    fuzz_tf_expression) echo "$seeds/expressions" ;;
    fuzz_glob) echo "$seeds/globs" ;;
  esac
}
dictionary() {
  case $1 in
    fuzz_document|fuzz_cfn_template) echo "$src/fuzz/cloudformation.dict" ;;
    fuzz_hcl) echo "$src/fuzz/hcl.dict" ;;
    fuzz_iam_policy) echo "$src/fuzz/iam.dict" ;;
    fuzz_lsp) echo "$src/fuzz/lsp.dict" ;;
    fuzz_tf_expression) echo "$src/fuzz/hcl.dict" ;;
    fuzz_glob) echo "$src/fuzz/glob.dict" ;;
  esac
}

run_one() {
  local target=$1
  local corpus="$build/fuzz-corpus/$target" artifacts="$build/fuzz-artifacts/$target"
  mkdir -p "$corpus" "$artifacts" "$build/fuzz-logs"
  # -timeout: an input taking longer than 25 s is a hang (generous: a loaded CI runner is slow); -rss_limit_mb: 2 GB is a memory bomb.
  # -max_len 64 KiB: room for deep nesting and long lines without slowing every mutation.
  "$build/fuzz/$target" "$corpus" "$(seed_dir "$target")" -dict="$(dictionary "$target")" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$build/fuzz-logs/$target.log" 2>&1
}

summary() {
  local target=$1 log="$build/fuzz-logs/$1.log"
  local runs rate cov ft crashes
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  crashes=$(find "$build/fuzz-artifacts/$target" -type f | wc -l)
  printf '%-18s %12s %8s %7s %7s %8s\n' "$target" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$crashes"
}

status=0
pids=()
for target in $targets; do
  echo "fuzzing $target for ${seconds}s (log: $build/fuzz-logs/$target.log)" >&2
  run_one "$target" &
  pids+=("$!")
  if (( ${#pids[@]} >= jobs )); then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done

printf '%-18s %12s %8s %7s %7s %8s\n' target executions exec/s cov ft crashes
for target in $targets; do
  summary "$target"
done
if (( status != 0 )); then
  echo "a target crashed, hung or leaked: see the logs and fuzz-artifacts/ (reproduce: BUILD_DIR/fuzz/<target> <artifact>)" >&2
fi
exit "$status"
