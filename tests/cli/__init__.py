"""Tests of quizapp.cli."""
