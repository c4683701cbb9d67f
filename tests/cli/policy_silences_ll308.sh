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

# --format snippet: the policy in the input's own syntax, pasted where it goes, silences LL308 too.
# SAM (the generated role): an entry of the function's Policies.
cp -r "$root/fixtures/rules/permissions/code_call_not_allowed/bad_sam_python" "$work/snippet_sam"
"$lambdalint" policy "$work/snippet_sam/template.yaml" --function OrdersFunction --format snippet > "$work/snippet.yaml"
python3 - "$work/snippet_sam/template.yaml" "$work/snippet.yaml" <<'PY'
import re, sys
path, snippet = sys.argv[1], open(sys.argv[2]).read()
assert snippet.startswith("# The least privilege of OrdersFunction"), snippet
entry = re.search(r"^Policies:\n(  - .*)$", snippet, re.M).group(1)
text = open(path).read()
text = re.sub(r"      Policies:\n(?:        .*\n)+", "      Policies:\n      " + entry + "\n", text)
open(path, "w").write(text)
PY
"$lambdalint" check --select LL308,LL001 "$work/snippet_sam/template.yaml" > "$work/after_sam.txt" || { cat "$work/after_sam.txt" >&2; exit 1; }
# Terraform: an aws_iam_role_policy added to the configuration.
cp -r "$root/fixtures/rules/permissions/code_call_not_allowed/bad_tf_archive" "$work/snippet_tf"
if "$lambdalint" check --select LL308 "$work/snippet_tf" > /dev/null; then echo "bad_tf_archive: expected LL308 before" >&2; exit 1; fi
"$lambdalint" policy "$work/snippet_tf" --format snippet > "$work/snippet.tf"
grep -q '^resource "aws_iam_role_policy" "handler_least_privilege" {$' "$work/snippet.tf"
cat "$work/snippet.tf" >> "$work/snippet_tf/main.tf"
"$lambdalint" check --select LL308,LL001,LL002 "$work/snippet_tf" > "$work/after_tf.txt" || { cat "$work/after_tf.txt" >&2; exit 1; }
# A JSON template: a "Policies" member, valid JSON inside an object.
"$lambdalint" policy "$root/fixtures/rules/permissions/code_call_not_allowed/bad_cfn_package_json/template.json" --format snippet > "$work/snippet.json"
python3 -c 'import json,sys; p=json.loads("{" + open(sys.argv[1]).read() + "}")["Policies"][0]; assert p["PolicyName"] == "ReaderLeastPrivilege" and p["PolicyDocument"]["Version"] == "2012-10-17", p' "$work/snippet.json"
if "$lambdalint" policy "$work/snippet_tf" --format yaml 2>/dev/null; then exit 1; fi

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
