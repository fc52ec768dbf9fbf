"""HOOK-07: the blue/green hook is not available in every AWS Region (info, only when the Region is known)."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent  # a cloud assembly: web-osaka (ap-northeast-3) and web-frankfurt (eu-central-1)


def at_template(path: Path, key: str, nth: int = 1) -> tuple[str | None, int]:
    """A finding about a template section (Transform, Hooks, Outputs, Parameters) sits on that key."""
    return None, line_of(path, key, nth)


def test_stack_in_osaka_is_info_and_frankfurt_is_silent():
    found = findings(HERE)
    osaka = HERE / "bad_osaka.template.json"
    assert summary(found) == [("I9D57", *at_template(osaka, '"CodeDeployBlueGreenHook": {'))]
    assert found[0].location.stack == "web-osaka"
    assert "ap-northeast-3 (Asia Pacific (Osaka))" in found[0].message


def test_region_unknown_is_silent():
    # the same template outside its assembly has no Region: nothing to say
    assert findings(HERE / "bad_osaka.template.json") == []
    assert findings(HERE / "good_frankfurt.template.json") == []
