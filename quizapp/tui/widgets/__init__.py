"""The app's widgets: one answer widget per question shape, the question view, feedback, runs."""
