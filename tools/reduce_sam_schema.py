#!/usr/bin/env python3
"""Reduces SAM's JSON schema (sam.schema.json, aws/serverless-application-model) to what LL004
needs: the structure (types, properties, definitions, $ref, anyOf/allOf, items, enum,
additionalProperties, required, SAM's __samPassThrough targets), without the documentation text
that makes up most of the file. tools/gen_data --sam compiles the result (data/sam/).

    tools/reduce_sam_schema.py ../shared/reference/sam.schema.json data/sam/sam-structure.json
"""

import json
import sys

# Schema keywords that only document: nothing LL004 decides depends on them.
DOCUMENTATION = {"description", "markdownDescription", "title", "examples"}
# Keywords whose value maps names (of properties or definitions) to schemas: every name is kept.
NAME_MAPS = {"properties", "definitions", "patternProperties"}


def reduce(schema):
    if isinstance(schema, list):
        return [reduce(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in DOCUMENTATION:
            continue
        if key in NAME_MAPS and isinstance(value, dict):
            out[key] = {name: reduce(sub) for name, sub in value.items()}
        elif key == "__samPassThrough" and isinstance(value, dict):
            out[key] = {k: v for k, v in value.items() if k not in {"markdownDescriptionOverride"}}
        else:
            out[key] = reduce(value)
    return out


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        schema = json.load(f)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(reduce(schema), f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
