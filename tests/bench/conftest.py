"""The benchmark is a script, not tests: keep pytest out of this folder."""
collect_ignore_glob = ["*"]
