"""Tests of quizapp.core.records."""
