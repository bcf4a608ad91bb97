"""The one rule for a learner's name, shared by the submission file and every ``--learner`` option."""

MIN_LEARNER_NAME_CHARS = 1
"""A learner name has at least this many characters (a submission file holds no nameless learner)."""
MAX_LEARNER_NAME_CHARS = 200
"""A learner name has at most this many characters."""

LEARNER_NAME_RULE = (
    f"a learner name is {MIN_LEARNER_NAME_CHARS} to {MAX_LEARNER_NAME_CHARS} characters of valid text (UTF-8)"
)
"""What a learner name may be, in words for the person at the keyboard."""


def learner_name_refused(name: str) -> str:
    """Why ``name`` cannot be a learner's name ("" when it can).

    The limits are the submission file's (``Submission.learner``): a session stored under a
    name the file refuses could never be handed in. A name that is not valid UTF-8 (a byte a
    shell passed through, which Python keeps as a lone surrogate) can be neither stored nor
    written out. Control characters are allowed, as the submission file allows them: every
    place that prints a name makes it terminal-safe first.

    Args:
        name: The name as given (``--learner``).
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return f"{LEARNER_NAME_RULE}; this one is not valid UTF-8"
    if len(name) < MIN_LEARNER_NAME_CHARS:
        return f"{LEARNER_NAME_RULE}; this one is empty"
    if len(name) > MAX_LEARNER_NAME_CHARS:
        return f"{LEARNER_NAME_RULE}; this one has {len(name)}"
    return ""
