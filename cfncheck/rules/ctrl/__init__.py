"""The CTRL rules."""
