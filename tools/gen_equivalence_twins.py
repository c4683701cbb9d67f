#!/usr/bin/env python3
"""Writes the derived twins of the cross-format equivalence fixtures (docs/contributing.md).

For every scenario directory under fixtures/equivalence/:

  template.yaml  ->  template.json        the same template with long-form intrinsics
  hcl/*.tf       ->  tfjson/main.tf.json  the same module in Terraform's JSON syntax
  hcl/*.tf       ->  plan.json            what `terraform show -json` prints for a first `apply`

    tools/gen_equivalence_twins.py [--check] [fixtures/equivalence]

--check writes nothing and exits 1 when a derived twin differs from what would be generated
(tests/equivalence runs it so that an edited scenario cannot drift from its twins).

The HCL reader understands the subset the scenarios are written in: blocks, attributes, strings
with ${...} templates, numbers, booleans, null, tuples, objects, heredocs, references
(aws_x.name.attr, data.aws_x.name.attr) and function calls (jsonencode). Anything else is kept as
expression text, which is exactly how it reaches a .tf.json file.

The plan written is the subset of Terraform's JSON plan representation (format_version 1.2) that a
first plan of the module contains and lambdalint reads:
  - format_version, terraform_version;
  - prior_state: the aws_iam_policy_document data sources whose arguments are known (Terraform
    reads those while planning), with their json;
  - planned_values.root_module.resources[]: address, mode, type, name, values, where values hold
    what the configuration writes and Terraform knows before apply (literals, references to
    attributes the configuration writes literally, jsonencode and aws_iam_policy_document of known
    values); nested blocks become lists of objects, as the provider schema makes them; and an
    empty sensitive_values;
  - resource_changes[]: the same resources with change.actions ["create"], change.after (the known
    values) and change.after_unknown (true for every value known only after apply: references to
    computed attributes such as arn, and the computed identity attributes of the resource itself),
    before_sensitive false and after_sensitive {};
  - configuration.root_module.resources[]: address, mode, type, name, expressions (constant_value
    for expressions without references, references [...] naming the attribute and the resource
    otherwise; nested blocks as lists of expression objects) and depends_on;
  - variables: {name: {value}} for the input variables with a default (a plan holds the value of
    every variable; a value derived from one is known), and configuration.root_module.variables:
    {name: {default, sensitive}} as written.
Provider defaults are written for the arguments of aws_lambda_function and aws_sqs_queue that have
one (a real plan shows timeout = 3 for an unset timeout); other types get none. It does not write
the provider_name of resources, outputs, output_changes, sensitive values (which a sensitive
variable would mark) or relevant_attributes: lambdalint reads none of them.
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from pathlib import Path

import yaml

# ---------------------------------------------------------------------------------------------
# CloudFormation YAML -> JSON (long-form intrinsics)
# ---------------------------------------------------------------------------------------------

_SHORT_FORMS = {
    "Ref": "Ref", "Condition": "Condition",
    "GetAtt": "Fn::GetAtt", "Sub": "Fn::Sub", "Join": "Fn::Join", "Select": "Fn::Select", "Split": "Fn::Split",
    "If": "Fn::If", "Equals": "Fn::Equals", "Not": "Fn::Not", "And": "Fn::And", "Or": "Fn::Or",
    "FindInMap": "Fn::FindInMap", "GetAZs": "Fn::GetAZs", "ImportValue": "Fn::ImportValue",
    "Base64": "Fn::Base64", "Cidr": "Fn::Cidr", "Transform": "Fn::Transform",
}


class _CfnLoader(yaml.SafeLoader):
    pass


def _short_form(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    name = _SHORT_FORMS[suffix]
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt":
            resource, _, attribute = value.partition(".")
            value = [resource, attribute]
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CfnLoader.add_multi_constructor("!", _short_form)
# Keep scalars as written where YAML 1.1 would reinterpret them (on/off/yes/no are strings to
# CloudFormation) and dates (a Version: 2012-10-17 must stay a string).
for _first, _resolvers in list(_CfnLoader.yaml_implicit_resolvers.items()):
    _CfnLoader.yaml_implicit_resolvers[_first] = [
        (tag, regexp) for tag, regexp in _resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
_CfnLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def cfn_json(yaml_text: str) -> str:
    document = yaml.load(yaml_text, Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# HCL subset reader
# ---------------------------------------------------------------------------------------------


class HclError(Exception):
    pass


class Expr:
    """kind: lit (value), tmpl (parts: str | Expr), list (items), obj (entries: [(key, Expr)]),
    ref (path: [str]), call (name, items), raw (text)."""

    def __init__(self, kind: str, **fields):
        self.kind = kind
        self.__dict__.update(fields)


class Block:
    def __init__(self, type_: str, labels: list[str]):
        self.type = type_
        self.labels = labels
        self.attributes: list[tuple[str, Expr]] = []
        self.blocks: list[Block] = []


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.at = 0

    # -- characters --
    def skip(self, newlines: bool = True) -> None:
        while self.at < len(self.text):
            c = self.text[self.at]
            if c in " \t\r" or (newlines and c == "\n"):
                self.at += 1
            elif c == "#" or self.text.startswith("//", self.at):
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            elif self.text.startswith("/*", self.at):
                end = self.text.find("*/", self.at)
                if end < 0:
                    raise HclError("unterminated comment")
                self.at = end + 2
            else:
                return

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def expect(self, c: str) -> None:
        self.skip()
        if self.peek() != c:
            raise HclError(f"expected {c!r} at offset {self.at}, found {self.text[self.at:self.at + 20]!r}")
        self.at += 1

    def identifier(self) -> str:
        match = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*").match(self.text, self.at)
        if not match:
            raise HclError(f"expected an identifier at offset {self.at}")
        self.at = match.end()
        return match.group(0)

    # -- bodies --
    def body(self, block: Block, closing: str) -> None:
        while True:
            self.skip()
            if self.peek() == closing:
                self.at += 1 if closing else 0
                return
            if not self.peek():
                if closing:
                    raise HclError("unexpected end of file")
                return
            name = self.identifier()
            self.skip(newlines=False)
            if self.peek() == "=":
                self.at += 1
                block.attributes.append((name, self.expression()))
                continue
            labels = []
            while self.peek() != "{":
                if self.peek() == '"':
                    labels.append(self.string_literal())
                else:
                    labels.append(self.identifier())
                self.skip(newlines=False)
            self.at += 1
            child = Block(name, labels)
            self.body(child, "}")
            block.blocks.append(child)

    def string_literal(self) -> str:
        expr = self.string()
        if expr.kind != "lit":
            raise HclError("a block label cannot be a template")
        return expr.value

    # -- expressions --
    def expression(self) -> Expr:
        self.skip(newlines=False)
        start = self.at
        first = self.primary()
        self.skip(newlines=False)
        if self.peek() in ",}])\n" or not self.peek() or self.peek() == "#":
            return first
        # Operators or a conditional: keep the text, as a .tf.json file would.
        depth = 0
        while self.at < len(self.text):
            c = self.peek()
            if c in "([{":
                depth += 1
            elif c in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and c in ",\n":
                break
            self.at += 1
        return Expr("raw", text=self.text[start:self.at].strip())

    def primary(self) -> Expr:
        self.skip(newlines=False)
        c = self.peek()
        if c == '"':
            return self.string()
        if self.text.startswith("<<", self.at):
            return self.heredoc()
        if c == "[":
            self.at += 1
            items = []
            while True:
                self.skip()
                if self.peek() == "]":
                    self.at += 1
                    return Expr("list", items=items)
                items.append(self.expression())
                self.skip()
                if self.peek() == ",":
                    self.at += 1
        if c == "{":
            self.at += 1
            entries = []
            while True:
                self.skip()
                if self.peek() == "}":
                    self.at += 1
                    return Expr("obj", entries=entries)
                key = self.string_literal() if self.peek() == '"' else self.identifier()
                self.skip(newlines=False)
                if self.peek() not in "=:":
                    raise HclError(f"expected = in an object at offset {self.at}")
                self.at += 1
                entries.append((key, self.expression()))
                self.skip(newlines=False)
                if self.peek() == ",":
                    self.at += 1
        number = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?").match(self.text, self.at)
        if number:
            self.at = number.end()
            text = number.group(0)
            return Expr("lit", value=float(text) if any(x in text for x in ".eE") else int(text))
        name = self.identifier()
        if name in ("true", "false"):
            return Expr("lit", value=name == "true")
        if name == "null":
            return Expr("lit", value=None)
        if self.peek() == "(":
            self.at += 1
            items = []
            while True:
                self.skip()
                if self.peek() == ")":
                    self.at += 1
                    return Expr("call", name=name, items=items)
                items.append(self.expression())
                self.skip()
                if self.peek() == ",":
                    self.at += 1
        path = [name]
        while self.peek() in (".", "["):
            if self.peek() == ".":
                self.at += 1
                path.append(self.identifier())
            else:
                end = self.text.index("]", self.at)
                path[-1] += self.text[self.at:end + 1]
                self.at = end + 1
        return Expr("ref", path=path)

    def string(self) -> Expr:
        self.at += 1  # "
        return self.template(quoted=True)

    def template(self, quoted: bool) -> Expr:
        """A quoted string (escapes, up to the closing quote) or a heredoc's whole text (no
        escapes), with its ${...} interpolations."""
        parts: list = []
        literal = []
        while True:
            if self.at >= len(self.text):
                if quoted:
                    raise HclError("unterminated string")
                break
            c = self.text[self.at]
            if quoted and c == '"':
                self.at += 1
                break
            if quoted and c == "\\":
                escape = self.text[self.at + 1]
                literal.append({"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}.get(escape, "\\" + escape))
                self.at += 2
                continue
            if self.text.startswith("$${", self.at):
                literal.append("${")
                self.at += 3
                continue
            if self.text.startswith("${", self.at):
                if literal:
                    parts.append("".join(literal))
                    literal = []
                self.at += 2
                parts.append(self.expression())
                self.expect("}")
                continue
            literal.append(c)
            self.at += 1
        if literal:
            parts.append("".join(literal))
        if all(isinstance(p, str) for p in parts):
            return Expr("lit", value="".join(parts))
        return Expr("tmpl", parts=parts)

    def heredoc(self) -> Expr:
        match = re.compile(r"<<(-?)([A-Za-z_]+)\n").match(self.text, self.at)
        if not match:
            raise HclError("malformed heredoc")
        end = re.compile(r"^[ \t]*" + match.group(2) + r"$", re.M).search(self.text, match.end())
        if not end:
            raise HclError("unterminated heredoc")
        content = self.text[match.end():end.start()]
        self.at = end.end()
        if match.group(1):
            lines = content.split("\n")
            indent = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
            content = "\n".join(l[indent:] for l in lines)
        return _Reader(content).template(quoted=False)


def parse_hcl(text: str) -> Block:
    root = Block("", [])
    _Reader(text).body(root, "")
    return root


# ---------------------------------------------------------------------------------------------
# HCL -> .tf.json
# ---------------------------------------------------------------------------------------------


def render(expr: Expr) -> str:
    """HCL expression text of expr on one line (inside a .tf.json "${...}")."""
    if expr.kind == "lit":
        return json.dumps(expr.value)
    if expr.kind == "tmpl":
        return json.dumps(_template_text(expr))
    if expr.kind == "list":
        return "[" + ", ".join(render(item) for item in expr.items) + "]"
    if expr.kind == "obj":
        return "{" + ", ".join(f"{json.dumps(k)} = {render(v)}" for k, v in expr.entries) + "}"
    if expr.kind == "ref":
        return ".".join(expr.path)
    if expr.kind == "call":
        return f"{expr.name}(" + ", ".join(render(item) for item in expr.items) + ")"
    return expr.text


def _template_text(expr: Expr) -> str:
    return "".join(p.replace("${", "$${") if isinstance(p, str) else "${" + render(p) + "}" for p in expr.parts)


def tf_json_value(expr: Expr):
    if expr.kind == "lit":
        return expr.value.replace("${", "$${") if isinstance(expr.value, str) else expr.value
    if expr.kind == "tmpl":
        return _template_text(expr)
    if expr.kind == "list":
        return [tf_json_value(item) for item in expr.items]
    if expr.kind == "obj":
        return {k: tf_json_value(v) for k, v in expr.entries}
    return "${" + render(expr) + "}"


def tf_json_body(block: Block) -> dict:
    body: dict = {}
    for name, expr in block.attributes:
        if name == "depends_on" and expr.kind == "list":
            body[name] = [render(item) for item in expr.items]
        else:
            body[name] = tf_json_value(expr)
    for child in block.blocks:
        body.setdefault(child.type, []).append(tf_json_body(child))
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 and k in _block_types(block) else v) for k, v in body.items()}


def _block_types(block: Block) -> set[str]:
    return {child.type for child in block.blocks}


def tf_json(root: Block) -> str:
    out: dict = {}
    for block in root.blocks:
        if block.type in ("resource", "data") and len(block.labels) == 2:
            out.setdefault(block.type, {}).setdefault(block.labels[0], {})[block.labels[1]] = tf_json_body(block)
        elif len(block.labels) == 1:
            out.setdefault(block.type, {})[block.labels[0]] = tf_json_body(block)
        else:
            out.setdefault(block.type, []).append(tf_json_body(block))
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# HCL -> terraform show -json (first plan)
# ---------------------------------------------------------------------------------------------

UNKNOWN = object()

# Attributes the AWS provider computes (known only after apply) for the resource types the
# scenarios use, as its documentation lists them ("Attribute Reference"); id for every type.
_COMPUTED = {"id"}
_COMPUTED_BY_TYPE = {
    "aws_api_gateway_rest_api": {"arn", "execution_arn", "root_resource_id", "created_date"},
    "aws_apigatewayv2_api": {"arn", "execution_arn", "api_endpoint"},
    "aws_apigatewayv2_integration": {"integration_response_selection_expression"},
    "aws_iam_role": {"arn", "unique_id", "create_date"},
    "aws_kinesis_stream": {"arn"},
    "aws_kms_key": {"arn", "key_id"},
    "aws_lambda_alias": {"arn", "invoke_arn"},
    "aws_lambda_event_source_mapping": {"uuid", "function_arn", "last_modified", "state"},
    "aws_lambda_function": {"arn", "invoke_arn", "qualified_arn", "qualified_invoke_arn", "version", "last_modified"},
    "aws_lambda_function_url": {"function_arn", "function_url", "url_id"},
    "aws_s3_bucket": {"arn", "bucket_domain_name", "bucket_regional_domain_name"},
    "aws_sfn_state_machine": {"arn", "creation_date", "status"},
    "aws_sns_topic": {"arn", "owner"},
    "aws_sns_topic_subscription": {"arn", "owner_id"},
    "aws_sqs_queue": {"arn", "url"},
    "aws_dynamodb_table": {"arn", "stream_arn", "stream_label"},
}
# Values the AWS provider's schema gives an argument the configuration leaves unset ("Default"
# in its documentation): a plan shows them as if they were written.
_DEFAULTS = {
    "aws_lambda_function": {"memory_size": 128, "timeout": 3, "reserved_concurrent_executions": -1, "publish": False,
                            "package_type": "Zip"},
    "aws_sqs_queue": {"visibility_timeout_seconds": 30, "message_retention_seconds": 345600, "max_message_size": 262144,
                      "delay_seconds": 0, "receive_wait_time_seconds": 0, "fifo_queue": False},
}
_DOCUMENT_KEYS = {"sid": "Sid", "effect": "Effect", "actions": "Action", "not_actions": "NotAction",
                  "resources": "Resource", "not_resources": "NotResource"}


class _Plan:
    def __init__(self, root: Block):
        self.root = root
        self.resources = [b for b in root.blocks if b.type == "resource" and len(b.labels) == 2]
        self.data = {f"data.{b.labels[0]}.{b.labels[1]}": b for b in root.blocks if b.type == "data" and len(b.labels) == 2}
        self.by_address = {f"{b.labels[0]}.{b.labels[1]}": b for b in self.resources}
        self.variables = {b.labels[0]: b for b in root.blocks if b.type == "variable" and len(b.labels) == 1}

    # -- evaluation --
    def value(self, expr: Expr, depth: int = 0):
        if depth > 20:
            return UNKNOWN
        if expr.kind == "lit":
            return expr.value
        if expr.kind == "tmpl":
            pieces = []
            for part in expr.parts:
                piece = part if isinstance(part, str) else self.value(part, depth + 1)
                if piece is UNKNOWN or isinstance(piece, (dict, list)):
                    return UNKNOWN
                pieces.append(_scalar_text(piece))
            return "".join(pieces)
        if expr.kind == "list":
            return [self.value(item, depth + 1) for item in expr.items]
        if expr.kind == "obj":
            return {k: self.value(v, depth + 1) for k, v in expr.entries}
        if expr.kind == "ref":
            return self.reference(expr.path, depth)
        if expr.kind == "call" and expr.name == "jsonencode" and len(expr.items) == 1:
            inner = self.value(expr.items[0], depth + 1)
            return UNKNOWN if _has_unknown(inner) else json.dumps(_sorted(inner), separators=(",", ":"))
        return UNKNOWN

    def variable(self, name: str, depth: int):
        """The value of an input variable: its default (no tfvars are read), else unknown."""
        block = self.variables.get(name)
        default = next((e for n, e in block.attributes if n == "default"), None) if block is not None else None
        return UNKNOWN if default is None else self.value(default, depth + 1)

    def reference(self, path: list[str], depth: int):
        if path[0] == "var" and len(path) >= 2:
            found = self.variable(path[1], depth)
            for key in path[2:]:
                found = found.get(key, UNKNOWN) if isinstance(found, dict) else UNKNOWN
            return found
        if path[0] == "data" and len(path) >= 4 and path[1] == "aws_iam_policy_document" and path[3] == "json":
            block = self.data.get(".".join(path[:3]))
            return UNKNOWN if block is None else self.policy_document(block, depth)
        if len(path) >= 3 and path[0].startswith("aws_"):
            block = self.by_address.get(f"{path[0]}.{path[1]}")
            if block is None:
                return UNKNOWN
            for name, expr in block.attributes:
                if name == path[2]:
                    found = self.value(expr, depth + 1)
                    for key in path[3:]:
                        found = found.get(key, UNKNOWN) if isinstance(found, dict) else UNKNOWN
                    return found
        return UNKNOWN

    def policy_document(self, block: Block, depth: int):
        statements = []
        for statement in (b for b in block.blocks if b.type == "statement"):
            out = {}
            for name, expr in statement.attributes:
                value = self.value(expr, depth + 1)
                if value is UNKNOWN or _has_unknown(value):
                    return UNKNOWN
                if name in _DOCUMENT_KEYS:
                    out[_DOCUMENT_KEYS[name]] = value[0] if isinstance(value, list) and len(value) == 1 else value
            out.setdefault("Effect", "Allow")
            for child in statement.blocks:
                fields = {n: self.value(e, depth + 1) for n, e in child.attributes}
                if any(v is UNKNOWN or _has_unknown(v) for v in fields.values()):
                    return UNKNOWN
                identifiers = fields.get("identifiers", [])
                identifiers = identifiers[0] if len(identifiers) == 1 else identifiers
                if child.type in ("principals", "not_principals"):
                    key = "Principal" if child.type == "principals" else "NotPrincipal"
                    out.setdefault(key, {})[fields.get("type")] = identifiers
                elif child.type == "condition":
                    values = fields.get("values", [])
                    out.setdefault("Condition", {}).setdefault(fields.get("test"), {})[fields.get("variable")] = (
                        values[0] if len(values) == 1 else values)
            statements.append(out)
        return json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)

    # -- values of one resource --
    def block_values(self, block: Block, nested: bool):
        after: dict = {}
        unknown: dict = {}
        for name, expr in block.attributes:
            if name in ("depends_on", "count", "for_each", "provider", "lifecycle"):
                continue
            value = self.value(expr)
            known, unknown_mask = _split(value)
            if known is not None:
                after[name] = known
            if unknown_mask is not False:
                unknown[name] = unknown_mask
        for child in block.blocks:
            if child.type in ("lifecycle", "timeouts"):
                continue
            child_after, child_unknown = self.block_values(child, True)
            after.setdefault(child.type, []).append(child_after)
            unknown.setdefault(child.type, []).append(child_unknown)
        if not nested:
            for name, default in _DEFAULTS.get(block.labels[0], {}).items():
                if name not in after and name not in unknown:
                    after[name] = default
            for name in sorted(_COMPUTED | _COMPUTED_BY_TYPE.get(block.labels[0], set())):
                if name not in after:
                    unknown[name] = True
        for name, items in list(unknown.items()):
            if isinstance(items, list) and all(item in ({}, False) for item in items):
                del unknown[name]
        return after, unknown

    def expressions(self, block: Block) -> dict:
        out: dict = {}
        for name, expr in block.attributes:
            if name in ("depends_on", "count", "for_each", "provider", "lifecycle"):
                continue
            references = _references(expr)
            if references:
                out[name] = {"references": references}
            else:
                value = self.value(expr)
                out[name] = {"constant_value": value} if not _has_unknown(value) else {}
        for child in block.blocks:
            out.setdefault(child.type, []).append(self.expressions(child))
        return out

    def document(self) -> str:
        resources = []
        changes = []
        configuration = []
        for block in self.resources:
            type_, name = block.labels
            address = f"{type_}.{name}"
            after, unknown = self.block_values(block, False)
            resources.append({"address": address, "mode": "managed", "type": type_, "name": name, "schema_version": 0,
                              "values": after, "sensitive_values": {}})
            changes.append({"address": address, "mode": "managed", "type": type_, "name": name,
                            "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": unknown,
                                       "before_sensitive": False, "after_sensitive": {}}})
            entry = {"address": address, "mode": "managed", "type": type_, "name": name, "provider_config_key": "aws",
                     "expressions": self.expressions(block), "schema_version": 0}
            depends_on = next((e for n, e in block.attributes if n == "depends_on"), None)
            if depends_on is not None and depends_on.kind == "list":
                entry["depends_on"] = [render(item) for item in depends_on.items]
            configuration.append(entry)
        read = []  # data sources Terraform reads while planning: those whose arguments are all known
        for address, block in self.data.items():
            _, type_, name = address.split(".")
            if type_ == "aws_iam_policy_document":
                document = self.policy_document(block, 0)
                if document is not UNKNOWN:
                    read.append({"address": address, "mode": "data", "type": type_, "name": name, "schema_version": 0,
                                 "values": {"id": str(zlib.crc32(document.encode())), "json": document}, "sensitive_values": {}})
            configuration.append({"address": address, "mode": "data", "type": type_, "name": name,
                                  "provider_config_key": "aws", "expressions": self.expressions(block), "schema_version": 0})
        values = {}
        declared = {}
        for name, block in self.variables.items():
            value = self.variable(name, 0)
            declaration = {}
            if not _has_unknown(value):
                values[name] = {"value": value}
                declaration["default"] = value
            sensitive = next((e for n, e in block.attributes if n == "sensitive"), None)
            if sensitive is not None and self.value(sensitive) is True:
                declaration["sensitive"] = True
            declared[name] = declaration
        plan = {
            "format_version": "1.2",
            "terraform_version": "1.9.8",
            **({"variables": values} if values else {}),
            "planned_values": {"root_module": {"resources": resources}},
            "resource_changes": changes,
            "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": read} if read else {}}},
            "configuration": {"provider_config": {"aws": {"name": "aws", "full_name": "hashicorp/aws"}},
                              "root_module": {"resources": configuration, **({"variables": declared} if declared else {})}},
        }
        return json.dumps(plan, indent=2, ensure_ascii=False) + "\n"


def _scalar_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _has_unknown(value) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def _split(value):
    """(known part or None, after_unknown mask or False) of a value, as Terraform writes them."""
    if value is UNKNOWN:
        return None, True
    if isinstance(value, dict):
        known, mask = {}, {}
        for k, v in value.items():
            kv, km = _split(v)
            if kv is not None:
                known[k] = kv
            if km is not False:
                mask[k] = km
        return known, (mask if mask else False)
    if isinstance(value, list):
        known, mask = [], []
        for v in value:
            kv, km = _split(v)
            known.append(kv)
            mask.append(km)
        return known, (mask if any(m is not False for m in mask) else False)
    return value, False


def _references(expr: Expr) -> list[str]:
    out: list[str] = []

    def walk(e):
        if isinstance(e, str):
            return
        if e.kind == "ref":
            if e.path[0] in ("data", "module") and len(e.path) >= 3:
                base = ".".join(e.path[:3]) if e.path[0] == "data" else ".".join(e.path[:2])
            elif len(e.path) >= 2 and e.path[0] not in ("var", "local", "each", "count"):
                base = ".".join(e.path[:2])
            else:
                base = ".".join(e.path[:2])
            full = ".".join(e.path)
            for item in (full, base) if full != base else (full,):
                if item not in out:
                    out.append(item)
        for attr in ("parts", "items"):
            for child in getattr(e, attr, []):
                walk(child)
        for _, child in getattr(e, "entries", []):
            walk(child)
        if e.kind == "raw":
            for match in re.finditer(r"\b((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)(\.[A-Za-z0-9_]+)?", e.text):
                for item in (match.group(0), match.group(1)):
                    if item not in out:
                        out.append(item)

    walk(expr)
    return out


def plan_json(root: Block) -> str:
    return _Plan(root).document()


# ---------------------------------------------------------------------------------------------


def derived_twins(scenario: Path) -> dict[Path, str]:
    """The twins to derive: all but those expect.yaml lists as `not_derived`: a twin written by hand
    because it cannot be derived (of a file that does not parse, or whose duplicate keys a reader
    would merge), or one that is absent because tests/equivalence/exclusions.yaml excludes it."""
    expect = scenario / "expect.yaml"
    not_derived = set((yaml.safe_load(expect.read_text()) or {}).get("not_derived") or []) if expect.is_file() else set()
    out: dict[Path, str] = {}
    if (scenario / "template.yaml").is_file() and "json" not in not_derived:
        out[scenario / "template.json"] = cfn_json((scenario / "template.yaml").read_text())
    if (scenario / "hcl" / "main.tf").is_file() and not {"tfjson", "plan"} <= not_derived:
        # The module's .tf files as one body, as Terraform reads a directory.
        root = parse_hcl("\n".join(path.read_text() for path in sorted((scenario / "hcl").glob("*.tf"))))
        if "tfjson" not in not_derived:
            out[scenario / "tfjson" / "main.tf.json"] = tf_json(root)
        if "plan" not in not_derived:
            out[scenario / "plan.json"] = plan_json(root)
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    base = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "fixtures" / "equivalence"
    stale = []
    for scenario in sorted(p for p in base.iterdir() if p.is_dir()):
        try:
            twins = derived_twins(scenario)
        except (HclError, yaml.YAMLError) as error:
            print(f"{scenario}: {error}", file=sys.stderr)
            return 2
        for path, text in twins.items():
            current = path.read_text() if path.is_file() else None
            if current == text:
                continue
            if check:
                stale.append(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
                print(f"wrote {path}")
    for path in stale:
        print(f"{path}: out of date (run tools/gen_equivalence_twins.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
