"""The one error a data move raises for conditions an operator must fix."""


class MoveError(Exception):
    """A move cannot start or continue (bad URL, source missing, schema behind, copy corrupt)."""
