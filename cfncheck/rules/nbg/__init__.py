"""The NBG rules."""
