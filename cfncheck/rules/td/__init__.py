"""The TD rules."""
