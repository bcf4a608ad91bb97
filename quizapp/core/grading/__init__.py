"""Grading: raw answers against keys, code judged by running it, keys verified by torch."""
