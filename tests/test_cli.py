"""The CLI contract: exit codes, --fail-on, --ignore, text and JSON output."""

import json

from helpers import TESTS, run_cli, run_json

RULES = TESTS / "rules"


def test_clean_template_exits_zero_with_a_summary_line():
    proc = run_cli("check", str(RULES / "good_baseline.yaml"))
    assert proc.returncode == 0
    assert proc.stdout.strip().splitlines()[-1] == "0 error(s), 0 warning(s), 0 info in 1 stack(s)"


def test_text_output_line_format_and_fix():
    """A short first line (what and where), the detail indented below it, the summary last."""
    path = RULES / "ctrl02" / "bad_enabled.yaml"
    proc = run_cli("check", str(path))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == ("error E9C02 [CTRL-02] Deployment circuit breaker only with the ECS deployment controller: "
                        "bad_enabled/Service")
    assert lines[1] == "    at tests/rules/ctrl02/bad_enabled.yaml:68:9"
    assert lines[2].startswith("    ECS service ") and "DeploymentCircuitBreaker" in proc.stdout
    assert all(line.startswith("    ") for line in lines[1:-2]) and lines[-2] == ""
    assert any(line.startswith("    fix (CDK): ") for line in lines)
    assert lines[-1] == "1 error(s), 0 warning(s), 0 info in 1 stack(s)"


def test_json_contract():
    code, report, _ = run_json(str(RULES / "lb07" / "bad_test_listener_other_alb.yaml"))
    assert code == 1
    assert report["version"] == 1 and report["tool"]["name"] == "cfncheck"
    assert report["summary"] == {"error": 2, "warning": 0, "info": 0}
    f = report["findings"][0]
    assert set(f) >= {"rule", "severity", "source", "message", "stack", "template", "resource", "resource_type",
                      "path", "line", "column", "construct_path", "construct_location", "related", "language",
                      "fix", "fixes"}
    assert f["source"] == "cfncheck" and f["severity"] == "error"
    assert f["resource_type"] == "AWS::CodeDeploy::DeploymentGroup"
    assert f["path"][:2] == ["Resources", "DeploymentGroup"]
    assert f["construct_path"] is None  # a hand-written template has no CDK metadata
    assert f["construct_location"] is None and f["language"] is None
    assert f["fix"] == f["fixes"]["python"] and set(f["fixes"]) == {"python", "typescript"}
    assert set(f["related"][0]) == {"stack", "template", "resource", "line", "construct_location"}


def test_fail_on_and_ignore():
    warn = RULES / "ctrl02" / "warn_disabled.yaml"
    assert run_cli("check", str(warn)).returncode == 0
    assert run_cli("check", "--fail-on", "warning", str(warn)).returncode == 1
    bad = RULES / "ctrl02" / "bad_enabled.yaml"
    assert run_cli("check", "--fail-on", "never", str(bad)).returncode == 0
    code, report, _ = run_json("--ignore", "CTRL-02", str(bad))
    assert code == 0 and report["findings"] == []
    proc = run_cli("check", "--ignore", "E9C99", str(bad))
    assert proc.returncode == 2 and "unknown rule 'E9C99'" in proc.stderr


def test_output_file(tmp_path):
    out = tmp_path / "report.json"
    bad = RULES / "ctrl03" / "bad_disabled_alarms.yaml"
    proc = run_cli("check", "--format", "json", "--output", str(out), str(bad))
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads(out.read_text())["findings"][0]["rule"] == "E9C03"


def test_rules_and_explain():
    proc = run_cli("rules")
    assert proc.returncode == 0
    ids = [line.split()[0] for line in proc.stdout.splitlines()]
    assert ids[:4] == ["E9C01", "E9C02", "E9C03", "W9C04"] and "E9C21" in ids and "E9D02" in ids
    doc = run_cli("explain", "ctrl-01").stdout
    for part in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## CDK (Python) fix",
                 "## Source", "must be configured for a CODE_DEPLOY deployment controller"):
        assert part in doc


def test_every_rule_doc_has_the_required_parts():
    from cfncheck.rules import all_rules

    for rule in all_rules():
        for part in ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
                     "## CDK (Python) fix", "## Source", "https://"):
            assert part in rule.doc, (rule.name, part)
        assert rule.source_url.startswith("https://")
        assert rule.code[:2] in ("9C", "9D") and rule.id[0] in "EWI"


def test_version_and_module_entry_point():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("cfncheck ")


def test_usage_errors_are_one_line_with_exit_2():
    for args in (["check", "--format", "xml", "x.json"], ["check", "--bogus"]):
        proc = run_cli(*args)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cfncheck: error: "), proc.stderr


def test_template_path_is_shown_as_found_not_resolved(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "t.yaml").write_text((RULES / "ctrl03" / "bad_disabled_alarms.yaml").read_text())
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    code, report, _ = run_json("--no-cfn-lint", "link/t.yaml", cwd=tmp_path)
    assert code == 1 and report["findings"][0]["template"] == "link/t.yaml"
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    _, report, _ = run_json("--no-cfn-lint", "../../../real/t.yaml", cwd=deep)
    assert report["findings"][0]["template"] == "../../../real/t.yaml"


def test_a_broken_cfnlintrc_is_an_input_error_and_cfncheck_still_reports(tmp_path):
    (tmp_path / ".cfnlintrc").write_text("append_rules: [/nonexistent/rules]\n")
    code, report, stderr = run_json(str(RULES / "ctrl03" / "bad_disabled_alarms.yaml"), cwd=tmp_path)
    assert code == 2
    assert stderr.strip().splitlines() == [stderr.strip()] and ".cfnlintrc" in stderr and "--no-cfn-lint" in stderr
    assert [f["rule"] for f in report["findings"]] == ["E9C03"]


def test_output_is_byte_identical_whatever_the_order_of_inputs(tmp_path):
    imports = TESTS / "crossstack" / "imports"
    files = [str(imports / n) for n in ("deploy.yaml", "network.yaml", "service.yaml")]
    missing = str(tmp_path / "missing.json")
    one = run_cli("check", "--no-cfn-lint", "--format", "json", *files, missing)
    two = run_cli("check", "--no-cfn-lint", "--format", "json", missing, *reversed(files))
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert json.loads(one.stdout)["summary"]["error"] == 1


def test_text_output_puts_errors_first_and_cfncheck_before_cfn_lint():
    """Issue 14: errors, then warnings, then infos; within a severity cfncheck's own findings first."""
    from helpers import SHARED

    proc = run_cli("check", str(SHARED / "corpus/aws-cdk/ecs-capacity-provider-codedeploy"))
    heads = [line.split(" [")[0].split(" ")[:2] for line in proc.stdout.splitlines()
             if line and not line.startswith((" ", "note:")) and " error(s), " not in line]
    assert heads == [["error", "E9C21"], ["error", "E3002"], ["warning", "W9C04"], ["info", "I9C01"]]
    assert proc.stdout.splitlines()[-1].startswith("2 error(s), 1 warning(s), 1 info in 2 stack(s)")


def test_text_output_cuts_a_message_that_lists_a_whole_enum():
    """cfn-lint's W3037 on aws-samples' pipeline lists every EC2 action (25 KB); the text shows six lines."""
    from helpers import SHARED

    proc = run_cli("check", str(SHARED / "corpus/aws-samples/ecs-bg-codedeploy-nested"))
    lines = proc.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("warning W3037 "))
    assert lines[head + 2].startswith("    'updatetags' is not one of [")
    assert lines[head + 8].startswith("      … (") and "--format json has the whole message" in lines[head + 8]
    assert lines[head + 9].startswith(("error ", "warning ", "info ", ""))
    _, report, _ = run_json(str(SHARED / "corpus/aws-samples/ecs-bg-codedeploy-nested"))
    assert max(len(f["message"]) for f in report["findings"] if f["rule"] == "W3037") > 20000
