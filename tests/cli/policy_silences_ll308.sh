#!/usr/bin/env bash
# `lambdalint policy` prints the least-privilege policy of each function from its code and its
# configuration. Applying the printed policy as the function's only policy makes LL308 silent on
# a project where the role lacked permissions, and the JSON report says what was analysed.
set -euo pipefail
lambdalint="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for project in bad_sam_python bad_sam_javascript bad_sam_typescript; do
  cp -r "$root/fixtures/rules/permissions/code_call_not_allowed/$project" "$work/$project"
  template="$work/$project/template.yaml"
  # Before: LL308 fires (exit 1 with --fail-on error).
  if "$lambdalint" check --select LL308 --format json "$template" > "$work/before.json"; then
    echo "$project: expected LL308 findings before the policy is applied" >&2
    exit 1
  fi
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(f["rule"]=="LL308" for f in d["findings"]), d' "$work/before.json"
  function=$(python3 - "$template" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
print(re.findall(r"^  (\w+):\n    Type: AWS::Serverless::Function", text, re.M)[0])
PY
)
  "$lambdalint" policy "$template" --function "$function" > "$work/policy.json"
  python3 - "$work/policy.json" <<'PY'
import json, sys
policy = json.load(open(sys.argv[1]))
assert policy["Version"] == "2012-10-17"
actions = {a for s in policy["Statement"] for a in s["Action"]}
assert "logs:PutLogEvents" in actions, actions
PY
  # Replace the function's Policies with the printed document (JSON is YAML flow syntax).
  python3 - "$template" "$work/policy.json" <<'PY'
import json, re, sys
path, policy = sys.argv[1], json.dumps(json.load(open(sys.argv[2])))
text = open(path).read()
text = re.sub(r"      Policies:\n(?:        .*\n)+", "      Policies:\n        - " + policy + "\n", text)
open(path, "w").write(text)
PY
  "$lambdalint" check --select LL308 --format json "$template" > "$work/after.json" || {
    cat "$work/after.json" >&2
    echo "$project: LL308 still fires with the printed policy" >&2
    exit 1
  }
done

# The report of every function: analysed or not, and why.
"$lambdalint" policy "$root/fixtures/rules/permissions/code_call_not_allowed/good_sam_python/template.yaml" > "$work/all.json"
python3 - "$work/all.json" <<'PY'
import json, sys
report = {f["function"]: f for f in json.load(open(sys.argv[1]))["functions"]}
assert report["OrdersFunction"]["code"]["analysed"] is True
assert report["OrdersFunction"]["code"]["complete"] is False  # a dynamic client
assert report["ImageFunction"]["code"] == {"analysed": False, "reason": "the code is a container image"}, report["ImageFunction"]
assert report["S3Function"]["code"]["analysed"] is False
PY
# Usage errors exit 2.
if "$lambdalint" policy 2>/dev/null; then exit 1; fi
if "$lambdalint" policy "$root/fixtures/rules/permissions/code_call_not_allowed/good_sam_python/template.yaml" --function Nope 2>/dev/null; then exit 1; fi
