"""How the services write: one store transaction per request, and every failure the trader may meet
(a full disk, read-only media, a damaged file, a store opened read-only) as one ServiceError sentence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..store.db import Store, StoreError


class ServiceError(ValueError):
    """A request the service cannot carry out (a bad name, an unknown account…), in plain words."""


@contextmanager
def writing(store: Store) -> Iterator[None]:
    """One transaction of ``store`` (a savepoint inside the caller's); StoreError becomes ServiceError."""
    try:
        with store.transaction():
            yield
    except StoreError as error:
        raise ServiceError(str(error)) from None
