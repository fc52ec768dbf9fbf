"""Inputs: cloud assemblies (cdk.out) and plain template files, loaded into stacks."""
