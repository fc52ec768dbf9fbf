"""The TypeScript channel (issue 16): a TypeScript CDK app (samples/ts-service), the npm validation plugin
(npm/cdk-validator) failing its `cdk synth`, and the CDK CLI's language server showing the finding on the line of
the app's code.

Needs Node.js and npm (.ci/run installs Node.js when it is missing). The app's dependencies come from its
package-lock.json (`npm ci`, the npm registry) the first time; the CDK CLI runs with notices, telemetry and its
version check off, so nothing but the registry is reached.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import REPO, SAMPLES, line_of, run_json

APP = SAMPLES / "ts-service"
STACK_SOURCE = APP / "lib" / "service-stack.ts"
SOURCES = ("bin", "lib", "cdk.json", "tsconfig.json", "package.json")
CLI_ENV = {"CDK_DISABLE_CLI_TELEMETRY": "true", "CDK_DISABLE_VERSION_CHECK": "true",
           "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20"}


def _synth_module():
    spec = importlib.util.spec_from_file_location("synth_ts_service", APP / "synth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cfncheck_names_the_typescript_line_and_gives_the_typescript_fix():
    code, report, _ = run_json("--no-cfn-lint", str(APP / "cdk.out.broken"), cwd=APP)
    assert code == 1
    (finding,) = report["findings"]
    assert finding["check"] == "CTRL-01" and finding["construct_path"] == "Quotes/Service/Service"
    assert finding["construct_location"] == {"file": "lib/service-stack.ts",
                                             "line": line_of(STACK_SOURCE, "new ecs.FargateService(")}
    assert finding["language"] == "typescript"
    assert finding["fix"] == finding["fixes"]["typescript"] and "deploymentController: {" in finding["fix"]
    code, report, _ = run_json("--no-cfn-lint", str(APP / "cdk.out.fixed"), cwd=APP)
    assert code == 0 and report["findings"] == [] and report["notes"] == []


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """A copy of the app (its node_modules linked) synthesized by the CDK CLI with the plugin: broken, then fixed
    into another folder."""
    _synth_module().install()
    app = tmp_path_factory.mktemp("ts") / "app"
    app.mkdir()
    for name in SOURCES:
        (shutil.copytree if (APP / name).is_dir() else shutil.copy)(APP / name, app / name)
    (app / "node_modules").symlink_to(APP / "node_modules", target_is_directory=True)
    env = {**os.environ, **CLI_ENV, "CFNCHECK": f"{sys.executable} -m cfncheck"}
    cdk = str(APP / "node_modules" / ".bin" / "cdk")
    fixed = subprocess.run([cdk, "synth", "--no-notices", "-q", "-c", "flavour=fixed", "-o", "cdk.out.fixed"],
                           cwd=app, env=env, capture_output=True, text=True, timeout=600)
    broken = subprocess.run([cdk, "synth", "--no-notices", "-q"], cwd=app, env=env, capture_output=True, text=True,
                            timeout=600)
    return app, broken, fixed


def test_cdk_synth_fails_through_the_npm_plugin_with_cfnchecks_report(synthesized):
    app, broken, fixed = synthesized
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Synthesis finished with errors" not in fixed.stdout + fixed.stderr
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    call = line_of(STACK_SOURCE, "new ecs.FargateService(")
    assert f"lib/service-stack.ts:{call}:" in output  # the CDK prints the construct's creation line
    assert "ERROR [CTRL-01] ECS service ServiceD69D759B uses the ECS" in output and "(cfncheck)" in output
    assert "Quotes/Service/Service (ServiceD69D759B) aws-cdk-lib.aws_ecs.CfnService" in output
    assert "Suggested fix: Set deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY }" in output
    assert "Acknowledge with 'cfncheck::E9C01'" in output and "Synthesis finished with errors" in output
    report = json.loads((app / "cdk.out" / "validation-report.json").read_text())
    (plugin,) = report["pluginReports"]
    assert plugin["pluginName"] == "cfncheck" and plugin["conclusion"] == "failure"
    (violation,) = plugin["violations"]
    assert violation["ruleName"] == "E9C01" and violation["ruleMetadata"]["check"] == "CTRL-01"
    assert violation["ruleMetadata"]["source_line"] == f"lib/service-stack.ts:{call}"
    (construct,) = violation["violatingConstructs"]
    assert construct["constructPath"] == "Quotes/Service/Service"
    assert construct["cloudFormationResource"]["logicalId"] == "ServiceD69D759B"


class _Lsp:
    """A minimal LSP client over stdio (Content-Length framing)."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]):
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                char = out.read(1)
                if not char:
                    return
                header += char
            length = next(int(h.split(b":")[1]) for h in header.split(b"\r\n")
                          if h.lower().startswith(b"content-length"))
            message = json.loads(out.read(length))
            self.messages.append(message)
            if "id" in message and "method" in message:  # a request of the server's (work done progress, ...)
                self.send({"id": message["id"], "result": None})

    def wait_for(self, test, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.messages):
                if test(message):
                    return message
            time.sleep(0.2)
        return None

    def close(self) -> None:
        try:
            self.send({"id": 99, "method": "shutdown"})
            self.wait_for(lambda m: m.get("id") == 99, 10)
            self.send({"method": "exit"})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_cdk_lsp_shows_ctrl01_on_the_services_source_line(synthesized):
    """`cdk lsp` reads cdk.out/validation-report.json and publishes each violation as a diagnostic on the first
    frame of the app's code in the construct's creation stack: CTRL-01 lands on `new ecs.FargateService(`."""
    app, broken, _ = synthesized
    assert broken.returncode == 1
    lsp = _Lsp([str(APP / "node_modules" / ".bin" / "cdk"), "lsp"], app, {**os.environ, **CLI_ENV})
    try:
        lsp.send({"id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": app.as_uri(), "capabilities": {},
            "initializationOptions": {"applicationDir": str(app)}}})
        init = lsp.wait_for(lambda m: m.get("id") == 1, 60)
        assert init is not None and init["result"]["serverInfo"]["name"] == "cdk-lsp"
        lsp.send({"method": "initialized", "params": {}})
        source_uri = (app / "lib" / "service-stack.ts").as_uri()
        published = lsp.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                 and m["params"]["uri"] == source_uri and m["params"]["diagnostics"], 90)
    finally:
        lsp.close()
    assert published is not None, [m.get("method") for m in lsp.messages]
    (diagnostic,) = [d for d in published["params"]["diagnostics"] if d.get("code") == "E9C01"]
    assert diagnostic["source"] == "cfncheck" and diagnostic["severity"] == 1  # an error
    assert diagnostic["range"]["start"]["line"] == line_of(STACK_SOURCE, "new ecs.FargateService(") - 1  # 0-based
    assert diagnostic["message"].startswith("[CTRL-01] ECS service ServiceD69D759B")
    assert "Suggested fix: Set deploymentController:" in diagnostic["message"]


def test_the_plugin_reports_why_when_cfncheck_cannot_run(tmp_path):
    """The plugin never throws into the CDK: a missing cfncheck is a failed report that says so."""
    script = ("const { CfncheckValidator } = require(process.argv[1]);"
              "const r = new CfncheckValidator({ command: ['cfncheck-not-installed'] })"
              ".validate({ templatePaths: [process.argv[2]] });"
              "console.log(JSON.stringify(r));")
    template = APP / "cdk.out.broken" / "Quotes.template.json"
    proc = subprocess.run(["node", "-e", script, str(REPO / "npm" / "cdk-validator"), str(template)],
                          capture_output=True, text=True, timeout=60)
    report = json.loads(proc.stdout)
    assert report["success"] is False and report["violations"] == []
    assert report["metadata"]["error"].startswith("cannot run cfncheck-not-installed")
