"""Errors the engine raises for bad input. Each one names the offending field."""


class InputError(ValueError):
    """Input the engine cannot use; ``field`` names where it is (e.g. ``balances.SOL.lent``)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class ParameterError(InputError):
    """A parameter snapshot that breaks MARGIN_MODEL.md §1."""
