#!/usr/bin/env bash
# `lambdalint graph` renders a fixture's wiring as dot; Graphviz turns it into valid SVG naming
# every function, and the mermaid and json forms come out too. It accepts what `check` accepts
# (Terraform modules, .tf files, plans) and shows the findings `check` reports (configuration and
# suppressions applied).
set -euo pipefail
lambdalint="$1"
root="$2"
fixture="$root/fixtures/rules/invoke/missing_invoke_permission/good_permissions.yaml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$lambdalint" graph "$fixture" --format dot > "$work/graph.dot"
dot -Tsvg "$work/graph.dot" > "$work/graph.svg"
python3 - "$work/graph.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
text = " ".join(t for t in root.itertext())
for name in ("Processor", "Uploads", "UploadsPermission", "Nightly"):
    assert name in text, f"{name} missing from the SVG"
PY
"$lambdalint" graph "$fixture" --format mermaid | grep -q '^flowchart LR'
"$lambdalint" graph "$fixture" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["functions"][0]["id"] == "Processor"'
# Usage errors exit 2.
if "$lambdalint" graph "$fixture" --format png 2>/dev/null; then exit 1; fi

# graph runs the pipeline `check` runs: every input check accepts, the same findings.
rules_of() { # the sorted rule ids of a graph --format json document on stdin
  python3 -c 'import json,sys; print(" ".join(sorted(f["rule"] for f in json.load(sys.stdin)["findings"])))'
}
check_rules_of() { # the sorted rule ids `check` reports for $1
  "$lambdalint" check --format json --fail-on none "$1" |
    python3 -c 'import json,sys; print(" ".join(sorted(f["rule"] for f in json.load(sys.stdin)["findings"])))'
}

# A Terraform module directory, a .tf file of it (stands for the directory) and its plan.
module="$root/fixtures/terraform/plan_module"
"$lambdalint" graph "$module" --format json > "$work/module.json"
python3 - "$work/module.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "terraform", d["format"]
assert "aws_lambda_function.worker" in [f["id"] for f in d["functions"]], [f["id"] for f in d["functions"]]
ll402 = [f for f in d["findings"] if f["rule"] == "LL402"]
assert len(ll402) == 1 and ll402[0]["location"]["path"].endswith("plan_module/main.tf") and ll402[0]["location"]["line"] == 10, ll402
PY
test "$(rules_of < "$work/module.json")" = "$(check_rules_of "$module")"
"$lambdalint" graph "$module/main.tf" --format json | rules_of > "$work/tf_file.rules"
test "$(cat "$work/tf_file.rules")" = "$(rules_of < "$work/module.json")"
"$lambdalint" graph "$module/plan.json" --format json > "$work/plan.json"
python3 - "$work/plan.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert "aws_lambda_function.worker" in [f["id"] for f in d["functions"]], [f["id"] for f in d["functions"]]
ll402 = [f for f in d["findings"] if f["rule"] == "LL402"]
assert len(ll402) == 1 and ll402[0]["location"]["line"] == 10, ll402  # on the .tf line beside the plan
PY
test "$(rules_of < "$work/plan.json")" = "$(check_rules_of "$module/plan.json")"
"$lambdalint" graph "$root/fixtures/terraform/json_module" --format mermaid | grep -q '^flowchart LR'

# A finding `check` suppresses (LL801 on a deprecated runtime, ignored by a comment) is not on the graph.
mkdir -p "$work/suppressed/.git"
cat > "$work/suppressed/template.yaml" <<'YAML'
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Legacy:
    Type: AWS::Lambda::Function
    Properties:
      # lambdalint:ignore LL801 reason: retired with the legacy stack next quarter
      Runtime: python2.7
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/legacy
      Code: {ZipFile: x}
YAML
"$lambdalint" graph "$work/suppressed/template.yaml" --format json | rules_of > "$work/suppressed.rules"
if grep -qw LL801 "$work/suppressed.rules"; then echo "graph shows the LL801 check suppressed" >&2; exit 1; fi
test "$(cat "$work/suppressed.rules")" = "$(check_rules_of "$work/suppressed/template.yaml")"
# Without the comment, LL801 is there; a configuration that disables it removes it again.
sed -i '/lambdalint:ignore/d' "$work/suppressed/template.yaml"
"$lambdalint" graph "$work/suppressed/template.yaml" --format json | rules_of | grep -qw LL801
echo 'disable: [LL801]' > "$work/suppressed/.lambdalint.yaml"
if "$lambdalint" graph "$work/suppressed/template.yaml" --format json | rules_of | grep -qw LL801; then
  echo "graph ignores .lambdalint.yaml" >&2; exit 1
fi
# An input no front end reads is a usage error.
printf 'just: yaml\n' > "$work/other.yaml"
set +e
"$lambdalint" graph "$work/other.yaml" > /dev/null 2> "$work/other.err"
status=$?
set -e
test "$status" = 2
grep -q 'is not a CloudFormation/SAM template, Terraform module, plan or state, or AWS CLI export' "$work/other.err"
echo ok

# Findings not inside any drawn resource show on the nodes they concern: a deprecated runtime set
# in Globals on every function inheriting it, a missing invoke permission written on an API method
# (the wiring between the API and the function) on the function.
cat > "$work/edges.yaml" <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.7
Resources:
  First:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
  Second:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${First.Arn}/invocations
YAML
"$lambdalint" graph "$work/edges.yaml" --format json > "$work/edges.json"
python3 - "$work/edges.json" <<'PY'
import json, sys
graph = json.load(open(sys.argv[1]))
nodes = {node["id"]: node for key in ("functions", "nodes") for node in graph.get(key, []) if isinstance(node, dict) and "id" in node}
def rules(name):
    return set(nodes[name].get("findings", []))
assert "LL801" in rules("First") and "LL801" in rules("Second"), (rules("First"), rules("Second"))
assert "LL201" in rules("First"), rules("First")
PY
