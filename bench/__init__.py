"""Benchmarks at the scales of DESIGN.md §6 and the scale data generator (`make bench`)."""
