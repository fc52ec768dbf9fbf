"""The HOOK rules."""
