#!/usr/bin/env node
/**
 * cfncheck sample: one small ECS blue/green service written in TypeScript, with cfncheck running at synth time
 * through the CDK's policy validation plugins (the npm package in npm/cdk-validator).
 *
 * Context keys:
 *   flavour   broken | fixed (default broken). broken: the seed incident's mistake. The service keeps the
 *             default ECS deployment controller with a rollback circuit breaker, and a CodeDeploy deployment
 *             group deploys it through an imported reference, which the CDK's own check does not see.
 *             fixed: the CODE_DEPLOY controller and no circuit breaker.
 *   cfncheck  true | false (default true): register the cfncheck validation plugin.
 *
 * `npx cdk synth` fails on the broken flavour with cfncheck's report; `python synth.py` regenerates the
 * committed assemblies (without the plugin: they are what the CDK writes, cfncheck's own tests read them).
 */
import { App, Validations } from 'aws-cdk-lib';
import { CfncheckValidator } from 'cfncheck-cdk-validator';
import { ServiceStack } from '../lib/service-stack';

const app = new App({ analyticsReporting: false });
const flavour = String(app.node.tryGetContext('flavour') ?? 'broken');
if (flavour !== 'broken' && flavour !== 'fixed') {
  throw new Error(`context flavour must be broken or fixed; got ${flavour}`);
}
if (String(app.node.tryGetContext('cfncheck') ?? 'true') === 'true') {
  Validations.of(app).addPlugins(new CfncheckValidator());
}
new ServiceStack(app, 'Quotes', { flavour, description: 'Quotes service - ECS blue/green with CodeDeploy' });
app.synth();
