"""The store's ingest lock serialises ingests into one store (threads here; processes
share the same flock)."""

from __future__ import annotations

import threading
import time

from dashboard.pipeline import store_ingest_lock


def test_a_second_ingest_waits_for_the_first_and_other_stores_do_not(tmp_path):
    db = tmp_path / "deep" / "s.db"
    order: list[str] = []
    got_other = threading.Event()

    def second():
        with store_ingest_lock(db):
            order.append("second")

    def other_store():
        with store_ingest_lock(tmp_path / "other.db"):
            got_other.set()

    with store_ingest_lock(db):  # creates the folder and the lock file
        t = threading.Thread(target=second)
        t.start()
        u = threading.Thread(target=other_store)
        u.start()
        assert got_other.wait(10)  # another store is not blocked
        time.sleep(0.3)
        assert order == []  # the same store is
        order.append("first")
    t.join(10)
    u.join(10)
    assert order == ["first", "second"] and (tmp_path / "deep" / "s.db.ingest.lock").exists()
