"""What a view works out on the tick worker from each played tick's figures (``Session.tick_warmers``),
so that the GUI thread finds it done for the state it is told about: the Futures form's typed order
(``PreviewAhead``), the stress grid on screen (``GridAhead``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import MarginParameters
    from ..engine.account_figures import AccountFigures
    from ..engine.state import AccountState


class WorkedAhead:
    """A result kept for one state, its parameters and what was asked (``key``), and given back only for
    that very state and parameters (``is``) and an equal key. The slot holds one immutable tuple,
    swapped whole: the worker and the GUI thread never see half of one."""

    def __init__(self) -> None:
        self.done: tuple[AccountState, MarginParameters, object, object] | None = None

    def keep(self, figures: AccountFigures, key: object, result: object) -> None:  # on the worker
        self.done = (figures.state, figures.parameters, key, result)

    def kept(self, state: AccountState, parameters: MarginParameters, key: object = None):
        done = self.done
        if done is not None and done[0] is state and done[1] is parameters and done[2] == key:
            return done[3]
        return None
