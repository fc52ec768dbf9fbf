"""The IAM rules."""
