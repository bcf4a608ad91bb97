"""Tests of quizapp.core.grading."""
