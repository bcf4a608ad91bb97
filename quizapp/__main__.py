"""Entry point for ``python -m quizapp`` (the same as the ``quizapp`` command)."""

from quizapp.cli.entry import main

if __name__ == "__main__":
    main()
