#!/usr/bin/env python3
"""Deterministic generator of large inputs for `make bench` (docs/performance.md). Written under
/tmp at bench time, never checked in.

  gen_repo.py repo DIR [--templates 10000] [--modules 1000]
      a repository: CloudFormation YAML and JSON, SAM (about 5% with findings), and Terraform
      module directories (3 to 6 .tf files each), spread over team/service folders.
  gen_repo.py template FILE --resources 2000
      one CloudFormation template with that many resources.
  gen_repo.py module DIR --files 500
      one Terraform module of that many .tf files.

Same arguments, same bytes: the generator uses its own seeded random.Random and sorted output.
"""
import argparse
import json
import os
import random

# Runtimes supported well past the bench date, so clean stacks stay clean (LL801).
RUNTIMES = ["python3.12", "python3.13", "java21", "provided.al2023", "nodejs22.x"]


def cfn_stack(rng, index, with_findings):
    """A serverless stack as a dict: queue → function (with role) → log group, sometimes an API."""
    resources = {}
    groups = rng.randint(1, 6)
    for g in range(groups):
        timeout = rng.choice([3, 10, 30, 60, 120])
        visibility = timeout * 6 if not with_findings or g > 0 else max(1, timeout // 2)  # LL402 when too short
        fn = f"Worker{g}"
        resources[f"Queue{g}"] = {"Type": "AWS::SQS::Queue", "Properties": {
            "VisibilityTimeout": visibility,
            "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": [f"DeadLetters{g}", "Arn"]}, "maxReceiveCount": 5}}}
        resources[f"DeadLetters{g}"] = {"Type": "AWS::SQS::Queue", "Properties": {"MessageRetentionPeriod": 1209600}}
        resources[f"Role{g}"] = {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
                },
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                      "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"],
                "Policies": [{
                    "PolicyName": "queue",
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow",
                        "Action": (["sqs:*"] if with_findings and g == 0 else
                                   ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]),
                        "Resource": "*" if with_findings and g == 0 else {"Fn::GetAtt": [f"Queue{g}", "Arn"]},
                    }]},
                }],
            },
        }
        resources[fn] = {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": rng.choice(RUNTIMES),
                "Handler": "app.handler",
                "Role": {"Fn::GetAtt": [f"Role{g}", "Arn"]},
                "Code": {"S3Bucket": "artifacts-123456789012", "S3Key": f"svc{index}/fn{g}.zip"},
                "Timeout": timeout,
                "MemorySize": rng.choice([128, 256, 512, 1024]),
                "TracingConfig": {"Mode": "Active"},
                "KmsKeyArn": {"Ref": "KeyArn"},
                "VpcConfig": {"SubnetIds": {"Ref": "Subnets"}, "SecurityGroupIds": [{"Ref": "SecurityGroup"}]},
                "ReservedConcurrentExecutions": rng.choice([5, 10, 50]),
                "Environment": {"Variables": {"QUEUE_URL": {"Ref": f"Queue{g}"}, "STAGE": {"Ref": "Stage"}}},
            },
        }
        resources[f"Mapping{g}"] = {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {"FunctionName": {"Ref": fn}, "EventSourceArn": {"Fn::GetAtt": [f"Queue{g}", "Arn"]}, "BatchSize": 10},
        }
        resources[f"Logs{g}"] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": {"Fn::Sub": f"/aws/lambda/${{{fn}}}"}, "RetentionInDays": 30},
        }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Generated service {index}",
        "Parameters": {"Stage": {"Type": "String", "Default": "prod", "AllowedValues": ["dev", "prod"]},
                       "KeyArn": {"Type": "String"},
                       "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
                       "SecurityGroup": {"Type": "AWS::EC2::SecurityGroup::Id"}},
        "Resources": resources,
        "Outputs": {"FirstQueue": {"Value": {"Ref": "Queue0"}}},
    }


def sam_stack(rng, index, with_findings):
    functions = {}
    for g in range(rng.randint(1, 5)):
        timeout = rng.choice([3, 10, 20])  # within API Gateway's 29 s
        events = {"Api": {"Type": "Api", "Properties": {"Path": f"/items/{g}", "Method": "get"}}}
        if with_findings and g == 0:
            timeout = 60  # LL401: longer than API Gateway's 29 s integration timeout
        functions[f"Fn{g}"] = {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "CodeUri": f"src/fn{g}/",
                "Timeout": timeout,
                "ReservedConcurrentExecutions": rng.choice([5, 10, 20]),
                "Events": events,
                "Policies": [{"DynamoDBReadPolicy": {"TableName": {"Ref": "Table"}}}],
            },
        }
        functions[f"Fn{g}Logs"] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": {"Fn::Sub": f"/aws/lambda/${{Fn{g}}}"}, "RetentionInDays": 90},
        }
    functions["Table"] = {"Type": "AWS::Serverless::SimpleTable"}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Parameters": {"KeyArn": {"Type": "String"}, "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
                       "SecurityGroup": {"Type": "AWS::EC2::SecurityGroup::Id"}},
        "Globals": {"Function": {"Runtime": rng.choice(RUNTIMES), "Handler": "app.handler", "Tracing": "Active", "MemorySize": 256,
                                 "KmsKeyArn": {"Ref": "KeyArn"},
                                 "VpcConfig": {"SubnetIds": {"Ref": "Subnets"}, "SecurityGroupIds": [{"Ref": "SecurityGroup"}]}}},
        "Resources": functions,
    }


def to_yaml(value, indent=0):
    """Block YAML for the generated dicts (no yaml module needed; intrinsics stay long-form)."""
    pad = "  " * indent
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{key}:")
                out.append(to_yaml(item, indent + 1))
            else:
                out.append(f"{pad}{key}: {scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                nested = to_yaml(item, indent + 1).lstrip()
                out.append(f"{pad}- {nested}")
            else:
                out.append(f"{pad}- {scalar(item)}")
    return "\n".join(out)


def scalar(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)  # a JSON string is a valid YAML double-quoted scalar


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def tf_files(rng, index, with_findings):
    """A Terraform module: main.tf (function, role, queue, mapping), iam.tf, logs.tf, variables.tf,
    outputs.tf, sometimes a locals.tf."""
    timeout = rng.choice([10, 30, 60])
    visibility = timeout * 6 if not with_findings else timeout // 2
    files = {}
    files["main.tf"] = f'''resource "aws_sqs_queue" "jobs" {{
  name                       = "jobs-{index}"
  visibility_timeout_seconds = {visibility}
  redrive_policy = jsonencode({{
    deadLetterTargetArn = aws_sqs_queue.dead_letters.arn
    maxReceiveCount     = 5
  }})
}}

resource "aws_sqs_queue" "dead_letters" {{
  name                      = "jobs-{index}-dlq"
  message_retention_seconds = 1209600
}}

resource "aws_lambda_function" "worker" {{
  function_name                  = "worker-{index}"
  role                           = aws_iam_role.worker.arn
  handler                        = "app.handler"
  runtime                        = "{rng.choice(RUNTIMES)}"
  filename                       = "build/worker.zip"
  timeout                        = {timeout}
  memory_size                    = var.memory_size
  reserved_concurrent_executions = 10
  kms_key_arn                    = var.kms_key_arn

  vpc_config {{
    subnet_ids         = var.subnet_ids
    security_group_ids = [var.security_group_id]
  }}

  tracing_config {{
    mode = "Active"
  }}

  environment {{
    variables = {{
      QUEUE_URL = aws_sqs_queue.jobs.url
      STAGE     = var.stage
    }}
  }}
}}

resource "aws_lambda_event_source_mapping" "jobs" {{
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 10
}}
'''
    files["iam.tf"] = f'''resource "aws_iam_role" "worker" {{
  name = "worker-{index}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "lambda.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_iam_role_policy_attachment" "basic" {{
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}}

resource "aws_iam_role_policy_attachment" "vpc" {{
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}}

resource "aws_iam_role_policy" "queue" {{
  role = aws_iam_role.worker.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      Resource = aws_sqs_queue.jobs.arn
    }}]
  }})
}}
'''
    files["logs.tf"] = '''resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/${aws_lambda_function.worker.function_name}"
  retention_in_days = 30
}
'''
    files["variables.tf"] = '''variable "stage" {
  type    = string
  default = "prod"
}

variable "memory_size" {
  type    = number
  default = 512
}

variable "kms_key_arn" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_id" {
  type = string
}
'''
    files["outputs.tf"] = '''output "function_arn" {
  value = aws_lambda_function.worker.arn
}
'''
    if rng.random() < 0.3:
        files["locals.tf"] = f'''locals {{
  tags = {{
    service = "svc-{index}"
    owner   = "team-{index % 37}"
  }}
}}
'''
    return files


def generate_repo(root, templates, modules):
    rng = random.Random(20261123)
    for i in range(templates):
        with_findings = rng.random() < 0.05
        kind = rng.random()
        folder = os.path.join(root, f"team{i % 40:02d}", f"service{i:05d}")
        if kind < 0.3:
            write(os.path.join(folder, "template.yaml"), to_yaml(sam_stack(rng, i, with_findings)) + "\n")
        elif kind < 0.8:
            write(os.path.join(folder, "stack.yaml"), to_yaml(cfn_stack(rng, i, with_findings)) + "\n")
        else:
            write(os.path.join(folder, "stack.json"), json.dumps(cfn_stack(rng, i, with_findings), indent=2) + "\n")
    for m in range(modules):
        with_findings = rng.random() < 0.05
        folder = os.path.join(root, "terraform", f"team{m % 40:02d}", f"module{m:04d}")
        for name, text in tf_files(rng, m, with_findings).items():
            write(os.path.join(folder, name), text)


def generate_template(path, resources):
    """`resources` resources: generated stacks merged, each stack's ids suffixed S<n> (references too)."""
    rng = random.Random(2000)
    merged = {}
    i = 0
    while len(merged) < resources:
        stack = cfn_stack(rng, i, False)["Resources"]
        text = json.dumps(stack)
        for name in stack:
            text = text.replace(f'"{name}"', f'"{name}S{i}"').replace(f"${{{name}}}", f"${{{name}S{i}}}")
        for name, resource in json.loads(text).items():
            if len(merged) < resources:
                merged[name] = resource
        i += 1
    text = to_yaml({"AWSTemplateFormatVersion": "2010-09-09",
                    "Parameters": {"Stage": {"Type": "String", "Default": "prod"}, "KeyArn": {"Type": "String"},
                                   "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
                                   "SecurityGroup": {"Type": "AWS::EC2::SecurityGroup::Id"}},
                    "Resources": merged})
    write(path, text + "\n")


def generate_module(root, files):
    """One module of `files` .tf files: whole groups (queue, function, role, mapping, log group,
    outputs) with unique names, then log groups alone in the remaining files."""
    rng = random.Random(500)
    written = 0
    i = 0
    while True:
        group = {name: text for name, text in tf_files(rng, i, False).items() if name != "variables.tf" or i == 0}
        if written + len(group) > files:
            break
        for name, text in group.items():
            renamed = (text.replace('"jobs"', f'"jobs_{i}"').replace("aws_sqs_queue.jobs.", f"aws_sqs_queue.jobs_{i}.")
                       .replace('"worker"', f'"worker_{i}"').replace("aws_lambda_function.worker.", f"aws_lambda_function.worker_{i}.")
                       .replace("aws_iam_role.worker.", f"aws_iam_role.worker_{i}.")
                       .replace('"basic"', f'"basic_{i}"').replace('"vpc"', f'"vpc_{i}"')
                       .replace('"dead_letters"', f'"dead_letters_{i}"').replace("aws_sqs_queue.dead_letters.", f"aws_sqs_queue.dead_letters_{i}.")
                       .replace('"queue"', f'"queue_{i}"')
                       .replace('output "function_arn"', f'output "function_arn_{i}"')
                       .replace("  tags = {", f"  tags_{i} = {{"))
            write(os.path.join(root, f"{i:03d}_{name}"), renamed)
            written += 1
        i += 1
    for k in range(files - written):
        write(os.path.join(root, f"zz_{k:03d}_audit_logs.tf"),
              f'resource "aws_cloudwatch_log_group" "audit_{k}" {{\n  name              = "/audit/{k}"\n  retention_in_days = 365\n}}\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    repo = sub.add_parser("repo")
    repo.add_argument("dir")
    repo.add_argument("--templates", type=int, default=10000)
    repo.add_argument("--modules", type=int, default=1000)
    template = sub.add_parser("template")
    template.add_argument("file")
    template.add_argument("--resources", type=int, default=2000)
    module = sub.add_parser("module")
    module.add_argument("dir")
    module.add_argument("--files", type=int, default=500)
    args = parser.parse_args()
    if args.what == "repo":
        generate_repo(args.dir, args.templates, args.modules)
    elif args.what == "template":
        generate_template(args.file, args.resources)
    else:
        generate_module(args.dir, args.files)


if __name__ == "__main__":
    main()
