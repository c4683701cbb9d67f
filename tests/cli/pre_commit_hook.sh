#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml) as pre-commit runs it: its `entry` with the changed
# files whose names match its `files` pattern. A repository's ordinary JSON and YAML files (a
# tsconfig.json with comments, a Helm chart, package.json) must not fail the commit; a changed
# Terraform file must be linted, its module once.  usage: pre_commit_hook.sh LAMBDALINT SOURCE_DIR
set -euo pipefail
lambdalint="$(realpath "$1")"
source_dir="$2"
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The hook's entry (lambdalint replaced by the binary under test) and files pattern.
read -r entry pattern < <(python3 - "$source_dir/.pre-commit-hooks.yaml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
entry = re.search(r"^\s*entry:\s*(.+)$", text, re.M).group(1).strip()
files = re.search(r"^\s*files:\s*(\S+)", text, re.M).group(1)
print(entry.replace(" ", "\x1f"), files)
PY
)
IFS=$'\x1f' read -r -a command <<<"$entry"
[[ "${command[0]}" == lambdalint ]] || fail "entry does not start with lambdalint: $entry"
command[0]="$lambdalint"
hook() { # pre-commit passes the changed files that match `files`
  local matched=()
  for file in "$@"; do
    if [[ "$file" =~ $pattern ]]; then matched+=("$file"); fi
  done
  (cd "$repo" && "${command[@]}" "${matched[@]}")
}

cd "$repo"
git init -q .
mkdir -p charts/api/templates infra web
cat >tsconfig.json <<'JSON'
{
  // compiler options (tsc accepts comments)
  "compilerOptions": { "strict": true, },
}
JSON
cat >charts/api/templates/deployment.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
YAML
echo '{"name": "web", "version": "1.0.0"}' >web/package.json
cat >template.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      InlineCode: "def handler(event, context): return event"
YAML
cat >infra/main.tf <<'TF'
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "index.handler"
  runtime       = var.runtime
  filename      = "worker.zip"
}
TF
cat >infra/variables.tf <<'TF'
variable "runtime" {
  default = "nodejs16.x"
}
TF

# 1. Ordinary files and a clean template: the commit passes.
if ! out="$(hook tsconfig.json charts/api/templates/deployment.yaml web/package.json template.yaml README.md 2>&1)"; then
  fail "ordinary files failed the hook: $out"
fi
[[ "$out" != *LL001* ]] || fail "a non-template was linted: $out"

# 2. Only ordinary files (no template at all): passes too.
hook tsconfig.json charts/api/templates/deployment.yaml >/dev/null 2>&1 || fail "a commit without templates failed"

# 3. Both files of a Terraform module changed: linted once, the deprecated runtime fails the commit.
set +e
out="$(hook tsconfig.json infra/main.tf infra/variables.tf 2>&1)"
status=$?
set -e
[[ $status -eq 1 ]] || fail "changed Terraform: exit $status, want 1: $out"
count="$(grep -c '\[LL801\]' <<<"$out" || true)"
[[ "$count" == 1 ]] || fail "LL801 reported $count times, want once: $out"
grep -q 'infra/main.tf:5:' <<<"$out" || fail "LL801 not at infra/main.tf:5: $out"
echo "pre-commit hook ok"
