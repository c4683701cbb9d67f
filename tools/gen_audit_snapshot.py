#!/usr/bin/env python3
"""Writes a synthetic AWS account snapshot for `lambdalint audit` (docs/audit.md, docs/performance.md).

    tools/gen_audit_snapshot.py OUT_DIR [--functions 5000] [--roles 5000]

The files have the shapes the AWS CLI prints (4-space indented JSON): list-functions.json,
authorization-details.json (get-account-authorization-details), event-source-mappings.json
(list-event-source-mappings), function-urls.json (list-function-url-configs) and one
`<function>.policy.json` (get-policy) for every tenth function. The content is deterministic, varied
enough that most rules have something to look at (wildcards, PassRole, public permissions, VPC
settings, stream mappings with unbounded retries, deprecated runtimes, secrets in the environment).
"""
import argparse
import json
import os
import urllib.parse

ACCOUNT = "123456789012"
REGION = "eu-west-1"
RUNTIMES = ["python3.12", "nodejs20.x", "java21", "nodejs14.x", "python3.9", "provided.al2023", "ruby3.3"]


def function_arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def role_arn(name):
    return f"arn:aws:iam::{ACCOUNT}:role/service-role/{name}"


def write(path, document):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=4)
        out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--functions", type=int, default=5000)
    parser.add_argument("--roles", type=int, default=5000)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "policies"), exist_ok=True)

    functions = []
    mappings = []
    urls = []
    for i in range(args.functions):
        name = f"fn-{i:05d}"
        role = f"role-{i % args.roles:05d}"
        vpc = {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""}
        if i % 5 == 0:
            vpc = {"SubnetIds": [f"subnet-{i:08x}"] + ([f"subnet-{i + 1:08x}"] if i % 10 else []),
                   "SecurityGroupIds": [f"sg-{i:08x}"], "VpcId": "vpc-0a1b2c3d"}
        config = {
            "FunctionName": name, "FunctionArn": function_arn(name), "Runtime": RUNTIMES[i % len(RUNTIMES)],
            "Role": role_arn(role), "Handler": "index.handler", "CodeSize": 1000 + i, "Description": "",
            "Timeout": [3, 30, 60, 900][i % 4], "MemorySize": [128, 256, 1024][i % 3],
            "LastModified": "2025-09-01T10:00:00.000+0000", "CodeSha256": "Kx0FsJ6AAvABmcIaQVmVDNTzBbFMSLqhXGSL7gGqPbE=",
            "Version": "$LATEST", "VpcConfig": vpc,
            "TracingConfig": {"Mode": "Active" if i % 2 else "PassThrough"},
            "RevisionId": f"00000000-0000-0000-0000-{i:012d}", "PackageType": "Zip", "Architectures": ["arm64"],
            "EphemeralStorage": {"Size": 512}, "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"},
        }
        if i % 3 == 0:
            config["Environment"] = {"Variables": {"TABLE": f"table-{i}", "STAGE": "prod"}}
        if i % 97 == 0:
            config["Environment"] = {"Variables": {"AWS_SECRET_KEY": "AKIAIOSFODNN7EXAMPLE"}}
        functions.append(config)
        if i % 4 == 0:
            kinesis = i % 8 == 0
            source = (f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/stream-{i}" if kinesis
                      else f"arn:aws:sqs:{REGION}:{ACCOUNT}:queue-{i}")
            mapping = {"UUID": f"00000000-0000-4000-8000-{i:012d}", "BatchSize": 10, "EventSourceArn": source,
                       "FunctionArn": function_arn(name), "LastModified": "2025-09-01T10:00:00+00:00", "State": "Enabled",
                       "StateTransitionReason": "USER_INITIATED", "MaximumBatchingWindowInSeconds": 0}
            if kinesis:
                mapping.update({"StartingPosition": "LATEST", "ParallelizationFactor": 1, "DestinationConfig": {"OnFailure": {}},
                                "MaximumRecordAgeInSeconds": -1, "BisectBatchOnFunctionError": False, "MaximumRetryAttempts": -1})
            mappings.append(mapping)
        if i % 50 == 0:
            urls.append({"FunctionUrl": f"https://{i:032d}.lambda-url.{REGION}.on.aws/", "FunctionArn": function_arn(name),
                         "CreationTime": "2025-09-01T10:00:00.000000Z", "LastModifiedTime": "2025-09-01T10:00:00.000000Z",
                         "AuthType": "NONE" if i % 100 == 0 else "AWS_IAM", "InvokeMode": "BUFFERED"})
        if i % 10 == 0:
            statements = [{"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction",
                           "Resource": function_arn(name), "Condition": {"ArnLike": {"AWS:SourceArn": f"arn:aws:s3:::bucket-{i}"}}}]
            if i % 30 == 0:
                statements.append({"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction",
                                   "Resource": function_arn(name)})
            policy = {"Version": "2012-10-17", "Id": "default", "Statement": statements}
            write(os.path.join(args.out, "policies", f"{name}.policy.json"),
                  {"Policy": json.dumps(policy, separators=(",", ":")), "RevisionId": f"rev-{i}"})

    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    shared_arn = f"arn:aws:iam::{ACCOUNT}:policy/shared-logs"
    roles = []
    for r in range(args.roles):
        name = f"role-{r:05d}"
        statements = [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
                       "Resource": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/table-{r}"},
                      {"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                       "Resource": f"arn:aws:sqs:{REGION}:{ACCOUNT}:queue-{r}"}]
        if r % 7 == 0:
            statements.append({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
        if r % 11 == 0:
            statements.append({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})
        document = {"Version": "2012-10-17", "Statement": statements}
        attached = [{"PolicyName": "shared-logs", "PolicyArn": shared_arn}]
        if r % 2:
            attached.append({"PolicyName": "AWSLambdaBasicExecutionRole",
                             "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"})
        if r % 13 == 0:
            attached.append({"PolicyName": "AWSLambdaVPCAccessExecutionRole",
                             "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"})
        roles.append({
            "Path": "/service-role/", "RoleName": name, "RoleId": f"AROA{r:016d}", "Arn": role_arn(name),
            "CreateDate": "2025-09-01T10:00:00+00:00",
            # Every fourth document URL-encoded, as the IAM API returns it.
            "AssumeRolePolicyDocument": urllib.parse.quote(json.dumps(trust)) if r % 4 == 0 else trust,
            "InstanceProfileList": [],
            "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": document}],
            "AttachedManagedPolicies": attached, "Tags": [], "RoleLastUsed": {}})
    policies = [{"PolicyName": "shared-logs", "PolicyId": "ANPA0000000000000001", "Arn": shared_arn, "Path": "/", "DefaultVersionId": "v1",
                 "AttachmentCount": args.roles, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                 "CreateDate": "2025-09-01T10:00:00+00:00", "UpdateDate": "2025-09-01T10:00:00+00:00",
                 "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [
                     {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]},
                     "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2025-09-01T10:00:00+00:00"}]}]
    write(os.path.join(args.out, "list-functions.json"), {"Functions": functions})
    write(os.path.join(args.out, "event-source-mappings.json"), {"EventSourceMappings": mappings})
    write(os.path.join(args.out, "function-urls.json"), {"FunctionUrlConfigs": urls})
    write(os.path.join(args.out, "authorization-details.json"),
          {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": roles, "Policies": policies})


if __name__ == "__main__":
    main()
