"""``evaluate`` and ``apply`` read their command line without argparse.

Importing argparse and building the whole parser cost more than valuing an account, and these two
commands have a start-up budget (within twice a bare Python start). Their command lines are plain:
the command, its files in order, and ``--params FILE`` (or ``--params=FILE``) anywhere after the
command. Anything else (``--help``, an option before the command, a missing file, any mistake) is
left to argparse, which words the help and the errors. Both readings set the same attributes.
"""

from __future__ import annotations

from types import SimpleNamespace

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    Arguments = argparse.Namespace | SimpleNamespace

FILES = {"evaluate": ("account",), "apply": ("account", "actions")}


def quick_arguments(argv: Sequence[str], handler: Callable[[str], Callable[..., int]]) -> SimpleNamespace | None:
    """What argparse would make of ``argv`` for ``evaluate`` and ``apply``, or None to ask argparse."""
    if not argv or argv[0] not in FILES:
        return None
    command, words = argv[0], list(argv[1:])
    files: list[str] = []
    params = None
    while words:
        word = words.pop(0)
        if word == "--params" and words and not words[0].startswith("-"):
            params = words.pop(0)
        elif word.startswith("--params="):
            params = word.removeprefix("--params=")
        elif word.startswith("-"):
            return None
        else:
            files.append(word)
    names = FILES[command]
    if len(files) != len(names):
        return None
    return SimpleNamespace(
        data_dir=None,
        smoke_test=False,
        open_account=None,
        handler=handler(command),
        params=params,
        **dict(zip(names, files)),
    )
