"""Tests of quizapp.core.model."""
