"""The UPD rules."""
