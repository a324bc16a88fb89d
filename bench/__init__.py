"""Benchmarks: each runs alone (``python -m bench.dialog``) or all via ``python -m bench``."""
