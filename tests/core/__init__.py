"""Tests of quizapp.core."""
