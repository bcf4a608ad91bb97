"""The full-screen Textual app: a thin layer that arranges widgets over the quiz core."""
