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
    # 3: learning over time (quizapp.core.learning): a learner's FSRS card per question, its reviews.
    """
    CREATE TABLE card (
        id INTEGER PRIMARY KEY,
        learner_id INTEGER NOT NULL REFERENCES learner(id),
        question_id TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        topic TEXT NOT NULL,
        fsrs TEXT NOT NULL,
        due TEXT NOT NULL,
        introduced_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (learner_id, question_id)
    );
    CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES card(id),
        question_type TEXT NOT NULL,
        rating INTEGER NOT NULL,
        seconds REAL NOT NULL,
        retrievability REAL NOT NULL,
        reviewed_at TEXT NOT NULL
    );
    CREATE INDEX review_by_card ON review(card_id);
    """,
    # 4: a review names the answer it came from; a learner's FSRS parameters fitted to their reviews.
    """
    ALTER TABLE review ADD COLUMN response_id INTEGER REFERENCES response(id);
    CREATE TABLE fsrs_parameters (
        learner_id INTEGER PRIMARY KEY REFERENCES learner(id),
        parameters TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        fitted_at TEXT NOT NULL
    );
    """,
)
"""Every migration, oldest first; never edit one that has shipped, append a new one."""

SCHEMA_VERSION = len(MIGRATIONS)
