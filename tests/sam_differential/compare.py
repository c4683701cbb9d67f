#!/usr/bin/env python3
"""SAM differential test (docs/sam.md): lint each input of the SAM translator's own test suite and
the CloudFormation SAM translates it to, and compare the findings per rule and resource.

Usage: compare.py LAMBDALINT SOURCE_DIR [--write-known] [--summary]

The suite is read at test time from ../shared/reference/sam-translator-tests beside the source
directory (or $LAMBDALINT_SAM_SUITE); when it is absent the test is skipped (exit 77) with a message.
known_differences.json lists the differences that remain, each with a category and a reason. The
test fails on a difference that is not listed, and on a listed difference that no longer occurs.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
KNOWN = os.path.join(HERE, "known_differences.json")
AS_OF = "2026-12-01"  # fixed, so LL801 does not make the list drift with the calendar
TRANSFORM_LINE = re.compile(r"^Transform\s*:", re.MULTILINE)


def find_suite(source_dir):
    candidates = [os.environ.get("LAMBDALINT_SAM_SUITE", ""),
                  os.path.join(source_dir, "..", "shared", "reference", "sam-translator-tests"),
                  os.path.join(source_dir, "..", "..", "shared", "reference", "sam-translator-tests")]
    for candidate in candidates:
        if candidate and os.path.isdir(os.path.join(candidate, "input")) and os.path.isdir(os.path.join(candidate, "output")):
            return os.path.realpath(candidate)
    return None


def comparable_pairs(suite):
    """(name, input path, output path) for every input whose translation is a template (not an error)."""
    pairs = []
    for entry in sorted(os.listdir(os.path.join(suite, "input"))):
        if not entry.endswith(".yaml"):
            continue
        name = entry[: -len(".yaml")]
        output = os.path.join(suite, "output", name + ".json")
        if not os.path.isfile(output):
            continue
        with open(output, encoding="utf-8") as handle:
            translated = json.load(handle)
        if not isinstance(translated, dict) or "Resources" not in translated:
            continue  # {"errorMessage": ...}: SAM rejects the input
        pairs.append((name, os.path.join(suite, "input", entry), output))
    return pairs


def lint(lambdalint, directory):
    """Findings per file name (relative to directory): {file: [finding, ...]}."""
    run = subprocess.run([lambdalint, "check", "--format", "json", "--as-of", AS_OF, "--exit-zero", "--select", "all", "--jobs", "1", "--allow-empty", directory],
                         capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        sys.exit(f"lambdalint failed ({run.returncode}): {run.stderr[:2000]}")
    report = json.loads(run.stdout)
    by_file = {}
    for finding in report["findings"]:
        by_file.setdefault(os.path.relpath(finding["file"], directory), []).append(finding)
    return by_file


def normalized_resource(resource):
    """SAM names a function's generated execution role <Function>Role; findings about that role are
    reported at the function in the SAM model and at the role in the translation. Comparing
    <X>Role as <X> on both sides keeps an explicit role consistent too."""
    return resource[: -len("Role")] if resource.endswith("Role") and len(resource) > len("Role") else resource


UNRESOLVED_NAME = re.compile(r"'([^']+)' names no ")


def comparable_resource(finding):
    """The resource a finding is compared by. An unresolved reference (LL003) is compared by the
    name it cannot resolve: SAM moves the property that holds it to a resource it generates
    (StageName to <Api>Stage, Domain.Route53 to a record set group, a schedule's State to
    <Machine><Event>), so the same missing name is reported at the resource written on one side and
    at the generated one on the other."""
    if finding["rule"] == "LL003":
        match = UNRESOLVED_NAME.search(finding.get("message", ""))
        if match:
            return "name:" + match.group(1).split(".")[0]
    return normalized_resource(finding.get("resource") or "")


def keys(findings):
    """The comparable content of a file's findings: (rule, resource) pairs."""
    out = set()
    for finding in findings:
        out.add((finding["rule"], comparable_resource(finding)))
    return out


def differences(lambdalint, pairs):
    with tempfile.TemporaryDirectory(prefix="sam-differential-") as work:
        inputs = os.path.join(work, "input")
        outputs = os.path.join(work, "output")
        os.makedirs(inputs)
        os.makedirs(outputs)
        for name, input_path, output_path in pairs:
            with open(input_path, encoding="utf-8") as handle:
                text = handle.read()
            if not TRANSFORM_LINE.search(text):
                # The suite's harness adds the transform; so does this test (LL007 would fire otherwise).
                text = "Transform: AWS::Serverless-2016-10-31\n" + text
            with open(os.path.join(inputs, name + ".yaml"), "w", encoding="utf-8") as handle:
                handle.write(text)
            with open(output_path, encoding="utf-8") as source, open(os.path.join(outputs, name + ".json"), "w", encoding="utf-8") as handle:
                handle.write(source.read())
        input_findings = lint(lambdalint, inputs)
        output_findings = lint(lambdalint, outputs)
    found = {}
    compared = 0
    for name, _, _ in pairs:
        left = keys(input_findings.get(name + ".yaml", []))
        right = keys(output_findings.get(name + ".json", []))
        if any(rule == "LL001" for rule, _ in left | right):
            continue  # one side does not parse: nothing to compare
        compared += 1
        for rule, resource in sorted(left - right):
            found[f"{name}|{rule}|{resource}|input-only"] = True
        for rule, resource in sorted(right - left):
            found[f"{name}|{rule}|{resource}|output-only"] = True
    return compared, found


LEGITIMATE = "legitimate by design"
BUG = "known bug, issue 16"

# Triage of the differences, by rule and side (and a pattern on the resource or input name where
# the rule alone does not decide). First match wins; --write-known records it for new differences.
TRIAGE = [
    ("LL801", "input-only", r"^$", LEGITIMATE,
     "a Runtime inherited from Globals is reported once at Globals in the SAM template, at each function in the translation"),
    ("LL801", "output-only", r"", LEGITIMATE,
     "the translation reports at each function the Runtime the SAM template sets once in Globals"),
    ("LL502", "input-only", r"^$", LEGITIMATE,
     "a VpcConfig inherited from Globals is reported once at Globals in the SAM template, at each function in the translation"),
    ("LL502", "output-only", r"", LEGITIMATE,
     "the translation reports at each function the VpcConfig the SAM template sets once in Globals"),
    ("LL102", "", r"", LEGITIMATE,
     "the same statement (the network actions on '*' SAM generates for a Kafka event) is reported where its cause is written, "
     "the event, which lies in the event source mapping SAM generates from it, and at the function's role in the translation"),
    ("LL003", "input-only", r"", BUG,
     "LL003 false positive on the SAM side: a name SAM generates or a SAM-only property (connectors, custom domains, schedules) is not resolved"),
    ("LL003", "output-only", r"^name:Arn$", LEGITIMATE,
     "an artifact of the suite's expected file: its lists are sorted for comparison, so the translation reads "
     "Fn::GetAtt [Arn, <Function>Role] (SAM writes [<Function>Role, Arn])"),
    ("LL003", "output-only", r"", BUG,
     "a reference in the translation that the SAM model drops or resolves differently (authorizers, stages, connector policies, ScheduleV2, record sets)"),
    ("LL004", "output-only", r"", LEGITIMATE,
     "LL004 checks the SAM side against SAM's own schema, which accepts the value; SAM copies it to a generated resource whose CloudFormation specification lacks it, so only the translation is reported"),
    ("LL104", "output-only", r"", BUG,
     "Fn::If items in SAM Policies are not modelled in both branches on the SAM side"),
    ("LL106", "output-only", r"", LEGITIMATE,
     "LL106 does not judge the statements SAM generates (its policy templates list sqs:ChangeMessageVisibilityBatch and "
     "sqs:DeleteMessageBatch, which are no IAM actions): the SAM template's author cannot edit them; in the translation they "
     "are inline policies of the template"),
    ("LL109", "output-only", r"", LEGITIMATE,
     "LL109 does not judge the statements SAM generates (policy templates, dead-letter and destination policies, here filled "
     "with the suite's placeholder ARNs): the SAM template's author cannot edit them; in the translation they are inline "
     "policies of the template"),
    ("LL201", "input-only", r"", BUG, "SAM Connectors are not modelled: the permission the connector creates is missed"),
    ("LL110", "output-only", r"^(MyFunction|KinesisTriggerFunction)$", LEGITIMATE,
     "LL110 does not trim SAM policy templates action by action (the user cannot), and the translation writes the template's "
     "statements as an inline policy of the generated role, which LL110 reads as written"),
    ("LL110", "output-only", r"", BUG,
     "SAM Connectors are not modelled: on the SAM side a role with connectors is not checked for unused grants, the "
     "translation holds the connector's policies as written ones"),
    ("LL301", "input-only", r"", BUG, "SAM Connectors are not modelled: the policy the connector generates is missed"),
    ("LL202", "output-only", r"", BUG,
     "LL202 reports the lambda:InvokeFunction permission with InvokedViaFunctionUrl that SAM generates beside a public function URL"),
    ("LL603", "output-only", r"", BUG, "the SNS/SQS destination SAM creates for EventInvokeConfig is not modelled on the SAM side"),
    ("LL806", "output-only", r"", BUG, "SNS SqsSubscription: true (SAM creates the queue and its policy) is not modelled on the SAM side"),
    ("LL802", "input-only", r"", BUG, "S3 notification configurations inside Fn::If are not read in both branches on one side"),
    ("LL803", "output-only", r"", BUG, "an empty or disabled SAM Tracing setting is modelled differently from the TracingConfig SAM emits"),
    ("", "input-only", r"^ServerlessRestApi$", BUG,
     "the input declares a function named ServerlessRestApi, the name of the implicit API SAM generates: the translation "
     "has no such function, the SAM model still lints it"),
]


def triage(key):
    """Category and reason for a difference (TRIAGE), or an explicit untriaged entry."""
    name, rule, resource, side = key.split("|")
    for t_rule, t_side, pattern, category, reason in TRIAGE:
        if (not t_rule or t_rule == rule) and (not t_side or t_side == side) and re.search(pattern, resource):
            return {"category": category, "reason": reason}
    return {"category": BUG, "reason": f"untriaged: {rule} differs between the SAM model and the translated CloudFormation ({side})"}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if len(args) != 2:
        sys.exit(__doc__)
    lambdalint, source_dir = args
    suite = find_suite(source_dir)
    if suite is None:
        print("SKIP: the SAM translator test suite (../shared/reference/sam-translator-tests beside the source directory, "
              "or $LAMBDALINT_SAM_SUITE) is not present")
        return SKIP
    pairs = comparable_pairs(suite)
    compared, found = differences(lambdalint, pairs)
    differing = len({key.split("|")[0] for key in found})
    print(f"{len(pairs)} translated pairs, {compared} comparable (both sides parse), {differing} differ, {len(found)} differences")
    with open(KNOWN, encoding="utf-8") as handle:
        known = json.load(handle)
    listed = known["differences"]
    if "--write-known" in flags:
        known["differences"] = {key: listed.get(key, triage(key)) for key in sorted(found)}
        with open(KNOWN, "w", encoding="utf-8") as handle:
            json.dump(known, handle, indent=1, sort_keys=True)
            handle.write("\n")
        print(f"wrote {len(found)} differences to {KNOWN}")
        return 0
    if "--summary" in flags:
        counts = {}
        for key in found:
            _, rule, _, side = key.split("|")
            counts[(rule, side)] = counts.get((rule, side), 0) + 1
        for (rule, side), count in sorted(counts.items(), key=lambda item: -item[1]):
            print(f"  {rule} {side}: {count}")
    unlisted = sorted(key for key in found if key not in listed)
    stale = sorted(key for key in listed if key not in found)
    for key in unlisted:
        print(f"NEW DIFFERENCE (not in known_differences.json): {key}")
    for key in stale:
        print(f"NO LONGER DIFFERS (remove it from known_differences.json): {key}")
    bad_entries = sorted(key for key, entry in listed.items()
                         if entry.get("category") not in ("legitimate by design", "known bug, issue 16") or not entry.get("reason"))
    for key in bad_entries:
        print(f"ENTRY WITHOUT A CATEGORY OR REASON: {key}")
    return 1 if unlisted or stale or bad_entries else 0


if __name__ == "__main__":
    sys.exit(main())
