"""Sessions: what a quiz is made of, and the state machine that asks and grades it."""
