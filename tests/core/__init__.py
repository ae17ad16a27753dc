"""Tests of the pure core: reminder rules, settings, durations and purity."""
