"""The API secret in the operating system's keyring (``keyring``), and nowhere else.

One entry per API key: service ``margin-desk/backpack``, user name the API key (a public key), the
secret as the password. Where no keyring backend exists (a bare Linux session, a CI box),
``keyring_status()`` says so and ``save_secret`` raises ``NoKeyring``: the window then asks for the
secret each session and keeps it in memory only. Nothing here logs, and no message carries the secret.
"""

from __future__ import annotations

from dataclasses import dataclass

from .signing import SigningKey

SERVICE = "margin-desk/backpack"


class SecretStoreError(Exception):
    """The keyring refused or failed; the message names the backend, never the secret."""


class NoKeyring(SecretStoreError):
    """No usable keyring backend: ask for the secret each session and never write it."""


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    backend: str  # e.g. "SecretService Keyring", "macOS Keyring", "fail Keyring"
    reason: str | None = None  # why it is not available, in a sentence for the window


def _backend():
    import keyring

    return keyring.get_keyring()


def _backend_name(backend) -> str:
    name = getattr(backend, "name", None)
    return name if isinstance(name, str) and name else type(backend).__name__


def keyring_status() -> KeyringStatus:
    """Whether secrets can be kept; a backend with priority ≤ 0 (``fail``, ``null``) cannot keep them."""
    try:
        backend = _backend()
    except Exception as error:  # a broken keyring configuration must not break the window
        return KeyringStatus(False, "none", f"the keyring cannot be opened ({type(error).__name__})")
    name = _backend_name(backend)
    try:
        priority = float(getattr(type(backend), "priority", 1))
    except Exception:
        priority = 1.0
    module = type(backend).__module__
    if priority <= 0 or module.endswith((".fail", ".null")) or not _has_children(backend):
        return KeyringStatus(
            False,
            name,
            "no keyring is available on this system: the secret will be asked for each session and never written",
        )
    return KeyringStatus(True, name)


def _has_children(backend) -> bool:
    """A ChainerBackend with no backends behind it keeps nothing."""
    children = getattr(backend, "backends", None)
    return children is None or bool(list(children))


def _require_keyring():
    status = keyring_status()
    if not status.available:
        raise NoKeyring(status.reason or "no keyring is available on this system")
    return _backend()


def save_secret(api_key: str, secret: str) -> None:
    """Keep ``secret`` for ``api_key``, after checking locally that they belong together (``BadCredentials``)."""
    key = SigningKey(api_key, secret)
    backend = _require_keyring()
    try:
        backend.set_password(SERVICE, key.api_key, secret.strip())
    except Exception as error:
        raise SecretStoreError(
            f"the keyring ({_backend_name(backend)}) refused to save the secret ({type(error).__name__})"
        ) from None


def load_secret(api_key: str) -> str | None:
    """The kept secret for ``api_key``, or None (none kept, or no keyring)."""
    status = keyring_status()
    if not status.available:
        return None
    backend = _backend()
    try:
        return backend.get_password(SERVICE, api_key.strip())
    except Exception as error:
        raise SecretStoreError(
            f"the keyring ({_backend_name(backend)}) could not be read ({type(error).__name__})"
        ) from None


def forget_secret(api_key: str) -> bool:
    """*Forget key*: remove the kept secret; True if there was one."""
    status = keyring_status()
    if not status.available:
        return False
    backend = _backend()
    try:
        if backend.get_password(SERVICE, api_key.strip()) is None:
            return False
        backend.delete_password(SERVICE, api_key.strip())
    except Exception as error:
        raise SecretStoreError(
            f"the keyring ({_backend_name(backend)}) could not forget the secret ({type(error).__name__})"
        ) from None
    return True
