#!/usr/bin/env python3
"""LL308's fix edits the file that declares the role while the finding is at the call in the code.
For SAM, CloudFormation (YAML, JSON) and Terraform projects, on a temporary copy: every LL308
finding bound to a resource has an unsafe fix whose edits all name the template / .tf file; SARIF
puts the result in the code file and the artifactChange in the template; `--fix` without
`--unsafe-fixes` writes nothing; `--fix --unsafe-fixes` writes only the template, LL308 is silent
for those calls afterwards and no other finding appears (rerun of `check --select all`); calls not
bound to a resource keep a display-only fix that is never applied.
usage: ll308_fix.py LAMBDALINT SOURCE_DIR"""
import json, pathlib, shutil, subprocess, sys, tempfile

binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
fixtures = source / "fixtures" / "rules" / "permissions" / "code_call_not_allowed"
# project, the file that declares the role, how many LL308 findings can be fixed, how many are display-only
PROJECTS = [
    ("bad_sam_python", "template.yaml", 2, 2),
    ("bad_sam_javascript", "template.yaml", 3, 0),
    ("bad_sam_no_policies", "template.yaml", 1, 0),
    ("bad_cfn_package", "template.yaml", 1, 0),
    ("bad_cfn_package_json", "template.json", 2, 0),
    ("bad_tf_archive", "main.tf", 1, 0),
]
failures = []


def run(*args, ok=(0, 1)):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode not in ok:
        raise SystemExit(f"{args}: exit {result.returncode}\n{result.stderr}")
    return result


def check(target, *extra, select="LL308"):
    return run("check", "--select", select, "--fail-on", "none", "--config", "/dev/null", *extra, str(target))


def findings(target, select="LL308"):
    return json.loads(check(target, "--format", "json", select=select).stdout)["findings"]


for project, role_file, fixable_count, display_count in PROJECTS:
    with tempfile.TemporaryDirectory() as temp:
        root = pathlib.Path(temp) / project
        shutil.copytree(fixtures / project, root)
        target = root if role_file == "main.tf" else root / role_file
        declared = (root / role_file).resolve()
        before = findings(target)
        ll308 = [f for f in before if f["rule"] == "LL308"]
        fixable = [f for f in ll308 if f["fix"] and f["fix"]["applicability"] == "unsafe"]
        display = [f for f in ll308 if f["fix"] and f["fix"]["applicability"] == "display_only"]
        if (len(fixable), len(display)) != (fixable_count, display_count):
            failures.append(f"{project}: {len(fixable)} unsafe and {len(display)} display-only fixes, expected {fixable_count} and {display_count}")
        for finding in fixable + display:
            if pathlib.Path(finding["file"]).resolve() == declared:
                failures.append(f"{project}: the finding should be in the code, not in {role_file}")
            files = {pathlib.Path(edit["file"]).resolve() for edit in finding["fix"]["edits"]}
            if files != {declared}:
                failures.append(f"{project}: the fix edits {sorted(map(str, files))}, expected only {declared}")

        # SARIF: the result at the call in the code file, the fix's artifactChange in the template.
        sarif = json.loads(check(target, "--format", "sarif").stdout)
        results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "LL308" and "fixes" in r]
        if len(results) != fixable_count + display_count:
            failures.append(f"{project}: {len(results)} SARIF results with fixes")
        for result in results:
            at = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            changes = result["fixes"][0]["artifactChanges"]
            if at.endswith(role_file) or not at.startswith("src/") and "/src/" not in at:
                failures.append(f"{project}: SARIF result at {at}, expected the code file")
            if len(changes) != 1 or not changes[0]["artifactLocation"]["uri"].endswith(role_file) or changes[0]["artifactLocation"]["uri"] == at:
                failures.append(f"{project}: SARIF artifactChanges {changes}, expected one change to {role_file}")

        everything_before = findings(target, select="all")
        files = [p for p in root.rglob("*") if p.is_file()]
        original = {p: p.read_bytes() for p in files}
        check(target, "--fix")  # the fix is unsafe: nothing is written without --unsafe-fixes
        if any(p.read_bytes() != original[p] for p in files):
            failures.append(f"{project}: --fix without --unsafe-fixes wrote a file")
        check(target, "--fix", "--unsafe-fixes")
        changed = sorted(str(p.relative_to(root)) for p in files if p.read_bytes() != original[p])
        if changed != [role_file]:
            failures.append(f"{project}: --fix --unsafe-fixes changed {changed}, expected only {role_file}")
        after = findings(target, select="all")
        fixed = {f["fingerprint"] for f in fixable}
        left = [f["message"] for f in after if f["fingerprint"] in fixed]
        if left:
            failures.append(f"{project}: still reported after the fix: {left}")
        new = [f"{f['rule']} {f['message']}" for f in after if f["fingerprint"] not in {g["fingerprint"] for g in everything_before}]
        if new:
            failures.append(f"{project}: new findings after the fix: {new}")
        if any(f["rule"] == "LL308" and f["fix"] and f["fix"]["applicability"] == "display_only" for f in before) and \
                len([f for f in after if f["rule"] == "LL308"]) != display_count:
            failures.append(f"{project}: the display-only fixes should leave their findings")

for failure in failures:
    print("FAIL", failure)
print(f"{len(PROJECTS)} projects checked")
sys.exit(1 if failures else 0)
