import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

const CONTAINER_PORT = 8080;

export interface ServiceStackProps extends StackProps {
  /** broken: the ECS controller with a circuit breaker under a CodeDeploy group; fixed: CODE_DEPLOY. */
  readonly flavour: 'broken' | 'fixed';
}

export class ServiceStack extends Stack {
  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.70.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
      restrictDefaultSecurityGroup: false, // else a Lambda-backed custom resource and its code asset
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', { vpc, internetFacing: true });

    const targetGroup = (name: string) => new elbv2.ApplicationTargetGroup(this, name, {
      vpc,
      port: CONTAINER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { path: '/', healthyHttpCodes: '200', interval: Duration.seconds(15) },
    });
    const blue = targetGroup('BlueTargetGroup');
    const green = targetGroup('GreenTargetGroup');
    const prodListener = alb.addListener('ProdListener', { port: 80, defaultTargetGroups: [blue] });
    const testListener = alb.addListener('TestListener', { port: 8080, defaultTargetGroups: [green] });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: 'quotes', cpu: 256, memoryLimitMiB: 512,
    });
    taskDefinition.addContainer('quotes', {
      containerName: 'quotes',
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
      portMappings: [{ containerPort: CONTAINER_PORT }],
    });

    const controller = props.flavour === 'fixed'
      ? { deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } }
      : { circuitBreaker: { rollback: true } }; // broken: stays on the default ECS controller
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      minHealthyPercent: 100,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      ...controller,
    });
    service.attachToApplicationTargetGroup(blue);

    // The group deploys the service through an imported reference (as when the group lives in another
    // construct library), so the CDK cannot check the controller itself.
    const deployed = ecs.FargateService.fromFargateServiceAttributes(this, 'ServiceRef', {
      cluster,
      serviceName: service.serviceName,
    });
    new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application: new codedeploy.EcsApplication(this, 'Application'),
      service: deployed,
      deploymentConfig: codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
      blueGreenDeploymentConfig: {
        blueTargetGroup: blue,
        greenTargetGroup: green,
        listener: prodListener,
        testListener,
        terminationWaitTime: Duration.minutes(5),
      },
      autoRollback: { failedDeployment: true },
    });
  }
}
