"""[tool.cfncheck] / .cfncheck.toml, found from the current directory upward; the CLI overrides it."""

import shutil

from helpers import TESTS, run_cli, run_json

BAD = TESTS / "rules" / "lb07" / "bad_test_listener_other_alb.yaml"


def _project(tmp_path, config: str, name: str = "pyproject.toml"):
    shutil.copy(BAD, tmp_path / "t.yaml")
    (tmp_path / name).write_text(config)
    sub = tmp_path / "sub" / "dir"
    sub.mkdir(parents=True)
    return sub


def test_pyproject_table_is_found_from_a_subdirectory(tmp_path):
    sub = _project(tmp_path, '[project]\nname = "x"\n\n[tool.cfncheck]\npaths = ["t.yaml"]\n'
                             'severity = { "LB-07" = "warning" }\ncfn-lint = false\n')
    code, report, stderr = run_json(cwd=sub)  # no path: the config's paths, relative to the config file
    assert code == 0, stderr  # re-graded to warnings, and fail-on defaults to error
    assert {f["rule"] for f in report["findings"]} == {"W9C27"}
    assert run_cli("check", "--fail-on", "warning", cwd=sub).returncode == 1  # the CLI overrides


def test_dedicated_file_ignore_and_fail_on(tmp_path):
    sub = _project(tmp_path, 'paths = ["t.yaml"]\nfail-on = "warning"\nignore = ["E9C27"]\ncfn-lint = false\n',
                   ".cfncheck.toml")
    code, report, _ = run_json(cwd=sub)
    assert code == 0 and report["findings"] == []
    assert run_cli("check", "--no-config", "--no-cfn-lint", str(tmp_path / "t.yaml"), cwd=sub).returncode == 1


def test_formats_from_the_config(tmp_path):
    sub = _project(tmp_path, '[tool.cfncheck]\npaths = ["t.yaml"]\nformat = ["text", "sarif:out.sarif"]\n'
                             'cfn-lint = false\n')
    proc = run_cli("check", cwd=sub)
    assert proc.returncode == 1 and (sub / "out.sarif").is_file()


def test_unknown_keys_and_rules_name_the_file_and_key(tmp_path):
    sub = _project(tmp_path, "[tool.cfncheck]\nfail_on = \"warning\"\n")
    proc = run_cli("check", cwd=sub)
    assert proc.returncode == 2
    assert "pyproject.toml: [tool.cfncheck] unknown key 'fail_on'" in proc.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.cfncheck]\nignore = ["CTRL-99"]\n')
    proc = run_cli("check", cwd=sub)
    assert proc.returncode == 2 and "[tool.cfncheck] ignore: unknown rule 'CTRL-99'" in proc.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.cfncheck]\nseverity = { "CTRL-01" = "fatal" }\n')
    proc = run_cli("check", cwd=sub)
    assert proc.returncode == 2 and "severity.CTRL-01 must be one of error, warning, info" in proc.stderr


def test_previous_from_the_config(tmp_path):
    """`previous = [...]` in the config is the deployed side, relative to the config file, as --previous."""
    rules = TESTS / "rules" / "upd02"
    shutil.copy(rules / "bad_container_port_changed.yaml", tmp_path / "next.yaml")
    shutil.copy(rules / "previous" / "bad_container_port_changed.yaml", tmp_path / "deployed.yaml")
    (tmp_path / ".cfncheck.toml").write_text('paths = ["next.yaml"]\nprevious = ["deployed.yaml"]\ncfn-lint = false\n')
    code, report, _ = run_json(cwd=tmp_path)
    assert "E9D62" in [f["rule"] for f in report["findings"]]
    (tmp_path / ".cfncheck.toml").write_text('paths = ["next.yaml"]\ncfn-lint = false\n')
    assert "E9D62" not in [f["rule"] for f in run_json(cwd=tmp_path)[1]["findings"]]
