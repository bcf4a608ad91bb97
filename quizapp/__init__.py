"""quizapp: a terminal quiz app for learning gradient clipping in PyTorch."""

__version__ = "0.1.0"
