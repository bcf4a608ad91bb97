"""The one exception family of quizapp: every error carries a message meant for a person."""


class QuizAppError(Exception):
    """Base of every error quizapp raises on purpose.

    The message is written for the person at the keyboard; the CLI prints it on stderr
    and exits non-zero, the TUI shows it.
    """

    exit_code: int = 1


class BankError(QuizAppError):
    """A question bank could not be read at all (missing path, unreadable directory)."""


class YamlSourceError(QuizAppError):
    """A YAML file is broken or hostile; carries the 1-based place of the problem."""

    def __init__(self, message: str, line: int, column: int) -> None:
        """Create the error.

        Args:
            message: What is wrong, for the author.
            line: 1-based line of the problem.
            column: 1-based column of the problem.
        """
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
