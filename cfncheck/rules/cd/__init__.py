"""The CD rules."""
