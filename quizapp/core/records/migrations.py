"""The attempt database's schema, as the list of migrations that build it.

``PRAGMA user_version`` holds how many migrations a database has had. Opening a database
applies the missing ones in order, each in its own transaction; a database from a newer
quizapp (a higher version than this list knows) is refused, never rewritten.
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: learners, sessions and their responses.
    """
    CREATE TABLE learner (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE session (
        id INTEGER PRIMARY KEY,
        learner_id INTEGER NOT NULL REFERENCES learner(id),
        mode TEXT NOT NULL,
        bank_fingerprint TEXT NOT NULL,
        seed INTEGER NOT NULL,
        question_ids TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        started_at TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE TABLE response (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES session(id),
        question_id TEXT NOT NULL,
        question_hash TEXT NOT NULL,
        answer TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        hints_used INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        answered_at TEXT NOT NULL
    );
    CREATE INDEX response_by_session ON response(session_id);
    CREATE INDEX session_by_learner ON session(learner_id, finished_at);
    """,
    # 2: what an executed answer ran on, and the parameters of its variant.
    """
    ALTER TABLE response ADD COLUMN variant TEXT;
    ALTER TABLE response ADD COLUMN device TEXT;
    ALTER TABLE response ADD COLUMN torch_version TEXT;
    """,
)
"""Every migration, oldest first; never edit one that has shipped, append a new one."""

SCHEMA_VERSION = len(MIGRATIONS)
