"""The view the app and the maps open on: the recent activity, not the oldest background."""

from __future__ import annotations

from dashboard.export import recent_window


def test_opens_on_the_dense_recent_span_not_on_history():
    days = ["2013-03-05", "2024-07-28", "2025-02-01", "2025-08-20", "2025-08-23", "2025-08-25", "2025-08-26",
            "2025-08-28", "2025-08-28"]
    assert recent_window(days) == ("2025-08-22", "2025-08-28")


def test_at_least_a_week_and_widening_with_spread_activity():
    assert recent_window(["2026-03-01"]) == ("2026-02-23", "2026-03-01")
    spread = [f"2026-03-{d:02d}" for d in range(1, 31, 3)]
    start, end = recent_window(spread)
    assert end == "2026-03-28" and start <= "2026-03-13"  # most of a month of steady news


def test_no_dates_no_window():
    assert recent_window([]) is None and recent_window([None, ""]) is None
