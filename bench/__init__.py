"""Benchmarks: each module runs on its own with `python -m bench.<name>`."""
