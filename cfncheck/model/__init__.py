"""The blue/green model: every relation between the resources of a run, computed once (see bluegreen.py)."""

from cfncheck.model.bluegreen import Model

__all__ = ["Model"]
