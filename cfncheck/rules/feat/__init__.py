"""The FEAT rules."""
