"""Benchmarks: feed quality on real MIND data, learning curves, speed at company scale.

They drive the same ranker and services the product uses; no second model lives here.
"""
