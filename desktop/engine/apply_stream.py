"""``apply`` as a stream (MARGIN_MODEL.md §8): each action's result goes to a sink as soon as it is
known, and an ``advance`` hands its events over hour by hour, so a run holds one hour's events in
memory instead of the whole run's (a year of hourly interest on seven assets is ~60,000 events).

A sink sees ``begin()``, then any number of ``events(documents)``, then ``accepted()`` or
``refused(code, message)``; on a refusal it drops what that action streamed (a refused action changes
nothing, so it has no events). ``ResultList`` collects everything for ``apply_contract.apply``;
``desktop.cli.apply_output`` writes it to a spool and then to stdout.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from . import clock
from .apply_contract import advance_target, event_json, parse_state, run_action
from .draft import Draft
from .errors import InputError
from .guard import off_the_grid, out_of_range, within_bounds
from .numbers import engine_precision
from .parameters import MarginParameters
from .state import AccountState, Outcome
from .vocabulary import RefusalCode

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker


if TYPE_CHECKING:
    from typing import Any, Protocol

    class ResultSink(Protocol):
        def begin(self) -> None: ...

        def events(self, documents: list[dict[str, Any]]) -> None: ...

        def accepted(self) -> None: ...

        def refused(self, code: str, message: str) -> None: ...


class ResultList:
    """Every result in memory, in the shape of §8's ``results``."""

    def __init__(self) -> None:
        self.results: list[dict[str, Any]] = []
        self._events: list[dict[str, Any]] = []

    def begin(self) -> None:
        self._events = []

    def events(self, documents: list[dict[str, Any]]) -> None:
        self._events.extend(documents)

    def accepted(self) -> None:
        self.results.append({"ok": True, "events": self._events})

    def refused(self, code: str, message: str) -> None:
        self.results.append({"ok": False, "error": code, "message": message})


@engine_precision
def run_actions(raw_account: Any, raw_actions: Any, parameters: MarginParameters, sink: ResultSink) -> AccountState:
    """Run every action in order into ``sink``; the state after the last one is returned."""
    state = parse_state(raw_account, parameters)
    if not isinstance(raw_actions, list):
        raise InputError("actions", "expected a JSON list of actions")
    for index, entry in enumerate(raw_actions):
        sink.begin()
        if isinstance(entry, Mapping) and entry.get("type") == "advance":
            outcome = stream_advance(state, parameters, advance_target(entry, f"actions[{index}]"), sink)
        else:
            outcome = run_action(state, parameters, entry, index)
            if outcome.accepted:
                sink.events([event_json(event) for event in outcome.events])
        if outcome.refusal is None:
            state = outcome.state
            sink.accepted()
        else:
            sink.refused(outcome.refusal.code, outcome.refusal.message)
    return state


def stream_advance(state: AccountState, parameters: MarginParameters, to: datetime, sink: ResultSink) -> Outcome:
    """``clock.advance_clock``, handing each hour's events to ``sink`` as they happen."""
    refused = clock.advance_refusal(state, to)
    if refused:
        return refused

    def advanced() -> Outcome:
        draft = Draft(state, parameters)
        for _ in clock.advance_hours(draft, to):
            if draft.events:
                unroundable = off_the_grid(tuple(draft.events))  # the guard sees only the last hour's
                if unroundable:
                    return out_of_range(state, RefusalCode.INVALID_TIME, unroundable)
                sink.events([event_json(event) for event in draft.events])
                draft.events.clear()
        outcome = draft.outcome()
        sink.events([event_json(event) for event in outcome.events])
        return outcome

    return within_bounds(state, RefusalCode.INVALID_TIME, advanced)
