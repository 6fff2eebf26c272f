"""The CLI's diagnostics go through the ``sitmap`` logger: a summary line by default,
nothing but warnings with --quiet, debug detail with -v; one-line errors are unchanged."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from dashboard.cli import main
from tests.fixtures.fake_pipeline import install_fake_stage


@pytest.fixture
def fake(monkeypatch, tmp_path_factory):
    return install_fake_stage(monkeypatch, tmp_path_factory.mktemp("gaz"))


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "a.txt").write_text("Published: 2025-08-29\n\nVenezuela deployed troops to Caracas.", encoding="utf-8")
    (tmp_path / "b.bin.txt").write_bytes(b"\x00\x01\x02binary")
    return tmp_path


def test_default_logs_the_summary_and_the_skips(fake, corpus):
    r = run("extract", str(corpus), "-o", str(corpus / "out.geojson"))
    assert r.exit_code == 1  # one input skipped
    assert "sitmap: skipped " in r.stderr and "b.bin.txt" in r.stderr
    assert "sitmap: wrote " in r.stderr


def test_quiet_keeps_warnings_only(fake, corpus):
    r = run("--quiet", "extract", str(corpus), "-o", str(corpus / "out.geojson"))
    assert "sitmap: skipped " in r.stderr
    assert "wrote" not in r.stderr


def test_verbose_names_the_logger(fake, corpus):
    r = run("-v", "extract", str(corpus), "-o", str(corpus / "out.geojson"))
    assert "[sitmap]" in r.stderr or "[sitmap." in r.stderr
    assert logging.getLogger("sitmap").level == logging.DEBUG


def test_errors_stay_one_line(fake, tmp_path):
    r = run("--quiet", "events", "--db", str(tmp_path / "s.db"), "--type", "nonsense")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("sitmap: error: unknown event type 'nonsense'")


def test_extract_and_ingest_end_with_one_summary_line(fake, corpus, tmp_path):
    r = run("extract", str(corpus), "-o", str(corpus / "out.geojson"))
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("sitmap: 1 documents read, ") and "events; 1 input(s) skipped (reasons above)" in last
    r = run("ingest", str(corpus), "--db", str(tmp_path / "s.db"))
    assert r.exit_code == 1
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("sitmap: 1 documents added, 0 already in the store; ")
    assert last.endswith("; 1 input(s) skipped (reasons above)")
    assert "b.bin.txt" in r.stderr  # the reason, logged when met


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    import sys

    from tqdm import tqdm

    from dashboard.pipeline import progress
    from dashboard.pipeline.batch import PROGRESS_DELAY

    items = [1, 2, 3]
    assert progress(items) is items  # not a terminal (pytest captures stderr): no bar

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    bar = progress(items, desc="extract")
    assert isinstance(bar, tqdm) and list(bar) == items
    assert PROGRESS_DELAY > 0 and sys.stderr.getvalue() == ""  # a run of a few files ends before it shows
