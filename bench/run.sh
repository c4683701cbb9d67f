#!/usr/bin/env bash
# `make bench`: the numbers in docs/performance.md, in one run. Inputs: ../shared/corpus/cfn when
# present (real public templates, read in place) plus generated large templates.
set -euo pipefail
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$root/../shared/corpus/cfn"
args=()
[[ -d "$corpus" ]] && args+=(--corpus "$corpus")
exec "$root/$build/bench/lambdalint_bench" --binary "$root/$build/lambdalint" "${args[@]}"
