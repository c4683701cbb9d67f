#!/usr/bin/env bash
# `make bench`: the numbers in docs/performance.md, in one run, and the table there rewritten.
# Inputs: ../shared/corpus/cfn when present (real public templates, read in place), and inputs
# generated under /tmp by bench/gen_repo.py (deleted at the end, never checked in).
#
#   bench/run.sh [BUILD_DIR]        BUILD_DIR default build (configured with -DLINT_BUILD_BENCH=ON)
#   BENCH_UPDATE_DOCS=0 bench/run.sh   print only, leave docs/performance.md alone
#   CFN_GUARD=/path/to/cfn-guard       cfn-guard binary (default: the one in node_modules)
#   BENCH_CORPUS=DIR BENCH_TEMPLATES=200 BENCH_MODULES=20   a smaller run, to try the script out
#
# Every number is printed with the 1-minute load average taken just before it: on a shared machine
# a figure measured under load is slower than the code is.
set -euo pipefail
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ "$build" = /* ]] || build="$root/$build"
bin="$build/lambdalint"
corpus="${BENCH_CORPUS:-$root/../shared/corpus/cfn}"
templates=${BENCH_TEMPLATES:-10000}
modules=${BENCH_MODULES:-1000}
guard_package="$root/node_modules/@cdklabs/cdk-validator-cfnguard"
guard="${CFN_GUARD:-$guard_package/bin/ubuntu/x86_64/cfn-guard}"
guard_rules="${CFN_GUARD_RULES:-$guard_package/rules/control-tower/cfn-guard/lambda}"
work="$(mktemp -d /tmp/lambdalint-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
table="$work/table.md"
: >"$table"

for tool in "$bin" "$build/bench/lambdalint_bench" "$build/bench/lsp_latency" /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (build with -DLINT_BUILD_BENCH=ON; tools/setup.sh)" >&2; exit 2; }
done

load() { cut -d' ' -f1 /proc/loadavg; }
# row MEASUREMENT RESULT TARGET LOAD: one table row, echoed as it is measured.
row() {
  printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$table"
  printf '%-62s %s   [load %s]\n' "$1" "$2" "$4"
}
# [stdout_to=OUT] timed FILE COMMAND...: runs under /usr/bin/time -v (stdout to OUT or /dev/null); sets wall and cpu (user +
# system) in seconds and rss (peak resident set, MB). On a loaded machine cpu is the steadier figure.
timed() {
  local out=$1
  shift
  /usr/bin/time -v -o "$out" "$@" >"${stdout_to:-/dev/null}" 2>/dev/null || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$out")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$out")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$out")
}
# best_wall N COMMAND...: the best wall and cpu times of N runs (seconds).
best_wall() {
  local n=$1 best="" best_cpu=""
  shift
  for ((k = 0; k < n; k++)); do
    timed "$work/t" "$@"
    best=$(python3 -c "print(min(float(x) for x in '$best $wall'.split()))")
    best_cpu=$(python3 -c "print(min(float(x) for x in '$best_cpu $cpu'.split()))")
  done
  wall=$best
  cpu=$best_cpu
}

echo "lambdalint $("$bin" version | cut -d' ' -f2), $(nproc) hardware threads, load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# --- in-process: parse-only ceiling, full analysis, threads, generated templates, start-up --------
args=()
[[ -d "$corpus" ]] && args+=(--corpus "$corpus")
l=$(load)
"$build/bench/lambdalint_bench" --binary "$bin" "${args[@]}" | tee "$work/bench.txt"
echo
field() { sed -nE "$1" "$work/bench.txt" | head -1; }
if [[ -d "$corpus" ]]; then
  files=$(field 's/^corpus: ([0-9]+) files.*/\1/p')
  mb=$(field 's/^corpus: [0-9]+ files, ([0-9.]+) MB.*/\1/p')
  row "yaml-cpp parse only (\`YAML::Load\`, the ceiling), 1 thread, corpus ($files files, $mb MB)" \
      "$(field 's/.*parse only \(ceiling\), 1 thread: +([0-9.]+) s +([0-9.]+) MB\/s +([0-9]+) files\/s/\1 s, \2 MB\/s, \3 files\/s/p')" "" "$l"
  row "lambdalint full analysis (parse, model, every rule), 1 thread" \
      "$(field 's/.*full analysis, 1 thread: +([0-9.]+) s +([0-9.]+) MB\/s +([0-9]+) files\/s.*/\1 s, \2 MB\/s, \3 files\/s/p')" \
      "≥ 60% of the ceiling: **$(field 's/.*throughput \(1 thread\): ([0-9]+%).*/\1/p')**" "$l"
  row "lambdalint full analysis, 2 threads" \
      "$(field 's/.*full analysis, 2 threads: +([0-9.]+) s +([0-9.]+) MB\/s +([0-9]+) files\/s.*/\1 s, \2 MB\/s, \3 files\/s/p')" \
      "≥ 1.7x: **$(field 's/.*speed-up: ([0-9.]+x).*/\1/p')**" "$l"
fi
while read -r line; do
  resources=$(sed -E 's/^generated template: ([0-9]+) resources, ([0-9.]+) MB.*full analysis ([0-9.]+) ms.*/\1/' <<<"$line")
  size=$(sed -E 's/^generated template: ([0-9]+) resources, ([0-9.]+) MB.*/\2/' <<<"$line")
  ms=$(sed -E 's/.*full analysis ([0-9.]+) ms.*/\1/' <<<"$line")
  target=""
  ((resources < 2500)) && target="< 1 s"
  row "generated $resources-resource template ($size MB), in process" "$ms ms" "$target" "$l"
done < <(grep '^generated template:' "$work/bench.txt")
row "start-up, one-resource template (binary, median of 50)" \
    "$(field 's/^start-up.*: ([0-9.]+) ms; \/bin\/true: ([0-9.]+) ms; lambdalint.s own share: ([0-9.]+) ms.*/\1 ms wall, of which \2 ms is fork\/exec (`\/bin\/true`): **\3 ms** our own/p')" \
    "< 5 ms" "$l"
if [[ -d "$corpus" ]]; then
  for jobs in 1 2; do
    l=$(load)
    timed "$work/t" "$bin" check --format json --fail-on none --no-progress --jobs "$jobs" "$corpus"
    row "binary over the corpus, \`--jobs $jobs\`" "$wall s wall, peak RSS $rss MB" "" "$l"
  done
fi

# --- a large generated repository -----------------------------------------------------------------
repo="$work/repo"
python3 "$root/bench/gen_repo.py" repo "$repo" --templates "$templates" --modules "$modules"
repo_files=$(find "$repo" -type f | wc -l)
repo_mb=$(du -sm --apparent-size "$repo" | cut -f1)
for jobs in 1 2; do
  l=$(load)
  stdout_to="$work/repo-$jobs.ndjson" timed "$work/t" "$bin" check --format ndjson --fail-on none --no-progress --jobs "$jobs" "$repo"
  eval "wall_$jobs=$wall"
  rate=$(python3 -c "print(f'{($templates + $modules) / $wall:.0f} units/s, {$repo_mb / $wall:.1f} MB/s')")
  row "generated repository ($templates templates + $modules Terraform modules, $repo_files files, $repo_mb MB), ndjson, \`--jobs $jobs\`" \
      "$wall s wall, $cpu s CPU ($rate), peak RSS $rss MB" "bounded memory" "$l"
done
speedup=$(python3 -c "print(f'{$wall_1 / $wall_2:.2f}x')")
row "generated repository, 2 threads / 1 thread" "$speedup" "≥ 1.7x" "$l"
l=$(load)
timed "$work/t" "$bin" check --format json --fail-on none --no-progress "$repo"
row "generated repository, \`--format json\` (findings kept for one sorted document), default \`--jobs\`" "$wall s wall, $cpu s CPU, peak RSS $rss MB" "" "$l"
cmp -s "$work/repo-1.ndjson" "$work/repo-2.ndjson" && same=identical || same=DIFFERENT
summary=$(tail -1 "$work/repo-2.ndjson")
echo "ndjson --jobs 1 and --jobs 2 output: $same; summary: $summary"

# --- large single units (binary, start-up included, best of 3) ------------------------------------
python3 "$root/bench/gen_repo.py" template "$work/t2000.yaml" --resources 2000
python3 "$root/bench/gen_repo.py" module "$work/m500" --files 500
l=$(load)
best_wall 3 "$bin" check --fail-on none "$work/t2000.yaml"
row "2,000-resource template ($(du -k --apparent-size "$work/t2000.yaml" | cut -f1) KB), binary, start-up included" "$wall s wall, $cpu s CPU" "< 1 s" "$l"
l=$(load)
best_wall 3 "$bin" check --fail-on none "$work/m500"
row "500-file Terraform module ($(du -sk --apparent-size "$work/m500" | cut -f1) KB), binary, start-up included" "$wall s wall, $cpu s CPU" "< 1 s" "$l"

# --- the language server --------------------------------------------------------------------------
l=$(load)
lsp=$("$build/bench/lsp_latency" | sed -nE 's/^ *p50 ([0-9.]+) ms +p95 ([0-9.]+) ms.*/p50 \1 ms, p95 \2 ms/p')
row "LSP didChange → publishDiagnostics, 50 KB template (debounce excluded)" "$lsp" "" "$l"
l=$(load)
lsp=$("$build/bench/lsp_latency" --terraform-files 20 | sed -nE 's/^ *p50 ([0-9.]+) ms +p95 ([0-9.]+) ms.*/p50 \1 ms, p95 \2 ms/p')
row "LSP didChange → publishDiagnostics, 20-file Terraform module" "$lsp" "" "$l"

# --- cfn-guard 3.1.1 with Control Tower's Lambda rules --------------------------------------------
guard_table="$work/guard.md"
: >"$guard_table"
if [[ -x "$guard" && -d "$guard_rules" && -d "$corpus" ]]; then
  l=$(load)
  python3 "$root/bench/guard_compare.py" --guard "$guard" --rules "$guard_rules" --lambdalint "$bin" \
    --corpus "$corpus" --work "$work/guard" >"$work/guard.txt"
  value() { sed -n "s/^$1=//p" "$work/guard.txt"; }
  sed -n 's/^table://p' "$work/guard.txt" >"$guard_table"
  ratio=$(python3 -c "print(f'{$(value guard_seconds) / $(value lambdalint_seconds):.0f}x')")
  row "cfn-guard $("$guard" --version | cut -d' ' -f2) (5 Control Tower Lambda rules) vs lambdalint (every rule, default --jobs), $(value guard_accepted) corpus templates cfn-guard accepts" \
      "$(value guard_seconds) s vs $(value lambdalint_seconds) s: lambdalint **$ratio** faster" "" "$l"
  cat "$guard_table"
else
  echo "cfn-guard not found ($guard): run tools/setup.sh (npm devDependency @cdklabs/cdk-validator-cfnguard), or set CFN_GUARD" >&2
fi

# --- docs/performance.md ----------------------------------------------------------------------------
if [[ "${BENCH_UPDATE_DOCS:-1}" == 1 ]]; then
  python3 - "$root/docs/performance.md" "$table" "$guard_table" "$(date -u +%F)" "$(nproc)" <<'PY'
import re, sys
doc_path, table_path, guard_path, day, cores = sys.argv[1:]
doc = open(doc_path).read()
def splice(doc, name, body):
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), doc) if body.strip() else doc
header = "| measurement | result | target | load (1 min) |\n|---|---|---|---|\n"
doc = splice(doc, "bench-table", header + open(table_path).read())
doc = splice(doc, "guard-table", open(guard_path).read())
doc = re.sub(r"<!-- bench-date -->.*?<!-- /bench-date -->", f"<!-- bench-date -->{day}, {cores} hardware threads<!-- /bench-date -->", doc)
open(doc_path, "w").write(doc)
PY
  echo "docs/performance.md: table rewritten"
fi
