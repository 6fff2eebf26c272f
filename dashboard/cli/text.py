"""``sitmap geoparse``, ``evaluate`` and ``evaluate-events``: places in texts, and the scores
of the geoparser and of event extraction on gold sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dashboard.cli import common
from dashboard.cli.common import (FORMATS, PATH, emit_json, handle_errors, main)


@main.command()
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--jsonl", "jsonl", type=PATH,
              help="Read {id, text, published?, spans?} objects, one per line ('-' for stdin).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each loads the model once).")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1, 1024))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]), default="json", show_default=True)
@click.option("--alternatives/--no-alternatives", default=True, show_default=True,
              help="Include each toponym's runner-up candidates.")
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(1),
              help="Skip files larger than this.")
@handle_errors
def geoparse(paths, jsonl, workers: int, batch_size: int, fmt: str, alternatives: bool, max_bytes: int) -> None:
    """Find and resolve the places named in PATHS (files, folders, '-' for stdin).

    JSON gives, per document: doc_id, path, title, published and toponyms
    [{text, start, end, role, name, kind, country_code, lat, lon, score, ...}].
    With --jsonl, one output line per input line: {"id", "toponyms"}; given "spans"
    (oracle mode) exactly those spans are resolved, in order.
    Exit status: 0 all read, 1 some inputs skipped (reasons on stderr), 2 usage errors.
    """
    from dashboard.errors import InputError
    from dashboard.pipeline import Inputs, geoparse_records, geoparse_spans, read_jsonl_records

    if bool(paths) == bool(jsonl):
        raise InputError("give either PATHS or --jsonl FILE (not both, not neither)")
    if jsonl:
        for out in geoparse_spans(read_jsonl_records(jsonl), workers=workers, batch_size=batch_size,
                                  alternatives=alternatives):
            click.echo(json.dumps(out, ensure_ascii=False))
        return
    inputs = Inputs(paths, max_bytes=max_bytes)
    results = []
    for rec in geoparse_records(inputs, workers=workers, batch_size=batch_size, alternatives=alternatives):
        if fmt == "jsonl":
            click.echo(json.dumps(rec, ensure_ascii=False))
        elif fmt == "text":
            click.echo(f"# {rec['path'] or rec['doc_id']}  {rec['published'] or 'undated'}  {rec['title'] or ''}"
                       .rstrip())
            for t in rec["toponyms"]:
                where = f"{t['lat']:.3f}, {t['lon']:.3f}" if t["lat"] is not None else "unresolved"
                click.echo(f"  {t['start']:>6}-{t['end']:<6} {t['text']!r} -> {t['name']} [{t['kind']}] "
                           f"{t['country_code'] or ''} ({where}) {t['role']}")
        else:
            results.append(rec)
    if fmt == "json":
        emit_json(results)
    if inputs.failures:
        sys.exit(1)


@main.command()
@click.argument("corpus", type=PATH)
@click.option("--oracle", is_flag=True, help="Resolve the gold spans (scores resolution only).")
@click.option("--limit", type=click.IntRange(1), help="Only the first N documents.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def evaluate(corpus: Path, oracle: bool, limit: int | None, workers: int, fmt: str) -> None:
    """Score the geoparser on a gold corpus in the LGL / TR-News XML format.

    Prints recognition precision/recall/F1 and, on matched toponyms, Acc@161km, mean and
    median error (km) and AUC (Gritta et al. 2019).
    """
    from dashboard.evaluate import evaluate_corpus

    res = evaluate_corpus(corpus, oracle=oracle, limit=limit, workers=workers, gazetteer=common.gazetteer())
    report, area = res["report"], res["acc161_area"]
    if fmt == "json":
        emit_json({"corpus": str(corpus), "oracle": oracle, **report.to_dict(), "acc161_area": area,
                    "realigned_spans": res["realigned_spans"], "descriptions_unscored": res["descriptions_unscored"]})
    else:
        click.echo(f"{corpus} ({'oracle spans' if oracle else 'end to end'})")
        click.echo(report.format_text())
        if area is not None:
            click.echo(f"{'Acc@161km area-aware':<24}{area:.3f}  (gold point inside the resolved "
                       "polygon also counts)")
        if res["descriptions_unscored"]:
            click.echo(f"{'descriptions unscored':<24}{res['descriptions_unscored']}  (\"the capital\", "
                       "\"the coast\": the corpora annotate names only)")


@main.command("train-ranker")
@click.argument("corpora", nargs=-1, required=True, type=PATH)
@click.option("-o", "--output", type=PATH, help="Write the model here (the shipped one: "
              "dashboard/geoparse/ranker.json); without it only the report is printed.")
@click.option("--C", "c", default=1.0, show_default=True, type=click.FloatRange(1e-4, 1e4),
              help="Inverse regularisation strength of the logistic regression.")
@click.option("--model", type=click.Choice(["linear", "trees"]), default="linear", show_default=True,
              help="Gradient-boosted trees or a pairwise logistic regression.")
@click.option("--limit", type=click.IntRange(1), help="Only the first N documents of each corpus.")
@handle_errors
def train_ranker(corpora, output: Path | None, c: float, model: str, limit: int | None) -> None:
    """Fit the geoparser's candidate ranker on gold corpora (LGL / TR-News XML) and print
    oracle Acc@161 with the hand-set weights, in-domain (5-fold by document) and trained
    only on the other corpora."""
    from dashboard.evaluate.ranker import collect, train_report
    from dashboard.geoparse import Geoparser

    gp = Geoparser(gazetteer=common.gazetteer())
    sets = [collect(path, gp, limit=limit) for path in corpora]
    ranker, report = train_report(sets, C=c, model=model)
    if output is not None:
        ranker.save(output)
        report["written"] = str(output)
    emit_json(report)


@main.command("evaluate-events")
@click.argument("gold_dir", type=PATH)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--details", is_flag=True, help="List the gold events missed and the spurious predictions.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_errors
def evaluate_events(gold_dir: Path, workers: int, details: bool, fmt: str) -> None:
    """Score event extraction on a gold set (one folder per story with a gold.json):
    precision, recall and F1 by type; actor, date, forces and modality accuracy."""
    from dashboard.evaluate import evaluate_events as run

    report, counts = run(gold_dir, workers=workers)
    out = {"gold_dir": str(gold_dir), **counts, **report.to_dict(details=details)}
    if fmt == "json":
        emit_json(out)
        return
    click.echo(report.format_text(f"{gold_dir}: {counts['stories']} stories, {counts['documents']} documents",
                                  details=details))


