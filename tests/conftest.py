"""Shared test configuration: no test may reach the network.

Every test runs with outbound connections to anything but the loopback interface
refused (browser and server tests talk to localhost only).  Unit tests go further and
may not open any socket connection at all (see tests/unit/conftest.py).
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkBlocked(RuntimeError):
    """Raised when a test tries to reach a non-loopback address."""


def _is_loopback(host) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard(address) -> None:
    if isinstance(address, tuple) and address and not _is_loopback(address[0]):
        raise NetworkBlocked(f"test tried to connect to {address!r}: tests must not use the network")


def _connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _guard(address)
    return _real_connect(self, address)


def _connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _guard(address)
    return _real_connect_ex(self, address)


def _getaddrinfo(host, *args, **kwargs):
    if not _is_loopback(host if not isinstance(host, bytes) else host.decode()):
        raise NetworkBlocked(f"test tried to resolve {host!r}: tests must not use the network")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _getaddrinfo)
    yield


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL + PostGIS server for this test session (see tests/fixtures/postgres.py).
    Not skippable: a machine without it fails these tests with the command to fix it."""
    from tests.fixtures.postgres import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        pytest.fail(f"{exc} — the store contract tests need it", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A new, empty database with PostGIS on the session's server."""
    return pg_server.create_database()
