"""Where attempts are kept: a versioned SQLite database that commits every answer at once."""
