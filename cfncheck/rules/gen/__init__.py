"""The GEN rules."""
