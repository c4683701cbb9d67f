#!/usr/bin/env bash
# Validates SARIF files the way GitHub code scanning will read them: the SARIF Multitool with the
# SARIF rules plus GitHub's ingestion rules (GH1001-GH1007 switched on by sarif-gh-strict.config.xml),
# and an independent JSON-schema check, because the Multitool 5.7.0 silently reports nothing for
# some schema violations (e.g. an unknown "level"; docs: ECOSYSTEM.md §2).
#
# Usage: tools/validate-sarif.sh FILE.sarif...
# Exit: 0 every file valid, 1 some file has error-level problems (printed), 2 the tools cannot run.
# The Multitool exits 0 even when it reports errors, so errors are counted in its output log.
# MULTITOOL=/path/to/Sarif.Multitool overrides the copy under node_modules/.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
package="$root/node_modules/@microsoft/sarif-multitool-linux"
multitool=${MULTITOOL:-$package/Sarif.Multitool}
config="$here/sarif-gh-strict.config.xml"
schema="$package/sarif-2.1.0.json"

if [ $# -eq 0 ]; then
  echo "usage: $0 FILE.sarif..." >&2
  exit 2
fi
if [ ! -f "$multitool" ]; then
  echo "validate-sarif: $multitool not found (run tools/setup.sh / npm ci)" >&2
  exit 2
fi
if [ ! -x "$multitool" ]; then
  # npm's postinstall normally does this; installs with --ignore-scripts do not.
  chmod u+x "$multitool" 2>/dev/null || { echo "validate-sarif: $multitool is not executable" >&2; exit 2; }
fi
command -v python3 >/dev/null || { echo "validate-sarif: python3 not found" >&2; exit 2; }

# The image has no ICU; the .NET runtime aborts at start-up without this.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

work=$(mktemp -d "${TMPDIR:-/tmp}/validate-sarif.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

status=0
for file in "$@"; do
  if [ ! -f "$file" ]; then
    echo "$file: error: no such file" >&2
    status=1
    continue
  fi
  log="$work/validation.sarif"
  rm -f "$log"
  if ! "$multitool" validate "$file" --rule-kind "Sarif;Gh" -c "$config" -o "$log" --log ForceOverwrite \
      >"$work/console.txt" 2>&1 || [ ! -s "$log" ]; then
    echo "validate-sarif: the SARIF Multitool failed on $file:" >&2
    cat "$work/console.txt" >&2
    exit 2
  fi

  # Error-level results of the Multitool log (warnings and notes are advice, not failures), then
  # the schema check. Prints one line per problem; exit 1 if any, 3 if the check itself broke.
  python3 - "$file" "$log" "$schema" <<'PY'
import json, sys

target, log_path, schema_path = sys.argv[1:4]
problems = []

with open(log_path, encoding="utf-8-sig") as f:
    log = json.load(f)
for run in log.get("runs", []):
    rules = {r.get("id"): r for r in run.get("tool", {}).get("driver", {}).get("rules", [])}
    for result in run.get("results", []):
        if result.get("level", "warning") != "error":
            continue
        rule_id = result.get("ruleId", "?")
        message = result.get("message", {})
        text = message.get("text")
        if text is None:  # the Multitool logs message ids + arguments; expand them from its rule metadata
            template = rules.get(rule_id, {}).get("messageStrings", {}).get(message.get("id", ""), {}).get("text", "")
            text = template
            for i, argument in enumerate(message.get("arguments", [])):
                text = text.replace("{%d}" % i, str(argument))
        region = (result.get("locations") or [{}])[0].get("physicalLocation", {}).get("region", {})
        problems.append("%s(%s): error %s: %s" % (target, region.get("startLine", 1), rule_id, text))

try:
    import jsonschema
except ImportError:
    jsonschema = None
if jsonschema is None:
    print("validate-sarif: python3-jsonschema missing; schema check skipped", file=sys.stderr)
else:
    try:
        with open(target, encoding="utf-8") as f:
            document = json.load(f)
    except ValueError as error:
        problems.append("%s: error JSON: %s" % (target, error))
    else:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        validator = jsonschema.validators.validator_for(schema)(schema)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            path = "/".join(str(p) for p in error.absolute_path)
            problems.append("%s: error schema: %s: %s" % (target, path or "(root)", error.message))

for line in problems:
    print(line)
sys.exit(1 if problems else 0)
PY
  case $? in
    0) echo "$file: valid" ;;
    1) status=1 ;;
    *) echo "validate-sarif: could not read the results for $file" >&2; exit 2 ;;
  esac
done
exit $status
