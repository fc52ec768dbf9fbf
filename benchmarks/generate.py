"""Synthetic cloud assemblies in the shape the CDK writes, for benchmarks.

Stacks come in threes: a network stack (ALB, blue/green target groups, prod/test listeners, exported
outputs, and a nested stack), a service stack (cluster, task definition, CODE_DEPLOY Fargate service on the
imported blue target group) and a deploy stack (CodeDeploy application and deployment group wired with
``Fn::GetStackOutput`` and ``Fn::ImportValue``). Ordinary resources fill each stack up to its share.

    python benchmarks/generate.py OUT_DIR --stacks 10 --resources 2000
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

SIZES = {"small": (1, 50), "medium": (10, 2_000), "large": (100, 20_000)}
# Scale: many small stacks, as a large CDK app has them, with each resource's construct path in the manifest's
# metadata (where the CDK puts it unless it writes an additional metadata file): the 100,000-resource assembly
# has 4,000 templates and a manifest over 10 MB.
# The editor's case: one template of a 160-template assembly linted by cfn-lint with cfncheck's adapters.
EDITOR = (120, 24_000)
SCALE = {"scale-1k": (40, 1_000), "scale-10k": (400, 10_000), "scale-100k": (4_000, 100_000)}


def _filler(kind: int, n: int) -> dict[str, Any]:
    name = f"Filler{n:05d}"
    if kind == 0:
        return {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60, "MessageRetentionPeriod": 345600}}
    if kind == 1:
        return {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": name}}
    if kind == 2:
        return {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 14}}
    if kind == 3:
        return {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Enabled"},
                "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                                   "IgnorePublicAcls": True, "RestrictPublicBuckets": True}}}
    if kind == 4:
        return {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"Service": "lambda.amazonaws.com"}}]}}}
    return {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": name}}


def _fill(resources: dict[str, Any], count: int, start: int) -> None:
    for i in range(count):
        resources[f"Filler{start + i:05d}"] = _filler((start + i) % 6, start + i)


def _network(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    res: dict[str, Any] = {
        "Alb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "Properties": {"Type": "application",
                               "Subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"]}},
    }
    for color in ("Blue", "Green"):
        res[f"{color}TG"] = {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
                             "Properties": {"Port": 8080, "Protocol": "HTTP", "TargetType": "ip",
                                            "VpcId": "vpc-0a1b2c3d4e5f60717"}}
    for listener, port, tg in (("Prod", 80, "BlueTG"), ("Test", 8080, "GreenTG")):
        res[f"{listener}Listener"] = {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
            "LoadBalancerArn": {"Ref": "Alb"}, "Port": port, "Protocol": "HTTP",
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": tg}}]}}
    outputs = {
        "BlueArn": {"Value": {"Ref": "BlueTG"}, "Export": {"Name": f"{name}:ExportsOutputRefBlueTG"}},
        "BlueName": {"Value": {"Fn::GetAtt": ["BlueTG", "TargetGroupName"]}},
        "GreenName": {"Value": {"Fn::GetAtt": ["GreenTG", "TargetGroupName"]}},
        "Prod": {"Value": {"Ref": "ProdListener"}},
        "Test": {"Value": {"Ref": "TestListener"}},
    }
    return res, outputs


def _service(network: str) -> tuple[dict[str, Any], dict[str, Any]]:
    res = {
        "Cluster": {"Type": "AWS::ECS::Cluster"},
        "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": f"{network}-web", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"], "Cpu": "256",
            "Memory": "512", "ContainerDefinitions": [{"Name": "web", "Image": "public.ecr.aws/nginx/nginx:1.27",
                                                       "PortMappings": [{"ContainerPort": 8080}]}]}},
        "Service": {"Type": "AWS::ECS::Service", "Properties": {
            # a family is unique in an account and region: one per service, as in a real app
            "Cluster": {"Ref": "Cluster"}, "TaskDefinition": f"{network}-web", "LaunchType": "FARGATE",
            "DesiredCount": 2,
            "DeploymentController": {"Type": "CODE_DEPLOY"},
            "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 8080,
                               "TargetGroupArn": {"Fn::ImportValue": f"{network}:ExportsOutputRefBlueTG"}}],
            "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d4e5f60718"]}}}},
    }
    outputs = {"ServiceName": {"Value": {"Fn::GetAtt": ["Service", "Name"]}},
               "ClusterName": {"Value": {"Ref": "Cluster"}}}
    return res, outputs


def _deploy(network: str, service: str) -> dict[str, Any]:
    def out(stack: str, name: str) -> dict[str, Any]:
        return {"Fn::GetStackOutput": {"StackName": stack, "OutputName": name, "Region": {"Ref": "AWS::Region"}}}

    return {
        "App": {"Type": "AWS::CodeDeploy::Application", "Properties": {"ComputePlatform": "ECS"}},
        "DeploymentGroup": {"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": {
            "ApplicationName": {"Ref": "App"}, "ServiceRoleArn": "arn:aws:iam::123456789012:role/codedeploy",
            "DeploymentConfigName": "CodeDeployDefault.ECSAllAtOnce",
            "DeploymentStyle": {"DeploymentType": "BLUE_GREEN", "DeploymentOption": "WITH_TRAFFIC_CONTROL"},
            "BlueGreenDeploymentConfiguration": {
                "DeploymentReadyOption": {"ActionOnTimeout": "CONTINUE_DEPLOYMENT"},
                "TerminateBlueInstancesOnDeploymentSuccess": {"Action": "TERMINATE",
                                                              "TerminationWaitTimeInMinutes": 5}},
            "ECSServices": [{"ClusterName": out(service, "ClusterName"), "ServiceName": out(service, "ServiceName")}],
            "LoadBalancerInfo": {"TargetGroupPairInfoList": [{
                "TargetGroups": [{"Name": out(network, "BlueName")}, {"Name": out(network, "GreenName")}],
                "ProdTrafficRoute": {"ListenerArns": [out(network, "Prod")]},
                "TestTrafficRoute": {"ListenerArns": [out(network, "Test")]}}]}}},
    }


def generate(out: Path, stacks: int, resources: int, metadata: bool = False) -> Path:
    """Write a cloud assembly with ``stacks`` top-level stacks and about ``resources`` resources to ``out``;
    ``metadata``: each resource's ``aws:cdk:logicalId`` entry in the manifest, under a construct path."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    per_stack = max(resources // stacks, 12)
    artifacts: dict[str, Any] = {}
    filler_no = 0
    for i in range(stacks):
        group, role = divmod(i, 3)
        names = [f"Bench{group:03d}-Network", f"Bench{group:03d}-Service", f"Bench{group:03d}-Deploy"]
        name = names[role] if stacks >= 3 else f"Bench{i:03d}"
        resources_: dict[str, Any] = {}
        outputs: dict[str, Any] = {}
        if stacks < 3:  # everything in one stack, wired by Ref/GetAtt
            resources_.update(_network(name)[0])
            svc = _service(name)[0]
            svc["Service"]["Properties"]["LoadBalancers"][0]["TargetGroupArn"] = {"Ref": "BlueTG"}
            resources_.update(svc)
            dg = _deploy(name, name)
            props = dg["DeploymentGroup"]["Properties"]
            props["ECSServices"] = [{"ClusterName": {"Ref": "Cluster"},
                                     "ServiceName": {"Fn::GetAtt": ["Service", "Name"]}}]
            props["LoadBalancerInfo"]["TargetGroupPairInfoList"][0].update({
                "TargetGroups": [{"Name": {"Fn::GetAtt": ["BlueTG", "TargetGroupName"]}},
                                 {"Name": {"Fn::GetAtt": ["GreenTG", "TargetGroupName"]}}],
                "ProdTrafficRoute": {"ListenerArns": [{"Ref": "ProdListener"}]},
                "TestTrafficRoute": {"ListenerArns": [{"Ref": "TestListener"}]}})
            resources_.update(dg)
        elif role == 0:
            resources_, outputs = _network(name)
        elif role == 1:
            resources_, outputs = _service(names[0])
        else:
            resources_ = _deploy(names[0], names[1])
        filler = max(per_stack - len(resources_), 0)
        if role == 0 and stacks >= 3:  # half of the filler in a nested stack
            nested_file = f"{name}Nested.nested.template.json"
            nested: dict[str, Any] = {}
            _fill(nested, filler // 2, filler_no)
            filler_no += filler // 2
            (out / nested_file).write_text(json.dumps({"Resources": nested}, indent=1))
            resources_["NestedStack"] = {"Type": "AWS::CloudFormation::Stack",
                                         "Properties": {"TemplateURL": "https://example.invalid/nested.json"},
                                         "Metadata": {"aws:asset:path": nested_file}}
            filler -= filler // 2 + 1
        _fill(resources_, filler, filler_no)
        filler_no += filler
        template = {"Resources": resources_}
        if outputs:
            template["Outputs"] = outputs
        (out / f"{name}.template.json").write_text(json.dumps(template, indent=1))
        artifacts[name] = {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                           "properties": {"templateFile": f"{name}.template.json", "stackName": name},
                           "displayName": name}
        if metadata:
            artifacts[name]["metadata"] = {f"/{name}/{logical_id}/Resource": [
                {"type": "aws:cdk:logicalId", "data": logical_id,
                 "trace": ["new Construct (/app/node_modules/constructs/lib/construct.js:1:1)"]}]
                for logical_id in resources_}
    (out / "manifest.json").write_text(json.dumps({"version": "48.0.0", "artifacts": artifacts}, indent=1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", choices=sorted({**SIZES, **SCALE}))
    parser.add_argument("--stacks", type=int, default=10)
    parser.add_argument("--resources", type=int, default=2_000)
    args = parser.parse_args()
    sizes = {**SIZES, **SCALE}
    stacks, resources = sizes[args.size] if args.size else (args.stacks, args.resources)
    print(generate(args.out, stacks, resources, metadata=args.size in SCALE))


if __name__ == "__main__":
    main()
