"""TD-02: LoadBalancers[].ContainerPort must be a containerPort of that container's PortMappings."""

from pathlib import Path

from helpers import findings, line_of, summary

HERE = Path(__file__).parent


def test_unmapped_container_port_is_an_error():
    path = HERE / "bad_container_port.yaml"
    found = findings(path)
    assert summary(found) == [("E9C62", "Service", line_of(path, "ContainerPort: 80", 2))]
    assert "The container web did not have a container port 80 defined." in found[0].message
    assert "that container maps 8080" in found[0].message
    assert [(r.resource, r.line) for r in found[0].related] == [("TaskDef", line_of(path, "PortMappings:"))]


def test_container_port_from_a_parameter_is_an_info():
    path = HERE / "info_container_port_parameter.yaml"
    found = findings(path)
    assert summary(found) == [("I9C62", "Service", line_of(path, "ContainerPort: !Ref AppPort"))]
    assert "parameter AppPort" in found[0].message


def test_mapped_container_port_has_no_finding():
    assert findings(HERE / "good_container_port.yaml") == []
