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
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';

export interface CfncheckValidatorProps {
  /** The lowest severity that fails synth: 'error' (default), 'warning' or 'info'. */
  readonly failOn?: 'error' | 'warning' | 'info';
  /** Also run cfn-lint's own rules in the same pass (default false). */
  readonly cfnLint?: boolean;
  /**
   * The command that runs cfncheck, as argv (default: the CFNCHECK environment variable, a JSON array or words
   * split on spaces, else ['cfncheck']). E.g. ['python3', '-m', 'cfncheck'] or ['.venv/bin/cfncheck']. It runs
   * without a shell: on Windows name an executable (`cfncheck.exe`), not a .cmd/.bat launcher.
   */
  readonly command?: string[];
  /** Extra arguments for `cfncheck check`, e.g. ['--ignore', 'CTRL-04']. */
  readonly args?: string[];
  /** How long cfncheck may take before synth fails with a report saying so (default 900). */
  readonly timeoutSeconds?: number;
}

export declare class CfncheckValidator implements IPolicyValidationPlugin {
  readonly name: string;
  readonly version: string;
  readonly ruleIds: string[];
  constructor(props?: CfncheckValidatorProps);
  validate(context: IPolicyValidationContext): PolicyValidationPluginReport;
}

/** The CDK report for cfncheck's JSON report (exported for tests). */
export declare function toReport(report: any, failOn?: string): PolicyValidationPluginReport;
