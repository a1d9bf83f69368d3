"""The secret store: the OS keyring when there is one; otherwise it says so and keeps nothing."""

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordSetError

from desktop.services.backpack import secrets
from desktop.services.backpack.signing import BadCredentials
from tests.standins.backpack_account_bodies import EXAMPLE_API_KEY, EXAMPLE_SECRET


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict, as an OS keyring would keep them for the session."""

    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.kept = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        del self.kept[(service, username)]


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise PasswordSetError(f"cannot store {password}")  # a backend that quotes what it was given


@pytest.fixture
def use_keyring():
    previous = keyring.get_keyring()

    def use(backend):
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


def test_save_load_forget(use_keyring):
    kept = use_keyring(MemoryKeyring())
    assert secrets.keyring_status().available
    secrets.save_secret(EXAMPLE_API_KEY, EXAMPLE_SECRET + "\n")
    assert kept.kept == {("margin-desk/backpack", EXAMPLE_API_KEY): EXAMPLE_SECRET}
    assert secrets.load_secret(EXAMPLE_API_KEY) == EXAMPLE_SECRET
    assert secrets.forget_secret(EXAMPLE_API_KEY) is True
    assert secrets.load_secret(EXAMPLE_API_KEY) is None
    assert secrets.forget_secret(EXAMPLE_API_KEY) is False


def test_a_pair_that_does_not_belong_together_is_never_saved(use_keyring):
    kept = use_keyring(MemoryKeyring())
    with pytest.raises(BadCredentials):
        secrets.save_secret(EXAMPLE_API_KEY, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    assert kept.kept == {}


def test_without_a_keyring_backend_it_says_so_and_keeps_nothing(use_keyring):
    use_keyring(fail.Keyring())
    status = secrets.keyring_status()
    assert not status.available
    assert status.reason == (
        "no keyring is available on this system: the secret will be asked for each session and never written"
    )
    with pytest.raises(secrets.NoKeyring, match="asked for each session"):
        secrets.save_secret(EXAMPLE_API_KEY, EXAMPLE_SECRET)
    assert secrets.load_secret(EXAMPLE_API_KEY) is None and secrets.forget_secret(EXAMPLE_API_KEY) is False


def test_a_keyring_failure_names_the_backend_never_the_secret(use_keyring):
    use_keyring(RefusingKeyring())
    with pytest.raises(secrets.SecretStoreError) as refused:
        secrets.save_secret(EXAMPLE_API_KEY, EXAMPLE_SECRET)
    assert (
        str(refused.value) == "the keyring (test secrets RefusingKeyring) refused to save the secret (PasswordSetError)"
    )
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
