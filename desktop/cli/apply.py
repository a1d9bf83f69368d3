"""``margin-desk apply ACCOUNT.json ACTIONS.json``: run actions in order and print the account after (§8)."""

from __future__ import annotations

from ..engine import InputError
from ..engine.apply_contract import apply
from .common import BadInput, load_snapshot, print_json, read_json_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .quick import Arguments


def run(arguments: Arguments) -> int:
    parameters = load_snapshot(arguments.params)
    raw_account = read_json_file(arguments.account)
    raw_actions = read_json_file(arguments.actions)
    try:
        result = apply(raw_account, raw_actions, parameters)
    except InputError as error:
        source = arguments.actions if error.field.startswith("actions") else arguments.account
        raise BadInput(f"{source}: {error.field}: {error.problem}") from None
    print_json(result)
    return 0
