"""``margin-desk evaluate ACCOUNT.json``: value an account and print figures and limits (§8)."""

from __future__ import annotations

from ..engine import InputError
from ..engine.contract import evaluate
from .common import BadInput, load_snapshot, print_json, read_json_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .quick import Arguments


def run(arguments: Arguments) -> int:
    parameters = load_snapshot(arguments.params)
    raw_account = read_json_file(arguments.account)
    try:
        result = evaluate(raw_account, parameters)
    except InputError as error:
        raise BadInput(f"{arguments.account}: {error.field}: {error.problem}") from None
    print_json(result)
    return 0
