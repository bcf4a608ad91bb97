"""The Textual-free, torch-free domain core of quizapp.

Nothing in this package may import Textual or torch: the TUI is a thin layer on top,
and torch lives only inside the execution worker process.
"""
