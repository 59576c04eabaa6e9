"""Benchmarks: `make bench` (`python -m bench`) runs every one of them and prints its table."""
