"""Reading a file a person named: refused unread when it is not a regular file or is too large.

A FIFO with no writer, a terminal or a device would block ``open`` or ``read`` for ever; a
directory has no bytes. Every file a grader or an author names (submissions, assignments,
rosters, shard outputs, banks to import) is read through here.
"""

import os
import stat
from pathlib import Path

from quizapp.core.errors import QuizAppError


class UnreadableFileError(QuizAppError):
    """A named file is not a regular file, cannot be read, or is larger than its kind allows."""

    def __init__(self, message: str, *, too_large: bool = False, failed_read: bool = False) -> None:
        """``message`` completes "cannot read PATH: ".

        Args:
            message: The reason, in words.
            too_large: Only its size was refused.
            failed_read: Opening or reading it failed (the message is the system's).
        """
        super().__init__(message)
        self.too_large = too_large
        self.failed_read = failed_read


_FILE_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_regular_file(path: Path, most_bytes: int) -> bytes:
    """The bytes of ``path``, opened without waiting and refused unless it is a regular file.

    Args:
        path: The file.
        most_bytes: Refuse it when it holds more.

    Raises:
        UnreadableFileError: Its message ("it is not a regular file but a FIFO …", "it is larger
            than 4 MiB") completes "cannot read PATH: " in the caller's words.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        raise UnreadableFileError(str(error.strerror or error), failed_read=True) from None
    kind = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(kind):
        os.close(descriptor)
        what = _FILE_KINDS.get(stat.S_IFMT(kind), "something else")
        raise UnreadableFileError(f"it is not a regular file but {what}; refused")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(most_bytes + 1)
        except OSError as error:
            raise UnreadableFileError(str(error.strerror or error), failed_read=True) from None
    if len(data) > most_bytes:
        raise UnreadableFileError(f"it is larger than {_size(most_bytes)}", too_large=True)
    return data


def _size(count: int) -> str:
    mib = 1024 * 1024
    return f"{count // mib} MiB" if count % mib == 0 else f"{count} bytes"
