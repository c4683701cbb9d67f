#!/usr/bin/env python3
"""Cross-format equivalence suite (issue 15, docs/contributing.md "Equivalence twins").

Every rule has one scenario under fixtures/equivalence/<LLnnn-name>/, written once per input format:

  template.yaml      CloudFormation, YAML            (format "yaml")
  template.json      CloudFormation, JSON            (format "json", derived from template.yaml)
  sam.yaml           SAM                             (format "sam")
  hcl/main.tf        Terraform module                (format "hcl")
  tfjson/main.tf.json  the module as .tf.json        (format "tfjson", derived from hcl/main.tf)
  plan.json          `terraform show -json` of a first plan (format "plan", derived from hcl/main.tf)
  serverless/serverless.yml  Serverless Framework (format "serverless"; its names come from the
                     framework: function `fn` is FnLambdaFunction, the shared role
                     IamRoleLambdaExecution, so expect.yaml maps them with written_as)
  expect.yaml        rule: LLnnn; findings: ["LLnnn Logical", ...]; optionally
                     anchors: {"LLnnn Logical": text}: in every format, the text at the primary
                     range of one LLnnn finding (in the file it names) contains `text` (or
                     {default: text, FORMAT: text} where one format writes the value otherwise);
                     written_as: {FORMAT: {Logical: Other}}: in FORMAT the resource is generated
                     from another one the user wrote, and findings belong to that (SAM's FnRole,
                     generated from the Policies of the function Fn), or is named by the
                     framework that generates it (Serverless: {Fn: FnLambdaFunction})

Each input is checked by the binary on its own (`check --format json`, every rule enabled that the
scenario names) and its findings reduced to {rule id, logical resource}: a CloudFormation logical id
as it is, a Terraform address without its type (aws_lambda_function.Fn -> Fn). Every format must
give exactly expect.yaml's set, except:
  - exclusions.yaml: rule x format pairs whose construct cannot exist in that format (with why);
  - divergences.yaml: differences known today (missing / extra findings, with the suspected
    cause). A listed divergence that no longer occurs fails the suite too, so the list shrinks as
    front ends and rules are fixed: delete the entry when it does.
A divergence entry may also list `misplaced` items: anchored findings whose range, today, does
not hold their text (a wrong file or offset). A scenario without a twin for a format that is not
excluded fails. The derived twins must be what
tools/gen_equivalence_twins.py generates.

    run_equivalence.py LAMBDALINT REPO_ROOT [SCENARIO_SUBSTRING]
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

FORMATS = {
    "yaml": "template.yaml",
    "json": "template.json",
    "sam": "sam.yaml",
    "hcl": "hcl",
    "tfjson": "tfjson",
    "plan": "plan.json",
    "serverless": "serverless/serverless.yml",
}


def logical(resource: str) -> str:
    """aws_lambda_function.Fn -> Fn; module.m.aws_x.Fn -> Fn; Fn -> Fn; Fn[0] -> Fn."""
    name = resource.split("[", 1)[0]
    return name.rsplit(".", 1)[-1] if "." in name else name


def run(binary: str, path: Path, enable: list[str]) -> tuple[dict[str, list[str]] | None, str]:
    """{"RULE Logical": [text at each such finding's primary range]} of one input."""
    command = [binary, "check", "--format", "json", "--no-progress", "--exit-zero"]
    if enable:
        command += ["--enable", ",".join(enable)]
    command.append(str(path))
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        return None, f"exit {result.returncode}: {result.stderr.strip()[:500]}"
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        return None, f"output is not JSON ({error})"
    found = {}
    for finding in report.get("findings", []):
        resource = finding.get("resource") or ""
        item = f"{finding['rule']} {logical(resource)}".strip()
        found.setdefault(item, []).append(located_text(finding))
    return found, ""


def located_text(finding: dict) -> str:
    """The text of the file the finding names, at its primary range ("" when there is none)."""
    file = finding.get("file")
    path = file.get("path") if isinstance(file, dict) else file
    span = finding.get("range") or {}
    try:
        data = Path(path).read_bytes()
        return data[span["start"]["offset"]:span["end"]["offset"]].decode("utf-8", "replace")
    except (OSError, KeyError, TypeError):
        return ""


def load_list(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text()) or []
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a list")
    return data


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary, root = argv[0], Path(argv[1])
    only = argv[2] if len(argv) > 2 else ""
    base = root / "fixtures" / "equivalence"
    here = Path(__file__).resolve().parent
    failures: list[str] = []

    # The derived twins are what the generator writes.
    generator = subprocess.run([sys.executable, str(root / "tools" / "gen_equivalence_twins.py"), "--check", str(base)],
                               capture_output=True, text=True)
    if generator.returncode != 0:
        failures.append("derived twins out of date:\n" + generator.stderr.strip())

    exclusions = {}
    for entry in load_list(here / "exclusions.yaml"):
        for fmt in entry["formats"]:
            if fmt not in FORMATS:
                failures.append(f"exclusions.yaml: unknown format {fmt!r} for {entry['rule']}")
            exclusions[(entry["rule"], fmt)] = entry["reason"]
    divergences = {}
    systemic = []  # (entry, formats, rules, rules seen unattributed)
    for entry in load_list(here / "divergences.yaml"):
        if not entry.get("cause") or not entry.get("what"):
            failures.append(f"divergences.yaml: an entry without what/cause: {entry}")
        if entry.get("unattributed"):
            systemic.append((entry, set(entry["formats"]), set(entry["unattributed"]), set()))
            continue
        key = (entry["scenario"], entry["format"])
        if key in divergences:
            failures.append(f"divergences.yaml: {key} listed twice")
        divergences[key] = entry

    rules = subprocess.run([binary, "rules"], capture_output=True, text=True, check=True).stdout
    rule_ids = sorted({word for line in rules.splitlines() for word in line.split()[:1] if word.startswith("LL")})
    if not rule_ids:
        failures.append("`lambdalint rules` listed no rule ids (has its output changed?)")
    scenarios = sorted(p for p in base.iterdir() if p.is_dir())
    covered = {}
    for scenario in scenarios:
        expect_path = scenario / "expect.yaml"
        if not expect_path.is_file():
            failures.append(f"{scenario.name}: no expect.yaml")
            continue
        expect = yaml.safe_load(expect_path.read_text())
        covered.setdefault(expect["rule"], []).append(scenario.name)
    for rule in rule_ids:
        if rule not in covered:
            failures.append(f"{rule}: no scenario under fixtures/equivalence/")
    for key in divergences:
        if not (base / key[0]).is_dir():
            failures.append(f"divergences.yaml: no scenario {key[0]}")

    jobs = []
    for scenario in scenarios:
        if only and only not in scenario.name or not (scenario / "expect.yaml").is_file():
            continue
        expect = yaml.safe_load((scenario / "expect.yaml").read_text())
        rule = expect["rule"]
        expected = set(expect.get("findings") or [])
        if not any(item.split()[0] == rule for item in expected):
            failures.append(f"{scenario.name}: expect.yaml has no {rule} finding")
        enable = sorted({item.split()[0] for item in expected} | {rule} | set(expect.get("enable") or []))
        for fmt, name in FORMATS.items():
            path = scenario / name
            excluded = (rule, fmt) in exclusions
            if not path.exists():
                if not excluded:
                    failures.append(f"{scenario.name}: no {fmt} twin ({name}) and no exclusion for {rule} x {fmt}")
                continue
            if excluded:
                failures.append(f"{scenario.name}: {fmt} twin exists although {rule} x {fmt} is excluded")
                continue
            renames = (expect.get("written_as") or {}).get(fmt) or {}
            written = {" ".join([item.split()[0]] + [renames.get(word, word) for word in item.split()[1:]]) for item in expected}
            anchors = {" ".join([item.split()[0]] + [renames.get(word, word) for word in item.split()[1:]]):
                       text.get(fmt, text["default"]) if isinstance(text, dict) else text
                       for item, text in (expect.get("anchors") or {}).items()}
            jobs.append((scenario, fmt, path, enable, written, anchors))

    checked = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: run(binary, job[2], job[3]), jobs))
    for (scenario, fmt, path, _, expected, anchors), (located, error) in zip(jobs, results):
        checked += 1
        if located is None:
            failures.append(f"{scenario.name} [{fmt}]: {error}")
            continue
        found = set(located)
        # Positions name the right file: the text at each anchored finding's range holds the anchor.
        # (Matched by rule id: a misplaced finding may also have lost its resource.)
        # A missing finding is reported as missing, not as misplaced.
        misplaced = sorted(item for item, anchor in anchors.items()
                           if item in found or item.split()[0] in found
                           if not any(anchor in text for key, texts in located.items()
                                      if key.split()[0] == item.split()[0] for text in texts))
        listed = divergences.get((scenario.name, fmt), {}).get("misplaced") or []
        if misplaced != sorted(listed):
            failures.append(f"{scenario.name} [{fmt}]: findings whose range does not hold their anchor text: now {misplaced}, "
                            f"listed {sorted(listed)} in tests/equivalence/divergences.yaml")
        for entry, formats, rules, occurred in systemic:
            if fmt in formats:
                # Findings of these rules carry no resource in this format: compare rule ids only.
                occurred.update(item for item in found if item in rules)
                expected = {item.split()[0] if item.split()[0] in rules else item for item in expected}
                found = {item.split()[0] if item.split()[0] in rules else item for item in found}
        missing = sorted(expected - found)
        extra = sorted(found - expected)
        known = divergences.pop((scenario.name, fmt), None)
        if known is not None and not (known.get("missing") or known.get("extra")):
            known = None  # an entry for misplaced findings only
            if missing or extra:
                failures.append(f"{scenario.name} [{fmt}] ({path.relative_to(root)}): missing {missing}, extra {extra}")
            continue
        if known is not None:
            if missing == sorted(known.get("missing") or []) and extra == sorted(known.get("extra") or []):
                continue
            failures.append(f"{scenario.name} [{fmt}]: the known divergence changed: now missing {missing}, extra {extra}; "
                            f"listed missing {known.get('missing') or []}, extra {known.get('extra') or []} "
                            "(update or delete its entry in tests/equivalence/divergences.yaml)")
            continue
        if missing or extra:
            failures.append(f"{scenario.name} [{fmt}] ({path.relative_to(root)}): missing {missing}, extra {extra}")
    if not only:
        for entry, formats, rules, occurred in systemic:
            for rule in sorted(rules - occurred):
                failures.append(f"divergences.yaml: {rule} findings in {sorted(formats)} are no longer unattributed "
                                "anywhere: remove it from the entry")
        for key in divergences:
            failures.append(f"divergences.yaml: {key} was not checked (twin missing or excluded)")

    for failure in failures:
        print("FAIL " + failure)
    print(f"{checked} inputs in {len(scenarios)} scenarios checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
