#!/usr/bin/env python3
"""SAM differential test (docs/sam.md): lint each input of the SAM translator's own test suite and
the CloudFormation SAM translates it to, and compare the findings per rule and resource.

Usage: compare.py LAMBDALINT SOURCE_DIR [--write-known] [--summary]

The suite is read at test time from ../shared/reference/sam-translator-tests beside the source
directory (or $LAMBDALINT_SAM_SUITE); when it is absent the test is skipped (exit 77) with a message.
known_differences.json lists the differences that remain, each with a category and a reason. The
test fails on a difference that is not listed, and on a listed difference that no longer occurs.
"""

import concurrent.futures
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


def write_pairs(pairs, work):
    """Copies each pair to work/input/<name>.yaml and work/output/<name>.json, the Transform added
    to an input that lacks it (the suite's harness adds it too; LL007 would fire otherwise)."""
    os.makedirs(os.path.join(work, "input"))
    os.makedirs(os.path.join(work, "output"))
    for name, input_path, output_path in pairs:
        with open(input_path, encoding="utf-8") as handle:
            text = handle.read()
        if not TRANSFORM_LINE.search(text):
            text = "Transform: AWS::Serverless-2016-10-31\n" + text
        with open(os.path.join(work, "input", name + ".yaml"), "w", encoding="utf-8") as handle:
            handle.write(text)
        with open(output_path, encoding="utf-8") as source, open(os.path.join(work, "output", name + ".json"), "w", encoding="utf-8") as handle:
            handle.write(source.read())


def differences(lambdalint, pairs, work):
    """The comparable pairs' names and their finding differences, keyed input|rule|resource|side."""
    input_findings = lint(lambdalint, os.path.join(work, "input"))
    output_findings = lint(lambdalint, os.path.join(work, "output"))
    found = {}
    compared = []
    for name, _, _ in pairs:
        left = keys(input_findings.get(name + ".yaml", []))
        right = keys(output_findings.get(name + ".json", []))
        if any(rule == "LL001" for rule, _ in left | right):
            continue  # one side does not parse: nothing to compare
        compared.append(name)
        for rule, resource in sorted(left - right):
            found[f"{name}|{rule}|{resource}|input-only"] = True
        for rule, resource in sorted(right - left):
            found[f"{name}|{rule}|{resource}|output-only"] = True
    return compared, found


# --- graph --format json: what invokes each function and what it may do -----------------------

def graph(lambdalint, path):
    """The `lambdalint graph --format json` document of one file, or None when it has no model."""
    run = subprocess.run([lambdalint, "graph", path, "--format", "json"], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return None
    return json.loads(run.stdout)


PARTITION = re.compile(r"\$\{AWS::Partition\}")


def flat_texts(value):
    """The strings a graph json value stands for: a list's items, both branches of an Fn::If."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in flat_texts(item)]
    if isinstance(value, dict) and "branches" in value:
        return [text for branch in value["branches"] for text in flat_texts(branch)]
    return []


def function_facts(function):
    """The comparable facts of one function of a graph document, as strings:
    - trigger:<kind>:<source>:<allowed|not allowed>: what invokes it, and whether it may (the
      permission is SAM's on one side, where the model leaves its principal implicit, and an
      AWS::Lambda::Permission on the other: compared by whether one exists);
    - mapping:<id>:<source>: its event source mappings (SAM names them <Function><Event> on both sides);
    - allow:<action> / deny:<action> / allow-not-action:<action>: the actions its role's written and
      generated statements name (lower case: IAM actions are case-insensitive);
    - managed:<arn>: the AWS managed policies it is attached to (their statements are not in the model)."""
    facts = set()
    for trigger in function.get("triggers", []):
        allowed = ("allowed" if trigger.get("principal") is None or trigger.get("permission_auto_created") or trigger.get("covered_by_generated_permission")
                   or trigger.get("allowed_by") else "not allowed")
        facts.add(f"trigger:{trigger['kind']}:{trigger['source']}:{allowed}")
    for mapping in function.get("event_source_mappings", []):
        facts.add(f"mapping:{mapping['id']}:{mapping.get('source') or '-'}")
    role = function.get("role") or {}
    for policy in role.get("policies", []):
        # A customer managed policy of the template is compared by its statements, which both sides read.
        if policy.get("arn") is not None and not policy.get("statements") and policy.get("origin") != "customer-managed":
            for arn in flat_texts(policy["arn"]):
                facts.add("managed:" + PARTITION.sub("aws", arn))
        for statement in policy.get("statements", []):
            effect = "deny" if statement.get("Effect") == "Deny" else "allow"
            for key, prefix in (("Action", effect), ("NotAction", effect + "-not-action")):
                for action in flat_texts(statement.get(key)):
                    facts.add(f"{prefix}:{action.lower()}")
    return facts


def graph_facts(document):
    """{function id: facts} of a graph document."""
    return {function["id"]: function_facts(function) for function in (document or {}).get("functions", [])}


def graph_differences(lambdalint, work, comparable_names):
    """Differences between the graphs of both sides, keyed input|function|fact|side."""
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for name in comparable_names:
            jobs[name] = (pool.submit(graph, lambdalint, os.path.join(work, "input", name + ".yaml")),
                          pool.submit(graph, lambdalint, os.path.join(work, "output", name + ".json")))
        found = {}
        for name, (left_job, right_job) in jobs.items():
            left = graph_facts(left_job.result())
            right = graph_facts(right_job.result())
            for function in sorted(set(left) | set(right)):
                if function not in right:
                    found[f"{name}|{function}|function|input-only"] = True
                    continue
                if function not in left:
                    found[f"{name}|{function}|function|output-only"] = True
                    continue
                for fact in sorted(left[function] - right[function]):
                    found[f"{name}|{function}|{fact}|input-only"] = True
                for fact in sorted(right[function] - left[function]):
                    found[f"{name}|{function}|{fact}|output-only"] = True
    return found


# --- probes: the same change made on both sides ---------------------------------------------------

# What the probes set on every function, as a user would: a timeout above API Gateway's integration
# limit and SQS's default visibility timeout, active tracing, and a VPC.
PROBE_SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
PROBE_SECURITY_GROUPS = ["sg-0123456789abcdef0"]
PROBED_PROPERTIES = re.compile(r"\b(Timeout|Tracing|TracingConfig|VpcConfig|Globals)\s*:")
RESOURCE_KEY = re.compile(r"^(\s+)([A-Za-z0-9]+)\s*:\s*$")
PROPERTIES_KEY = re.compile(r"^(\s+)Properties\s*:\s*$")
FUNCTION_TYPE = re.compile(r"^\s+Type\s*:\s*['\"]?(AWS::Serverless::Function|AWS::Lambda::Function)['\"]?\s*$")


def probe_yaml(text):
    """The SAM input with the probe's settings added to the block-style Properties of every
    AWS::Serverless::Function and AWS::Lambda::Function (a text edit, so every tag and position
    of the rest stays as written), and the names of the SAM functions whose role SAM generates
    (no Role written); None when a function's
    properties cannot be found (flow style, no Properties)."""
    lines = text.split("\n")
    insertions = []  # (index to insert after, lines)
    serverless = []
    expected = 0
    for index, line in enumerate(lines):
        match = FUNCTION_TYPE.match(line)
        if not match:
            continue
        expected += 1
        type_indent = len(line) - len(line.lstrip())
        # The resource's key is the nearest line above with less indentation.
        key_index = next((i for i in range(index - 1, -1, -1) if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) < type_indent), None)
        key = RESOURCE_KEY.match(lines[key_index]) if key_index is not None else None
        if key is None:
            return None
        end = next((i for i in range(key_index + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#")
                    and len(lines[i]) - len(lines[i].lstrip()) <= len(key.group(1))), len(lines))
        properties = next((i for i in range(key_index + 1, end) if PROPERTIES_KEY.match(lines[i])
                           and len(lines[i]) - len(lines[i].lstrip()) == type_indent), None)
        if properties is None:
            return None
        first = next((i for i in range(properties + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
        if first is None:
            return None
        indent = " " * (len(lines[first]) - len(lines[first].lstrip()))
        serverless_function = match.group(1) == "AWS::Serverless::Function"
        added = [f"{indent}Timeout: 60",
                 f"{indent}Tracing: Active" if serverless_function else f"{indent}TracingConfig:\n{indent}  Mode: Active",
                 f"{indent}VpcConfig:",
                 f"{indent}  SubnetIds: [{', '.join(PROBE_SUBNETS)}]",
                 f"{indent}  SecurityGroupIds: [{', '.join(PROBE_SECURITY_GROUPS)}]"]
        insertions.append((properties, added))
        writes_role = any(re.match(re.escape(indent) + r"Role\s*:", lines[i]) for i in range(first, end))
        if serverless_function and not writes_role:
            serverless.append(key.group(2))  # SAM generates its role
    if expected == 0 or len(insertions) != expected:
        return None
    for after, added in sorted(insertions, reverse=True):
        lines[after + 1:after + 1] = added
    return "\n".join(lines), serverless


def probe_json(document, serverless):
    """The translated template with the same settings on every AWS::Lambda::Function, and on the
    role SAM generates for each SAM function the managed policies SAM adds for them
    (AWSXrayWriteOnlyAccess for Tracing, AWSLambdaVPCAccessExecutionRole for VpcConfig), as the
    translation of the changed input would have them."""
    resources = document.get("Resources", {})
    for resource in resources.values():
        if isinstance(resource, dict) and resource.get("Type") == "AWS::Lambda::Function":
            properties = resource.setdefault("Properties", {})
            properties["Timeout"] = 60
            properties["TracingConfig"] = {"Mode": "Active"}
            properties["VpcConfig"] = {"SubnetIds": list(PROBE_SUBNETS), "SecurityGroupIds": list(PROBE_SECURITY_GROUPS)}
    for name in serverless:
        role = resources.get(name + "Role")
        if isinstance(role, dict) and role.get("Type") == "AWS::IAM::Role":
            arns = role.setdefault("Properties", {}).setdefault("ManagedPolicyArns", [])
            for arn in ("arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"):
                if arn not in arns:
                    arns.append(arn)
    return document


def probe_differences(lambdalint, pairs, work, compared, baseline):
    """Differences that the probe's change adds to a pair (beyond the pair's own, `baseline`),
    keyed input|rule|resource|side; and the number of inputs probed."""
    probe_dir = os.path.join(work, "probe")
    os.makedirs(os.path.join(probe_dir, "input"))
    os.makedirs(os.path.join(probe_dir, "output"))
    probed = []
    for name, _, output_path in pairs:
        if name not in compared:
            continue
        with open(os.path.join(work, "input", name + ".yaml"), encoding="utf-8") as handle:
            text = handle.read()
        if PROBED_PROPERTIES.search(text):
            continue  # already set somewhere: the probe would not be the same change on both sides
        changed = probe_yaml(text)
        if changed is None:
            continue
        changed_text, serverless = changed
        with open(output_path, encoding="utf-8") as handle:
            document = json.load(handle)
        with open(os.path.join(probe_dir, "input", name + ".yaml"), "w", encoding="utf-8") as handle:
            handle.write(changed_text)
        with open(os.path.join(probe_dir, "output", name + ".json"), "w", encoding="utf-8") as handle:
            json.dump(probe_json(document, serverless), handle, indent=1)
        probed.append((name, None, None))
    names, found = differences(lambdalint, probed, probe_dir)
    added = {key: True for key in found if key not in baseline}
    return added, len(names)


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
    ("LL110", "output-only", r"Connector.*Policy(Destination\d+)?$|^ConnectorPolicy$", LEGITIMATE,
     "LL110 does not trim what SAM generates action by action (rules/iam/unused_grant.cpp: AWS managed policies, policy "
     "templates and SAM's generated policies): a connector's author chooses access categories (Permissions: Read, Write), "
     "each of which SAM's connector profile expands to a fixed list of actions; the translation writes them as an "
     "AWS::IAM::ManagedPolicy of the template, which LL110 reads action by action"),
    ("LL110", "output-only", r"^(MyFunction|KinesisTriggerFunction|TriggerFunction)$", LEGITIMATE,
     "LL110 does not trim SAM policy templates action by action (the user cannot), and the translation writes the template's "
     "statements as an inline policy of the generated role, which LL110 reads as written"),
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


# Triage of the graph differences. Some depend on the translated template (is the API's
# definition a file in S3?), so the rules are functions of the key and the translated resources;
# the first that answers wins.
def graph_api_in_s3(name, function, fact, side, resources):
    kind, *rest = fact.split(":")
    if kind != "trigger" or side != "input-only" or not rest[0].startswith("api-"):
        return None
    api = resources.get(rest[1], {})
    if "BodyS3Location" in api.get("Properties", {}):
        return LEGITIMATE, ("the API's OpenAPI definition is a file in S3 (DefinitionUri, BodyS3Location in the translation), "
                            "which neither side reads: the SAM template's event says the API invokes the function, the "
                            "translation only has the file's location (and the permission SAM creates)")
    return None


def graph_sorted_role(name, function, fact, side, resources):
    role = resources.get(function, {}).get("Properties", {}).get("Role")
    if side == "input-only" and isinstance(role, dict) and role.get("Fn::GetAtt", [None])[0] == "Arn":
        return LEGITIMATE, ("an artifact of the suite's expected file: its lists are sorted for comparison, so the translated "
                            "function's Role reads Fn::GetAtt [Arn, <Function>Role], which names no role, and its role's "
                            "policies are not attached to it")
    return None


GRAPH_TRIAGE = [graph_api_in_s3, graph_sorted_role]


def graph_triage(key, suite):
    """Category and reason for a graph difference (GRAPH_TRIAGE), or an explicit untriaged entry."""
    name, function, fact, side = key.split("|")
    with open(os.path.join(suite, "output", name + ".json"), encoding="utf-8") as handle:
        resources = json.load(handle).get("Resources", {})
    for rule in GRAPH_TRIAGE:
        answer = rule(name, function, fact, side, resources)
        if answer:
            return {"category": answer[0], "reason": answer[1]}
    return {"category": BUG, "reason": f"untriaged: the graph of function {function} differs between the SAM model and the translated CloudFormation ({side})"}


def summarize(found, field):
    """Counts of differences by (the key's field at index `field`, side)."""
    counts = {}
    for key in found:
        parts = key.split("|")
        group = (parts[field], parts[-1])
        counts[group] = counts.get(group, 0) + 1
    for (group, side), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {group} {side}: {count}")


def check_section(known, section, found, triage_of, flags):
    """Compares one kind of differences with its list in known_differences.json (or rewrites the
    list with --write-known); returns the number of problems."""
    listed = known.setdefault(section, {})
    if "--write-known" in flags:
        known[section] = {key: listed.get(key, triage_of(key)) for key in sorted(found)}
        return 0
    unlisted = sorted(key for key in found if key not in listed)
    stale = sorted(key for key in listed if key not in found)
    for key in unlisted:
        print(f"NEW DIFFERENCE (not in known_differences.json, {section}): {key}")
    for key in stale:
        print(f"NO LONGER DIFFERS (remove it from known_differences.json, {section}): {key}")
    bad_entries = sorted(key for key, entry in listed.items() if entry.get("category") not in (LEGITIMATE, BUG) or not entry.get("reason"))
    for key in bad_entries:
        print(f"ENTRY WITHOUT A CATEGORY OR REASON ({section}): {key}")
    return len(unlisted) + len(stale) + len(bad_entries)


def report(title, found, known_section):
    differing = len({key.split("|")[0] for key in found})
    bugs = sum(1 for key in found if known_section.get(key, {}).get("category") == BUG)
    print(f"{title}: {differing} pairs differ, {len(found)} differences ({bugs} listed as known bugs)")


def probe_triage(key, graph_known):
    """A probe difference of LL401 (the probe's 60 s Timeout behind API Gateway) on a function whose
    API trigger only one side sees is that trigger's difference: the same category and reason."""
    name, rule, resource, side = key.split("|")
    if rule == "LL401":
        for graph_key, entry in sorted(graph_known.items()):
            g_name, g_function, fact, g_side = graph_key.split("|")
            if (g_name, g_function, g_side) == (name, resource, side) and fact.startswith("trigger:api-"):
                return {"category": entry["category"], "reason": "LL401 (the probe's Timeout: 60 behind API Gateway) follows the API "
                        "trigger that only one side sees: " + entry["reason"]}
    return triage(key)


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
    with tempfile.TemporaryDirectory(prefix="sam-differential-") as work:
        write_pairs(pairs, work)
        compared, found = differences(lambdalint, pairs, work)
        found_in_graphs = graph_differences(lambdalint, work, compared)
        found_in_probes, probed = probe_differences(lambdalint, pairs, work, set(compared), found)
    with open(KNOWN, encoding="utf-8") as handle:
        known = json.load(handle)
    print(f"{len(pairs)} translated pairs, {len(compared)} comparable (both sides parse)")
    report("findings", found, known.get("differences", {}))
    report("graph --format json", found_in_graphs, known.get("graph_differences", {}))
    report(f"probes (Timeout: 60, Tracing: Active, VpcConfig on every function of {probed} inputs)", found_in_probes, known.get("probe_differences", {}))
    problems = check_section(known, "differences", found, triage, flags)
    problems += check_section(known, "graph_differences", found_in_graphs, lambda key: graph_triage(key, suite), flags)
    problems += check_section(known, "probe_differences", found_in_probes, lambda key: probe_triage(key, known["graph_differences"]), flags)
    if "--write-known" in flags:
        with open(KNOWN, "w", encoding="utf-8") as handle:
            json.dump(known, handle, indent=1, sort_keys=True)
            handle.write("\n")
        print(f"wrote {len(found)} finding, {len(found_in_graphs)} graph and {len(found_in_probes)} probe differences to {KNOWN}")
        return 0
    if "--summary" in flags:
        print("findings, by rule:")
        summarize(found, 1)
        print("graph --format json, by fact:")
        summarize({re.sub(r"^([^|]*\|[^|]*\|[a-z-]+)[^|]*", r"\1", key): True for key in found_in_graphs}, 2)
        print("probes, by rule:")
        summarize(found_in_probes, 1)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
