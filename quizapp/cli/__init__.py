"""The ``quizapp`` command line: the entry point, one module per command group, shared options."""
