"""JUnit XML: one testcase per rule per template. Errors and warnings are failures carrying their messages and
locations; info findings are written to the testcase's output and do not fail it."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from cfncheck.findings import Finding, Severity


def render(findings: list[Finding], templates: list[str], rule_ids: list[str]) -> str:
    """``templates``: every template checked; ``rule_ids``: the rules that ran on each (a passing testcase each).
    A rule is named by its ``check`` (a cfncheck catalog name such as CTRL-01, or a cfn-lint rule ID)."""
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if not f.suppressed:
            by_case[(f.location.template, f.check)].append(f)
    suites = ET.Element("testsuites", name="cfncheck")
    total = failures = 0
    for template in sorted(set(templates) | {t for t, _ in by_case}):
        rules = sorted(set(rule_ids) | {r for t, r in by_case if t == template})
        suite = ET.SubElement(suites, "testsuite", name=template, tests=str(len(rules)))
        suite_failures = 0
        for rule in rules:
            case = ET.SubElement(suite, "testcase", classname=template, name=rule)
            found = by_case.get((template, rule), [])
            failing = [f for f in found if f.severity >= Severity.WARNING]
            if failing:
                suite_failures += 1
                worst = max(f.severity for f in failing)
                failure = ET.SubElement(case, "failure", type=worst.label,
                                        message=f"{len(failing)} finding(s); first: {failing[0].rule} "
                                                f"{failing[0].message}"[:1000])
                failure.text = _lines(failing)
            notes = [f for f in found if f.severity < Severity.WARNING]
            if notes:
                ET.SubElement(case, "system-out").text = _lines(notes)
        suite.set("failures", str(suite_failures))
        total += len(rules)
        failures += suite_failures
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _lines(found: list[Finding]) -> str:
    """One line per finding: where (the app's source line first, when known), the rule, the resource, the text."""
    out = []
    for f in found:
        loc = f.location
        where = f"{loc.template}:{loc.line}:{loc.column}"
        if loc.construct_location is not None:
            where = f"{loc.construct_location.file}:{loc.construct_location.line}: (template {where})"
        out.append(f"{where}: {f.rule} [{loc.stack}/{loc.resource}] {f.message}")
    return "\n".join(out)
