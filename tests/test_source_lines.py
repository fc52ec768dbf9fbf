"""From the template line to the CDK source line, in the app's language (issue 16).

The payment-platform sample is synthesized with creation stacks (samples/payment-platform/synth.py): each finding
names the line of the app that made the construct. The expected lines are found in the app's source here, by
the call that makes each construct, not read from the assembly.
"""

import json
import re
import shutil
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from helpers import REPO, SAMPLES, SHARED, line_of, run_cli, run_json

from cfncheck.inputs.creation_stacks import SourceMap, app_language, user_frame

APP = SAMPLES / "payment-platform"
BROKEN = APP / "cdk.out.broken-nested"
SERVICES = APP / "payment_platform" / "ecs_services.py"
SERVICES_SHOWN = SERVICES.relative_to(REPO).as_posix()
UNTRACED = SAMPLES / "blue-green-scenarios" / "cdk.out.nlb-codedeploy-broken"  # disable-creation-stack-traces
SARIF_SCHEMA = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())


@pytest.mark.parametrize("frame,expected", [
    ("_service (/app/payment_platform/ecs_services.py:171)", ("/app/payment_platform/ecs_services.py", 171)),
    ("<module> (app.py:20)", ("app.py", 20)),  # relative: read from the folder that holds the assembly
    ("new ApiStack (/home/u/app/lib/api-stack.ts:42:5)", ("/home/u/app/lib/api-stack.ts", 42)),
    ("at Object.<anonymous> (/home/u/app/bin/app.ts:7:1)", ("/home/u/app/bin/app.ts", 7)),
    ("at /home/u/app/bin/app.js:9:3", ("/home/u/app/bin/app.js", 9)),
    ("C:\\work\\app\\stack.py:12", ("C:\\work\\app\\stack.py", 12)),
    # a project folder with spaces and parentheses
    ("new ServiceStack (/home/u/proj (copy)/lib/x.ts:53:21)", ("/home/u/proj (copy)/lib/x.ts", 53)),
    ("    at new ServiceStack (/home/u/my app/lib/x.ts:53:21)", ("/home/u/my app/lib/x.ts", 53)),
    ("new ServiceStack (file:///home/u/app/lib/x.mjs:53:21)", ("/home/u/app/lib/x.mjs", 53)),  # ES modules
])
def test_frames_of_the_app(frame, expected):
    assert user_frame(frame) == expected


@pytest.mark.parametrize("frame", [
    "...aws-cdk-lib, jsii runtime, node internals...",
    "(no user code in 10 frames, use --stack-trace-limit to capture more)",
    ".../jsii-kernel/node_modules/aws-cdk-lib/aws-ec2/lib/vpc.js:1:287 in aws-cdk-lib...",
    "Array.forEach (:)",
    "new FargateService (/app/node_modules/aws-cdk-lib/aws-ecs/lib/fargate/fargate-service.js:1:2000)",
    "at new Construct (/app/node_modules/constructs/lib/construct.js:10:5)",
    "new Vpc (node_modules/aws-cdk-lib/aws-ec2/lib/vpc.js:1:287)",  # relative, as in machine-independent samples
    "__init__ (/venv/lib/python3.11/site-packages/aws_cdk/aws_ecs/__init__.py:9000)",
    "_call (/usr/lib/python3.11/functools.py:12)",
    "at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    "at Module._compile (internal/modules/cjs/loader.js:999:30)",
    None, 7, "",
])
def test_frames_that_are_not_the_app(frame):
    assert user_frame(frame) is None


@pytest.mark.parametrize("frames,expected", [
    # the innermost frame that is the app's, past the CDK's own
    (["...aws-cdk-lib...", "Array.forEach (:)", "new X (lib/x.ts:3:1)", "main (bin/app.ts:9:1)"], ("lib/x.ts", 3)),
    # a frame that cannot be read is not skipped for an outer one: that would be a guess
    (["...aws-cdk-lib...", "new X (webpack://app/./lib/x.ts:3:1)", "main (bin/app.ts:9:1)"], None),
    (["something odd", "main (bin/app.ts:9:1)"], None),
    (["new X (lib/x.ts:0:1)", "main (bin/app.ts:9:1)"], None),  # there is no line 0
    (["new X (lib:3:1)"], None),  # a directory
    ("not a list", None), ([], None),
])
def test_the_first_frame_of_the_app_or_nothing(tmp_path, frames, expected):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "x.ts").write_text("a\nb\nnew X(this, 'X');\n")
    sources = SourceMap(assembly=tmp_path / "cdk.out", traces={"S/X/Resource": frames})
    found = sources.source_line("/S/X/Resource")
    if expected is None:
        assert found is None
    else:
        assert (found.file, found.line) == (str(tmp_path / expected[0]), expected[1])
        assert found.code == "new X(this, 'X');" and found.exists


def test_odd_files_named_by_a_frame_give_no_code_and_never_hang(tmp_path):
    (tmp_path / "form.py").write_text("a = 1\n\x0cb = 2\u2028c\nservice = ecs.FargateService(\n")
    traces = {"A": ["f (/dev/zero:3)"], "B": ["f (/bin/x\x00y.py:3)"], "C": ["f (form.py:3)"],
              "D": ["f (C:\\Users\\me\\app\\stack.py:12)"], "E": ["f (missing.py:7)"]}
    sources = SourceMap(assembly=tmp_path / "cdk.out", traces=traces)
    zero = sources.source_line("A")  # a device: not read (it never ends)
    assert (zero.file, zero.line, zero.code, zero.exists) == ("/dev/zero", 3, None, False)
    assert sources.source_line("B").code is None  # a NUL byte in the path is no error
    assert sources.source_line("C").code == "service = ecs.FargateService("  # lines split on \n only
    windows = sources.source_line("D")  # synthesized on Windows, read here: as written, not a local file
    assert (windows.file, windows.line, windows.exists) == ("C:\\Users\\me\\app\\stack.py", 12, False)
    missing = sources.source_line("E")
    assert (missing.line, missing.code, missing.exists) == (7, None, False)


def test_absolute_frames_as_the_cdk_writes_them(tmp_path):
    """What users get (the samples' frames are relative): absolute paths, shown relative to the current directory."""
    assembly = tmp_path / "cdk.out"
    shutil.copytree(BROKEN, assembly)
    metadata = assembly / "PaymentPlatform.metadata.json"
    data = json.loads(metadata.read_text())
    for entries in data.values():
        for entry in entries:
            if entry["type"] == "aws:cdk:creationStack":
                entry["data"] = [re.sub(r"\((payment_platform/|app\.py)", lambda m: f"({APP}/{m.group(1)}", frame)
                                 for frame in entry["data"]]
    metadata.write_text(json.dumps(data))
    code, report, _ = run_json("--no-cfn-lint", str(assembly), cwd=REPO)
    call = line_of(SERVICES, "ecs.FargateService(")
    assert {(f["construct_location"]["file"], f["construct_location"]["line"]) for f in _ctrl01(report)} == \
        {(SERVICES_SHOWN, call)}


def _ctrl01(report: dict) -> list[dict]:
    found = [f for f in report["findings"] if f["check"] == "CTRL-01"]
    assert found, [f["resource"] for f in report["findings"]]
    return found


def test_every_ctrl01_finding_names_the_line_of_its_fargate_service_call():
    code, report, _ = run_json("--no-cfn-lint", str(BROKEN), cwd=REPO)
    assert code == 1
    call = line_of(SERVICES, "ecs.FargateService(")
    for f in _ctrl01(report):
        assert f["construct_location"] == {"file": SERVICES_SHOWN, "line": call}, f["resource"]
        assert f["language"] == "python"
        assert f["fix"] == f["fixes"]["python"] and "deployment_controller=" in f["fix"]
        assert "deploymentController:" in f["fixes"]["typescript"]
    # the other end of a finding has its own line: the deployment group's EcsDeploymentGroup( call
    groups = line_of(APP / "payment_platform" / "deployment.py", "codedeploy.EcsDeploymentGroup(")
    related = {r["construct_location"]["line"] for f in _ctrl01(report) for r in f["related"]}
    assert related == {groups}
    # every finding of the traced sample has its line; none needs the note
    assert all(f["construct_location"] for f in report["findings"]) and report["notes"] == []


def test_the_line_is_relative_to_the_current_directory_when_inside_it():
    code, report, _ = run_json("--no-cfn-lint", str(BROKEN), cwd=APP)
    assert {f["construct_location"]["file"] for f in _ctrl01(report)} == {"payment_platform/ecs_services.py"}
    code, report, _ = run_json("--no-cfn-lint", str(BROKEN), cwd=REPO / "tests")
    assert {f["construct_location"]["file"] for f in _ctrl01(report)} == {str(SERVICES)}  # outside: absolute


def test_text_shows_the_source_line_and_its_code_under_the_finding():
    proc = run_cli("check", "--no-cfn-lint", str(BROKEN), cwd=REPO)
    call = line_of(SERVICES, "ecs.FargateService(")
    lines = proc.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("error E9C01"))
    assert lines[head + 1] == f"    at {SERVICES_SHOWN}:{call} (aws-cdk-lib.aws_ecs.FargateService)"
    assert lines[head + 2].split("|", 1)[1].strip() == SERVICES.read_text().splitlines()[call - 1].strip()
    assert lines[head + 3].startswith("    template: samples/payment-platform/cdk.out.broken-nested/"
                                      "PaymentPlatformEcs1B9A4B17.nested.template.json:")
    assert any(line.startswith("    fix (CDK, Python): Set") for line in lines[head:head + 20])
    assert "note: no CDK source lines" not in proc.stdout


def test_sarif_puts_the_result_on_the_source_line_and_stays_valid(tmp_path):
    out = tmp_path / "out.sarif"
    run_cli("check", "--no-cfn-lint", "--format", f"sarif:{out}", str(BROKEN), cwd=REPO)
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, SARIF_SCHEMA)
    call = line_of(SERVICES, "ecs.FargateService(")
    results = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "E9C01"]
    assert results
    for r in results:
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": SERVICES_SHOWN, "uriBaseId": "%SRCROOT%"}
        assert physical["region"] == {"startLine": call}
        template = r["relatedLocations"][0]
        assert template["message"]["text"].startswith("template position of ")
        assert template["physicalLocation"]["artifactLocation"]["uri"].endswith(".nested.template.json")
        assert "\nFix (CDK, Python): " in r["message"]["text"]
        assert set(r["properties"]["fixes"]) == {"python", "typescript"}


def test_github_annotation_and_junit_on_the_source_line(tmp_path):
    call = line_of(SERVICES, "ecs.FargateService(")
    proc = run_cli("check", "--no-cfn-lint", "--format", "github", str(BROKEN), cwd=REPO)
    ctrl01 = [line for line in proc.stdout.splitlines() if "title=E9C01" in line]
    assert ctrl01
    assert all(line.startswith(f"::error file={SERVICES_SHOWN},line={call},title=E9C01") for line in ctrl01)
    out = tmp_path / "out.xml"
    run_cli("check", "--no-cfn-lint", "--format", f"junit:{out}", str(BROKEN), cwd=REPO)
    texts = [c.find("failure").text for s in ET.parse(out).getroot().findall("testsuite")
             for c in s.findall("testcase") if c.get("name") == "CTRL-01" and c.find("failure") is not None]
    assert len(texts) == 1 and texts[0].count(f"{SERVICES_SHOWN}:{call}: (template ") == len(ctrl01)


def test_an_assembly_without_user_frames_gets_null_and_one_note():
    code, report, _ = run_json("--no-cfn-lint", str(UNTRACED), str(SAMPLES / "blue-green-scenarios" /
                                                                  "cdk.out.native-two-stacks-broken"), cwd=REPO)
    assert code == 1 and len(report["findings"]) == 2
    assert all(f["construct_location"] is None for f in report["findings"])
    notes = [n for n in report["notes"] if n.startswith("no CDK source lines")]
    assert len(notes) == 1  # one note for the run, naming both assemblies
    assert "cdk.out.nlb-codedeploy-broken" in notes[0] and "cdk.out.native-two-stacks-broken" in notes[0]
    assert "JSII_HOST_STACK_TRACES=1" in notes[0]
    proc = run_cli("check", "--no-cfn-lint", str(UNTRACED), cwd=REPO)
    assert proc.stdout.count("note: no CDK source lines") == 1
    # no finding, no note: a correct app's report stays quiet
    code, report, _ = run_json("--no-cfn-lint", str(SAMPLES / "blue-green-scenarios" / "cdk.out.nlb-codedeploy-fixed"))
    assert code == 0 and report["notes"] == []


def test_plain_templates_have_no_source_line_and_no_note():
    code, report, _ = run_json(str(REPO / "tests" / "rules" / "ctrl01" / "bad_default_controller.yaml"))
    assert code == 1 and report["findings"]
    assert all(f["construct_location"] is None and f["language"] is None for f in report["findings"])
    assert report["notes"] == []


def test_the_fix_comes_in_the_language_of_cdk_json(tmp_path):
    app = tmp_path / "app"
    shutil.copytree(UNTRACED, app / "cdk.out")
    (app / "cdk.json").write_text(json.dumps({"app": "npx ts-node --prefer-ts-exts bin/app.ts"}))
    code, report, _ = run_json("--no-cfn-lint", str(app / "cdk.out"))
    (f,) = report["findings"]
    assert f["language"] == "typescript" and f["fix"] == f["fixes"]["typescript"] != f["fixes"]["python"]
    proc = run_cli("check", "--no-cfn-lint", str(app / "cdk.out"))
    assert "fix (CDK, TypeScript): " in proc.stdout
    (app / "cdk.json").unlink()  # no cdk.json, no frames: the Python fix, not labelled with a language
    code, report, _ = run_json("--no-cfn-lint", str(app / "cdk.out"))
    assert report["findings"][0]["language"] is None and report["findings"][0]["fix"] == f["fixes"]["python"]
    assert "fix (CDK): " in run_cli("check", "--no-cfn-lint", str(app / "cdk.out")).stdout


@pytest.mark.parametrize("command,language", [
    ("python3 app.py", "python"), ("python app.py", "python"), (".venv/bin/python -m app", "python"),
    ("uv run app.py", "python"), ("npx ts-node --prefer-ts-exts bin/app.ts", "typescript"),
    ("node bin/app.js", "typescript"), ("npx tsx bin/app.ts", "typescript"), ("mvn -e -q compile exec:java", None),
    ("dotnet run -p src/App/App.csproj", None), ("go mod download && go run app.go", None),
])
def test_language_from_the_app_command(tmp_path, command, language):
    (tmp_path / "cdk.json").write_text(json.dumps({"app": command}))
    assert app_language(tmp_path) == language


def test_the_cdk_out_is_not_written_and_unreadable_sources_are_no_error(tmp_path):
    """A frame naming a file that is not on this machine keeps its line and has no code to show."""
    app = tmp_path / "app"
    shutil.copytree(BROKEN, app / "cdk.out")
    before = {p: p.read_bytes() for p in (app / "cdk.out").rglob("*") if p.is_file()}
    code, report, _ = run_json("--no-cfn-lint", str(app / "cdk.out"), cwd=tmp_path)
    call = line_of(SERVICES, "ecs.FargateService(")
    assert {(f["construct_location"]["file"], f["construct_location"]["line"]) for f in _ctrl01(report)} == \
        {("app/payment_platform/ecs_services.py", call)}
    proc = run_cli("check", "--no-cfn-lint", str(app / "cdk.out"), cwd=tmp_path)
    assert f"    at app/payment_platform/ecs_services.py:{call}" in proc.stdout and " | " not in proc.stdout
    assert before == {p: p.read_bytes() for p in (app / "cdk.out").rglob("*") if p.is_file()}


def test_annotations_stay_on_the_template_when_the_source_file_is_not_here(tmp_path):
    """An assembly synthesized elsewhere (a CI artifact): GitHub and SARIF cannot annotate a file that is not in
    the checkout, so they keep the template position; JSON still says which line of the app it was."""
    shutil.copytree(BROKEN, tmp_path / "cdk.out")
    proc = run_cli("check", "--no-cfn-lint", "--format", "github", "cdk.out", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert len(lines) == 7 and all(line.startswith("::error file=cdk.out/") for line in lines)
    out = tmp_path / "out.sarif"
    run_cli("check", "--no-cfn-lint", "--format", f"sarif:{out}", "cdk.out", cwd=tmp_path)
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, SARIF_SCHEMA)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert all(uri.startswith("cdk.out/") for uri in uris), uris
