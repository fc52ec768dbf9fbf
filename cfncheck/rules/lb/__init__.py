"""The LB rules."""
