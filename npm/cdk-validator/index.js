'use strict';
/**
 * cfncheck as a CDK policy validation plugin, for TypeScript and JavaScript apps.
 *
 * After the CDK has written the templates it calls validate() with their paths. The plugin runs
 * `cfncheck check --format json` on the cloud assembly they lie in (so cross-stack references resolve and nested
 * stacks are found; else on the template files) and maps every finding into a violation of the CDK's report:
 * the rule ID as ruleName (acknowledge with `cfncheck::E9C01`), the catalog name and title in the description, the
 * resource's logical ID, template and property path, and the fix in the app's language. The CDK adds the construct
 * path and the construct's creation stack, prints the report, writes cdk.out/validation-report.json and fails synth
 * when the report is not a success. cfncheck's configuration (.cfncheck.toml / pyproject.toml) applies as in
 * `cfncheck check`: the CLI reads it from the directory synth runs in.
 *
 * The plugin never throws into the CDK: cfncheck missing or failing becomes a failed report that says why.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const NAME = 'cfncheck';
const VERSION = require('./package.json').version;
const ORDER = { info: 1, warning: 2, error: 3 };
const INPUT_ERROR_RULE = 'input-error';

/** argv of cfncheck: props.command, else CFNCHECK (a JSON array, or words split on spaces), else ['cfncheck']. */
function command(props) {
  if (props.command && props.command.length) return props.command;
  const fromEnv = (process.env.CFNCHECK || '').trim();
  if (fromEnv.startsWith('[')) return JSON.parse(fromEnv);
  return fromEnv ? fromEnv.split(/\s+/) : ['cfncheck'];
}

/** The cloud assembly directory the templates lie in (its manifest leads to nested stacks and Stages), else the files. */
function inputs(templatePaths) {
  if (!templatePaths.length) return [];
  const dirs = templatePaths.map((p) => path.dirname(path.resolve(p)));
  let common = dirs[0];
  for (const d of dirs.slice(1)) {
    while (!(d === common || d.startsWith(common.endsWith(path.sep) ? common : common + path.sep))) {
      const up = path.dirname(common);
      if (up === common) return templatePaths.map((p) => path.resolve(p)); // no common folder (other drives)
      common = up;
    }
  }
  return fs.existsSync(path.join(common, 'manifest.json')) ? [common] : templatePaths.map((p) => path.resolve(p));
}

function propertyPath(keys) {
  const rest = keys.length >= 2 && keys[0] === 'Resources' ? keys.slice(2) : keys;
  return rest.map(String).join('.');
}

function where(loc) {
  return `${loc.construct_path || loc.resource || loc.stack} (${loc.template}:${loc.line})`;
}

function violation(f) {
  const own = f.source === 'cfncheck';
  const title = f.title ? `${f.title}: ` : '';
  const metadata = { check: f.check, id: f.rule, source: f.source, location: `${f.template}:${f.line}:${f.column}` };
  if (f.construct_location) metadata.source_line = `${f.construct_location.file}:${f.construct_location.line}`;
  if (f.related && f.related.length) metadata.related = f.related.map(where).join('; ');
  const prop = propertyPath(f.path || []);
  return {
    ruleName: own ? f.rule : `${f.source}::${f.rule}`,
    description: own ? `[${f.check}] ${title}${f.message}` : `${title}${f.message}`,
    fix: (f.fixes && f.fixes.typescript) || f.fix || undefined, // this plugin runs in a TypeScript/JavaScript app
    severity: f.severity,
    ruleMetadata: metadata,
    violatingResources: [{
      resourceLogicalId: f.resource || '',
      templatePath: path.resolve(f.template),
      locations: prop ? [prop] : [],
      ...(f.construct_path ? { constructPath: f.construct_path } : {}),
    }],
  };
}

function toReport(report, failOn = 'error') {
  const threshold = ORDER[failOn] || ORDER.error;
  const violations = [];
  let failed = false;
  for (const error of report.errors || []) {
    failed = true;
    violations.push({
      ruleName: INPUT_ERROR_RULE, severity: 'error', description: `cfncheck could not check the templates: ${error}`,
      violatingResources: [],
    });
  }
  const acknowledged = [];
  for (const f of report.findings || []) {
    if (f.suppressed) { acknowledged.push(`${f.rule} ${where(f)}: ${f.suppressed}`); continue; }
    violations.push(violation(f));
    failed = failed || (ORDER[f.severity] || 0) >= threshold;
  }
  const metadata = { fail_on: failOn };
  if (acknowledged.length) metadata.acknowledged = acknowledged.join('; ');
  if (report.notes && report.notes.length) metadata.notes = report.notes.join('; ');
  return { success: !failed, violations, pluginVersion: VERSION, metadata };
}

class CfncheckValidator {
  constructor(props = {}) {
    this.props = props;
    this.name = NAME;
    this.version = VERSION;
    this.ruleIds = [];
  }

  validate(context) {
    try {
      const argv = command(this.props);
      const args = [...argv.slice(1), 'check', '--format', 'json', ...(this.props.cfnLint ? [] : ['--no-cfn-lint']),
        ...(this.props.args || []), ...inputs(context.templatePaths || [])];
      const timeout = (this.props.timeoutSeconds || 900) * 1000;
      const run = spawnSync(argv[0], args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout });
      if (run.error && run.error.code === 'ENOENT') {
        return failure(`cannot run ${argv[0]}: not found (install cfncheck, or set the command or CFNCHECK)`);
      }
      if (run.error && run.error.code === 'ETIMEDOUT') return failure(`${argv.join(' ')} took over ${timeout / 1000} s`);
      if (run.error) return failure(`cannot run ${argv.join(' ')}: ${run.error.message}`);
      if (run.status !== 0 && run.status !== 1 && run.status !== 2) {
        return failure(`${argv.join(' ')} exited with ${run.status}: ${(run.stderr || '').trim().split('\n').pop()}`);
      }
      let report;
      try { report = JSON.parse(run.stdout); } catch (e) {
        return failure(`${argv.join(' ')} printed no JSON report: ${(run.stderr || '').trim().split('\n').pop()}`);
      }
      return toReport(report, this.props.failOn || 'error');
    } catch (e) {
      return failure(`cfncheck failed: ${e && e.message ? e.message : e}`);
    }
  }
}

function failure(message) {
  return { success: false, violations: [], pluginVersion: VERSION, metadata: { error: message } };
}

module.exports = { CfncheckValidator, toReport };
