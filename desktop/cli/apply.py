"""``margin-desk apply ACCOUNT.json ACTIONS.json``: run actions in order and print the account after (§8).

The answer is streamed (``apply_output``): however long the run, memory holds one hour of events.
"""

from __future__ import annotations

from ..engine import InputError
from .apply_output import streamed_answer
from .common import load_snapshot, problem_of, read_json_file, write_output

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .quick import Arguments


def run(arguments: Arguments) -> int:
    parameters = load_snapshot(arguments.params)
    raw_account = read_json_file(arguments.account)
    raw_actions = read_json_file(arguments.actions)
    try:
        answer = streamed_answer(raw_account, raw_actions, parameters)
    except InputError as error:
        source = arguments.actions if error.field.startswith("actions") else arguments.account
        raise problem_of(error, source) from None
    write_output(answer)
    return 0
