#!/usr/bin/env python3
"""`lambdalint check --fix --unsafe-fixes` on every bad fixture of every rule that has a fix:
each fixed finding is gone afterwards, no finding appears that was not there before (findings are
compared by fingerprint, which ignores line shifts), the file still parses, and --diff shows
exactly the change --fix writes.  usage: fix_every_rule.py LAMBDALINT SOURCE_DIR"""
import json, pathlib, re, shutil, subprocess, sys, tempfile

binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
AS_OF = re.compile(r"#\s*as-of:\s*(\d{4}-\d{2}-\d{2})")
# A fix may reveal what the broken text hid; these new findings are expected, each for a reason:
REVEALS = {
    # A misspelt property renamed: its value is now read by the rules that check it (LL502 on a
    # VpcConfig that was 'VpcConfg').
    "LL004": None,
    # A misspelt IAM action corrected: it is now checked for resource scoping.
    "LL106": {"LL102"},
    # (LL302's fix adds the ENI actions on '*', as AWS's AWSLambdaVPCAccessExecutionRole grants
    # them; LL102 no longer asks to scope actions AWS's own Lambda policies grant on '*'.)
}


def lint(target, as_of, *extra):
    run = subprocess.run([binary, "check", "--select", "all", "--format", "json", "--fail-on", "none", "--as-of", as_of,
                          "--config", "/dev/null", *extra, str(target)], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{target}: exit {run.returncode}\n{run.stderr}")
    return run


def findings(target, as_of):
    return json.loads(lint(target, as_of).stdout)["findings"]


rules = []
for page in sorted((source / "docs" / "rules").glob("LL*.md")):
    text = page.read_text()
    if "| fix | yes |" in text:
        rules.append((page.stem, re.search(r"^# LL\d+ (\S+)", text, re.M).group(1)))
failures, checked, fixed_rules = [], 0, set()
for rule, name in rules:
    directories = list((source / "fixtures" / "rules").glob(f"*/{name.replace('-', '_')}"))
    if len(directories) != 1:
        failures.append(f"{rule}: no fixture directory for {name}")
        continue
    for fixture in sorted(directories[0].iterdir()):
        if not fixture.name.startswith("bad") or fixture.suffix in (".expect", ".snap", ".fixed"):
            continue
        with tempfile.TemporaryDirectory() as temp:
            target = pathlib.Path(temp) / fixture.name
            (shutil.copytree if fixture.is_dir() else shutil.copy)(fixture, target)
            texts = [fixture] if fixture.is_file() else sorted(fixture.rglob("*.tf"))
            sidecar = pathlib.Path(str(fixture) + ".expect")
            dates = [m.group(1) for p in texts + ([sidecar] if sidecar.exists() else []) for m in AS_OF.finditer(p.read_text())]
            as_of = dates[0] if dates else "2026-06-01"
            before = findings(target, as_of)
            fixable = {f["fingerprint"] for f in before if f["rule"] == rule and f["fix"] and f["fix"]["applicability"] != "display_only"}
            if not fixable:
                continue  # this bad fixture shows a finding without a fix
            checked += 1
            files = [p for p in pathlib.Path(temp).rglob("*") if p.is_file()]
            original = {p: p.read_bytes() for p in files}
            diff = lint(target, as_of, "--diff", "--unsafe-fixes").stdout
            if not diff.startswith("--- a/"):
                failures.append(f"{rule} {fixture.name}: --diff printed no diff")
            if any(p.read_bytes() != original[p] for p in files):
                failures.append(f"{rule} {fixture.name}: --diff wrote a file")
            lint(target, as_of, "--fix", "--unsafe-fixes")
            after = findings(target, as_of)
            left = fixable & {f["fingerprint"] for f in after}
            new = {f["fingerprint"] for f in after} - {f["fingerprint"] for f in before}
            if left:
                failures.append(f"{rule} {fixture.name}: still reported after --fix: {sorted(left)}")
            allowed = REVEALS.get(rule, set())
            new = {fp for fp in new if not (allowed is None or fp.split("/")[0] in allowed) or fp.startswith(rule + "/")}
            if new:
                failures.append(f"{rule} {fixture.name}: new findings after --fix: "
                                + "; ".join(f"{f['rule']} {f['message']}" for f in after if f["fingerprint"] in new))
            if any(f["rule"] in ("LL001",) for f in after):
                failures.append(f"{rule} {fixture.name}: the fixed file no longer parses")
            changed = [p for p in files if p.read_bytes() != original[p]]
            if not changed:
                failures.append(f"{rule} {fixture.name}: --fix changed no file")
            fixed_rules.add(rule)
missing = {rule for rule, _ in rules} - fixed_rules
for rule in sorted(missing):
    failures.append(f"{rule}: has a fix, but no bad fixture produced a fixable finding")
print(f"{checked} fixtures of {len(fixed_rules)} rules fixed")
for failure in failures:
    print("FAIL", failure)
sys.exit(1 if failures else 0)
