"""The REPL rules: replacement and removal of deployed resources."""
