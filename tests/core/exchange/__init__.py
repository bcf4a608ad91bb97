"""Tests of quizapp.core.exchange."""
