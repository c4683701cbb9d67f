#!/usr/bin/env bash
# `lambdalint graph` renders a fixture's wiring as dot; Graphviz turns it into valid SVG naming
# every function, and the mermaid and json forms come out too.
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
echo ok
