"""Tests of quizapp.core.execution."""
