"""Unit tests are pure: any socket connection, even to localhost, is an error."""

from __future__ import annotations

import socket

import pytest


class SocketBlocked(RuntimeError):
    pass


def _refuse(*args, **kwargs):
    raise SocketBlocked("unit tests must not open network connections")


@pytest.fixture(autouse=True)
def _no_sockets(monkeypatch, _no_internet):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield
