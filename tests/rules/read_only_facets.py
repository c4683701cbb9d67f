#!/usr/bin/env python3
"""Rules read facets only (docs/architecture.md, "The model"): no file under rules/ names a
resource type, branches on the input format, reads a raw property or parses an ARN. The frontends
(analyzer/) turn each input into facets with meaning; a rule that reads CloudFormation's property
names silently becomes CloudFormation-only.

Usage: read_only_facets.py <source dir>. Prints every violation as file:line: what, and exits 1.
"""
import re
import sys
from pathlib import Path

CHECKS = [
    (re.compile(r'AWS::[A-Za-z0-9]+::[A-Za-z]'), "a CloudFormation resource type name"),
    (re.compile(r'"Custom::'), "a CloudFormation custom resource type name"),
    (re.compile(r'"aws_[a-z0-9_]+"'), "a Terraform resource type name"),
    (re.compile(r'\bSourceFormat\b'), "the input format"),
    (re.compile(r'\bmodel\.format\b|\.format\s*==\s*'), "the input format"),
    (re.compile(r'(\.|->)property\('), "a raw resource property"),
    (re.compile(r'(\.|->)properties\b'), "the raw property map"),
    (re.compile(r'(\.|->)get\("[^"]*"\)'), "a raw key of a written map"),
    (re.compile(r'get_path\([^)]*\{\s*"'), "a raw property path"),
    (re.compile(r'"arn:'), "ARN text"),
    (re.compile(r'find\(":|starts_with\("arn'), "ARN parsing"),
]

# Narrow exceptions, each with the reason it is not a rule reading the input's shape.
EXCEPTIONS = {
    # LL004 checks resource properties against the CloudFormation resource specification: reading
    # the written properties and type names of a template is what the rule is (it runs only on
    # units written in template syntax, Model::template_syntax()).
    "rules/health/unknown_property.cpp": {"a CloudFormation resource type name", "a CloudFormation custom resource type name",
                                          "the raw property map", "a raw resource property"},
    # LL006 checks that the properties a resource type requires are written: the required properties
    # of the CloudFormation resource specification (template syntax) and a table of the AWS
    # provider's required arguments (Terraform), keyed by the model's type names. Reading which
    # keys are written is what the rule is.
    # Its SAM half reads which keys a SAM resource and its event entries (chosen by their written
    # Type) write, for the same reason.
    "rules/health/missing_required_property.cpp": {"a CloudFormation resource type name", "a CloudFormation custom resource type name",
                                                   "a Terraform resource type name", "the raw property map", "a raw resource property",
                                                   "a raw key of a written map"},
    # LL502 names the parameter type AWS::EC2::Subnet::Id (one subnet, unlike its List<> type): a
    # parameter type, not a resource type.
    "rules/vpc/single_subnet.cpp": {"a CloudFormation resource type name"},
    # LL004's SAM half: the written properties of AWS::Serverless::* resources and their event
    # entries (chosen by their written Type) against SAM's own schema, for the same reason.
    "rules/common/sam_properties.cpp": {"the raw property map", "a raw key of a written map"},
    # Fix rendering: the edits write CloudFormation template text (a new AWS::Lambda::Permission
    # and its properties, Sub strings with pseudo parameters) and read the file's own layout, only
    # for units in template syntax.
    "rules/common/template_edits.cpp": {"a CloudFormation resource type name", "ARN text", "ARN parsing", "the raw property map"},
    # A value that starts like an ARN, a URL or a path is a name, not a leaked secret: a heuristic
    # on environment variable values, not a reading of the ARN.
    "rules/kms/secret_in_environment.cpp": {"ARN text"},
    # IAM policy grammar, the same in every format (frontends give Terraform documents the JSON
    # policy language's keys): Statement, Principal's AWS and Service.
    "rules/common/iam_rule_helpers.cpp": {"a raw key of a written map", "a raw property path"},
    # Fix rendering, like template_edits: the grant is written in the format of the file that
    # declares the role (a role's or a SAM function's Policies, a Terraform aws_iam_role_policy
    # block after the aws_iam_role, never beside inline_policy blocks), so it reads which of
    # those properties are written and the file's own layout.
    "rules/common/policy_edits.cpp": {"a raw key of a written map", "a raw property path", "the input format", "a raw resource property",
                                      "the raw property map"},
    "rules/iam/open_trust_policy.cpp": {"a raw key of a written map"},
}
IAM_GRAMMAR_KEYS = ('"Statement"', '"Service"', '"AWS"')


def strip_comments(line: str) -> str:
    # Comments cite AWS documentation with type names and ARNs; only code counts.
    index = line.find("//")
    return line if index < 0 else line[:index]


def main() -> int:
    root = Path(sys.argv[1])
    problems = []
    files = sorted(p for p in (root / "rules").rglob("*") if p.suffix in (".cpp", ".h", ".in"))
    for path in files:
        relative = path.relative_to(root).as_posix()
        allowed = EXCEPTIONS.get(relative, set())
        in_explanation = False
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # Rule explanations (R"md(...)md") are documentation with examples in every format.
            if 'R"md(' in raw:
                in_explanation = ')md"' not in raw
                continue
            if in_explanation:
                in_explanation = ')md"' not in raw
                continue
            line = strip_comments(raw)
            for pattern, what in CHECKS:
                if not pattern.search(line) or what in allowed:
                    continue
                if what in ("a raw key of a written map", "a raw property path") and relative in EXCEPTIONS and any(
                        key in line for key in IAM_GRAMMAR_KEYS):
                    continue
                problems.append(f"{relative}:{number}: {what}: {raw.strip()}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} place(s) where a rule reads the input instead of the model's facets")
        return 1
    print(f"{len(files)} rule sources read facets only")
    return 0


if __name__ == "__main__":
    sys.exit(main())
