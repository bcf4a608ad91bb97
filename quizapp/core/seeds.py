"""The one range every seed is taken from: sessions, assignments, variants and the lab."""

SEED_LIMIT = 2**63
"""Seeds are stored as SQLite INTEGERs (signed 64 bits) and handed to torch's generators:
every seed is ``0 <= seed < SEED_LIMIT``."""
