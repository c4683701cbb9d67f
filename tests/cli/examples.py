#!/usr/bin/env python3
"""Every example under examples/ is listed in examples/README.md with what `lambdalint check`
reports on it (`expect:` with the default rules, `hardening:` on top with --extend-select
hardening); lint each and compare.  usage: examples.py LAMBDALINT SOURCE_DIR"""
import collections, json, pathlib, re, subprocess, sys

binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
examples = source / "examples"
readme = (examples / "README.md").read_text()
items = re.findall(r"^- \[[^\]]+\]\(([^)]+)\):(.*?)expect: ([^;\n]+); hardening: ([^\n]+)$", readme, re.M | re.S)


def parse(text):
    counts = collections.Counter()
    if text.strip() != "none":
        for part in text.split(","):
            rule, _, times = part.strip().partition(" x")
            counts[rule] += int(times or 1)
    return counts


def rules(path, *extra):
    run = subprocess.run([binary, "check", "--format", "json", "--fail-on", "none", "--as-of", "2026-06-01", "--config",
                          "/dev/null", *extra, str(path)], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"{path}: exit {run.returncode}: {run.stderr}")
    return collections.Counter(f["rule"] for f in json.loads(run.stdout)["findings"])


failures = []
listed = set()
for target, description, expect, hardening in items:
    listed.add(target)
    if len(description.split()) < 8:
        failures.append(f"{target}: the README does not say what it demonstrates")
    default = rules(examples / target)
    with_hardening = rules(examples / target, "--extend-select", "hardening")
    if default != parse(expect):
        failures.append(f"{target}: expect {dict(parse(expect))}, got {dict(default)}")
    if with_hardening - default != parse(hardening):
        failures.append(f"{target}: hardening {dict(parse(hardening))}, got {dict(with_hardening - default)}")
present = {p.name for p in examples.iterdir() if p.name != "README.md" and p.name != "terraform"}
present |= {f"terraform/{p.name}" for p in (examples / "terraform").iterdir() if p.is_dir()}
for missing in sorted(present - listed):
    failures.append(f"{missing}: not described in examples/README.md")
print(f"{len(items)} examples checked")
for failure in failures:
    print("FAIL", failure)
sys.exit(1 if failures else 0)
