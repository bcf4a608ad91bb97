"""The worker's process entry: ``python -m quizapp.core.execution.worker``."""

from quizapp.core.execution.worker.server import main

if __name__ == "__main__":
    main()
