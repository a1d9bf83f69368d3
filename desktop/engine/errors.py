"""Errors the engine raises for bad input. Each one names the offending field."""

from .boundary.text import printable


class InputError(ValueError):
    """Input the engine cannot use; ``field`` names where it is (e.g. ``balances.SOL.lent``).

    Both parts may quote outside text (a JSON key, a value), so they are kept printable: one line,
    control characters escaped, cut to a readable length (``boundary.text``)."""

    def __init__(self, field: str, problem: str) -> None:
        field, problem = printable(field, 160), printable(problem)
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class ParameterError(InputError):
    """A parameter snapshot that breaks MARGIN_MODEL.md §1."""
