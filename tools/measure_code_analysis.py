#!/usr/bin/env python3
"""Code analysis on a corpus of SAM applications with their handler code (docs/code-analysis.md).

    tools/measure_code_analysis.py LAMBDALINT CORPUS_DIR [--samples N]

For every CORPUS_DIR/<app>/template.y*ml: `lambdalint policy` (what was analysed, calls found,
mapped, unresolved) and `lambdalint check --select LL308 --extend-select LL110` (findings), timed.
Prints the totals, the reasons functions were not analysed, and N sample findings to check by hand.
"""
import collections
import json
import random
import subprocess
import sys
import time
from pathlib import Path


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary, corpus = argv[0], Path(argv[1])
    samples = int(argv[argv.index("--samples") + 1]) if "--samples" in argv else 10
    totals = collections.Counter()
    reasons = collections.Counter()
    languages = collections.Counter()
    findings = []
    policy_seconds = 0.0
    for template in sorted(list(corpus.glob("*/template.yaml")) + list(corpus.glob("*/template.yml"))):
        totals["apps"] += 1
        started = time.perf_counter()
        run = subprocess.run([binary, "policy", str(template)], capture_output=True, text=True)
        policy_seconds += time.perf_counter() - started
        if run.returncode != 0:
            totals["apps not read"] += 1
            continue
        for function in json.loads(run.stdout)["functions"]:
            totals["functions"] += 1
            code = function["code"]
            if not code["analysed"]:
                reason = code["reason"]
                reasons[reason if "not in" not in reason and "runtime" not in reason else reason.split(" ")[0] + " ... " + " ".join(reason.split(" ")[-3:])] += 1
                continue
            totals["functions analysed"] += 1
            languages[code["language"]] += 1
            totals["functions complete"] += 1 if code["complete"] else 0
            totals["calls"] += code["calls"]
            totals["calls mapped"] += code["mapped"]
            totals["calls unmapped"] += code["unmapped"]
            totals["calls unresolved"] += len(code["unresolved"])
        check = subprocess.run([binary, "check", "--select", "LL308,LL110", "--format", "json", "--fail-on", "none", str(template)],
                               capture_output=True, text=True)
        for finding in json.loads(check.stdout or "{}").get("findings", []):
            totals[finding["rule"]] += 1
            findings.append((finding["rule"], finding["file"], finding["range"]["start"]["line"], finding["message"]))
    for key in ["apps", "apps not read", "functions", "functions analysed", "functions complete", "calls", "calls mapped",
                "calls unmapped", "calls unresolved", "LL308", "LL110"]:
        print(f"{key:20} {totals[key]}")
    print(f"{'languages':20} {dict(languages)}")
    if totals["functions"]:
        print(f"{'ms per function':20} {1000 * policy_seconds / totals['functions']:.1f} (policy command, process start included)")
    print("not analysed:")
    for reason, count in reasons.most_common(12):
        print(f"  {count:5}  {reason}")
    random.seed(1)
    print("sample findings:")
    for rule, file, line, message in random.sample(findings, min(samples, len(findings))):
        print(f"  {rule} {file}:{line}: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
