/**
 * A CDK policy validation plugin that runs the cfncheck CLI on the cloud assembly `cdk synth` writes and reports
 * its findings in the CDK's validation report (rule IDs, construct paths, the fix in TypeScript).
 *
 *     import { App, Validations } from 'aws-cdk-lib';
 *     import { CfncheckValidator } from 'cfncheck-cdk-validator';
 *
 *     const app = new App();
 *     Validations.of(app).addPlugins(new CfncheckValidator());
 */
import type { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';

export interface CfncheckValidatorProps {
  /** The lowest severity that fails synth: 'error' (default), 'warning' or 'info'. */
  readonly failOn?: 'error' | 'warning' | 'info';
  /** Also run cfn-lint's own rules in the same pass (default false). */
  readonly cfnLint?: boolean;
  /**
   * The command that runs cfncheck, as argv (default: the CFNCHECK environment variable split on spaces, else
   * ['cfncheck']). E.g. ['python3', '-m', 'cfncheck'] or ['.venv/bin/cfncheck'].
   */
  readonly command?: string[];
  /** Extra arguments for `cfncheck check`, e.g. ['--ignore', 'CTRL-04']. */
  readonly args?: string[];
}

export declare class CfncheckValidator implements IPolicyValidationPluginBeta1 {
  readonly name: string;
  readonly version: string;
  readonly ruleIds: string[];
  constructor(props?: CfncheckValidatorProps);
  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1;
}

/** The CDK report for cfncheck's JSON report (exported for tests). */
export declare function toReport(report: any, failOn?: string): PolicyValidationPluginReportBeta1;
