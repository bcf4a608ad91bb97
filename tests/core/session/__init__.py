"""Tests of quizapp.core.session."""
