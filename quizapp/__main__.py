"""Entry point for ``python -m quizapp``."""

from quizapp.cli import main

if __name__ == "__main__":
    main()
