"""Faults on demand: a Redis that is down, a database that refuses writes."""

from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test import override_settings

from briefs.cache import ResilientRedisCache

CLOSED_PORT = 18299  # in this project's port range, and never listened on


@pytest.fixture
def redis_down():
    """The cache is a Redis server that does not answer (a closed port)."""
    ResilientRedisCache._last_warning = 0.0  # so this test sees the warning
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "briefs.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
    ):
        yield


@contextmanager
def read_only_database():
    """Inside this block the database rejects every write, as during a failover.

    PostgreSQL: the transaction is made read-only (what a hot standby or
    ``default_transaction_read_only`` does to every transaction); SQLite: ``PRAGMA
    query_only``. It runs in a savepoint of the test's transaction, whose rollback at
    the end of the block makes the database writable again.
    """
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION READ ONLY")
        else:
            cursor.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
        transaction.savepoint_rollback(savepoint)
