"""Learning over time: FSRS cards scheduled from graded first attempts, a due queue and progress."""
