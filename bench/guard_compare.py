#!/usr/bin/env python3
"""Side-by-side run of cfn-guard 3.1.1 with AWS Control Tower's Lambda rules and lambdalint on the
same templates (docs/performance.md, "Against cfn-guard"). Called by bench/run.sh.

  guard_compare.py --guard BIN --rules DIR --lambdalint BIN --corpus DIR --work DIR

cfn-guard stops a whole directory run at the first file it cannot parse, so each template is first
validated alone; the accepted ones are linked into WORK/accepted and both tools run over that
directory. Prints `key=value` lines for run.sh and the overlap table in markdown.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import time

# Control Tower Lambda control → the lambdalint rule that checks the same thing (None: no rule).
# Sources: the rules' own headers in rules/control-tower/cfn-guard/lambda/*.guard, /work/shared/RULES.md.
OVERLAP = [
    ("CT.LAMBDA.PR.2", "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED_CHECK", ["LL202", "LL203"],
     "CT: permission for `*` without SourceAccount/SourceArn/PrincipalOrgID, for a service without "
     "SourceAccount/SourceArn, or with FunctionUrlAuthType NONE; LL202 (`*`) and LL203 (services)"),
    ("CT.LAMBDA.PR.3", "LAMBDA_INSIDE_VPC_CHECK", ["LL501"],
     "function without VpcConfig; CT reads AWS::Lambda::Function only, LL501 also SAM and Terraform functions"),
    ("CT.LAMBDA.PR.4", "LAMBDA_LAYER_PUBLIC_ACCESS_PROHIBITED_CHECK", [], "layer permission for every account: no lambdalint rule"),
    ("CT.LAMBDA.PR.5", "LAMBDA_FUNCTION_URL_AUTH_CHECK", ["LL204"], "function URL with AuthType NONE"),
    ("CT.LAMBDA.PR.6", "LAMBDA_FUNCTION_URL_CORS_CHECK", ["LL208"],
     "CT: any wildcard origin; LL208 only a wildcard origin with credentials or every method (narrower)"),
]


def timed(command, **kwargs):
    start = time.monotonic()
    completed = subprocess.run(command, **kwargs)
    return time.monotonic() - start, completed


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--guard", "--rules", "--lambdalint", "--corpus", "--work"):
        parser.add_argument(flag, required=True)
    args = parser.parse_args()
    accepted = os.path.join(args.work, "accepted")
    os.makedirs(accepted, exist_ok=True)
    templates = sorted(f for f in os.listdir(args.corpus) if f.endswith((".yaml", ".yml", ".json", ".template")))
    def accepts(name):
        result = subprocess.run([args.guard, "validate", "-r", args.rules, "-d", os.path.join(args.corpus, name), "-S", "none"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return result.returncode in (0, 19)  # 0 compliant, 19 not compliant; anything else: could not run

    rejected = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for name, ok in zip(templates, pool.map(accepts, templates)):
            if ok:
                os.symlink(os.path.join(args.corpus, name), os.path.join(accepted, name))
            else:
                rejected += 1
    count = len(templates) - rejected
    print(f"guard_accepted={count}")
    print(f"guard_rejected={rejected}")

    sarif_path = os.path.join(args.work, "guard.sarif")
    with open(sarif_path, "w") as out:
        guard_seconds, _ = timed([args.guard, "validate", "-r", args.rules, "-d", accepted, "-o", "sarif", "-S", "none", "-z"],
                                 stdout=out, stderr=subprocess.DEVNULL)
    json_path = os.path.join(args.work, "lambdalint.json")
    with open(json_path, "w") as out:
        ll_seconds, _ = timed([args.lambdalint, "check", "--format", "json", "--fail-on", "none", "--no-progress", accepted],
                              stdout=out, stderr=subprocess.DEVNULL)
    print(f"guard_seconds={guard_seconds:.3f}")
    print(f"lambdalint_seconds={ll_seconds:.3f}")

    # cfn-guard: distinct (file, resource) per rule; the resource is named in the message's path.
    guard = collections.Counter()
    seen = set()
    for result in json.load(open(sarif_path))["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        match = re.search(r"/Resources/([^/\[]+)", result["message"]["text"])
        key = (result["ruleId"], uri, match.group(1) if match else result["message"]["text"])
        if key not in seen:
            seen.add(key)
            guard[result["ruleId"]] += 1
    ll = collections.Counter(f["rule"] for f in json.load(open(json_path))["findings"])
    print(f"lambdalint_findings={sum(ll.values())}")
    print(f"guard_findings={sum(guard.values())}")
    print("table:| Control Tower control | cfn-guard findings | lambdalint rule | lambdalint findings | scope |")
    print("table:|---|---|---|---|---|")
    mapped = set()
    for control, guard_rule, ll_rules, note in OVERLAP:
        mapped.update(ll_rules)
        ll_cell = " + ".join(str(ll[rule]) for rule in ll_rules) if ll_rules else "–"
        print(f"table:| {control} `{guard_rule.lower()}` | {guard[guard_rule]} | {', '.join(ll_rules) or '–'} | {ll_cell} | {note} |")
    others = [rule for rule in ll if rule not in mapped]
    print(f"table:| (no Control Tower Lambda control) | – | {len(others)} other rules | {sum(ll[r] for r in others)} | |")


if __name__ == "__main__":
    main()
