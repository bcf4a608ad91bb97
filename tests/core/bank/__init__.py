"""Tests of quizapp.core.bank."""
