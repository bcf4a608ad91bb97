"""Tests of quizapp.tui."""
