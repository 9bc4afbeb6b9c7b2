"""The `communique` command line: Typer for commands, Rich for output.

Exit codes: 0 all went in (duplicates are fine), 1 some input failed or nothing was found
where something was required, 2 usage error (Typer's own).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from communique import __version__
from communique.annotators.evaluation import evaluate, read_gold
from communique.annotators.pipeline import DEFAULT_MODEL, AnnotationInput, PipelineConfig, load_pipeline
from communique.annotators.pipeline import annotate as annotate_texts
from communique.documents.model import Document
from communique.interfaces import commands_analyses, commands_export, commands_reuse, commands_semantic
from communique.kb import load_kb
from communique.kb.check import check as check_kb
from communique.sources import ReadOptions, expand_inputs
from communique.sources.base import DEFAULT_MAX_BYTES, ReadFailure
from communique.store import database
from communique.store.annotate import annotate_store
from communique.store.database import StoreError
from communique.store.ingest import IngestEvent, IngestOptions, IngestSummary, ingest, process_input
from communique.store.store import Store, document_from_row

app = typer.Typer(
    help="communique: foreign-policy texts into an evidence-linked, searchable store.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance (migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")
kb_app = typer.Typer(help="The knowledge base: check, show, search, candidates.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

console = Console()
err_console = Console(stderr=True)
# Libraries' own warnings (short pages, odd PDF objects) are noise next to our one-line errors.
for noisy in ("trafilatura", "htmldate", "pypdf", "charset_normalizer"):
    logging.getLogger(noisy).setLevel(logging.ERROR)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database file or URL (default ./communique.db, or $COMMUNIQUE_DB).", show_default=False
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def sample_corpus() -> Path:
    return Path(str(files("communique") / "data" / "sample"))


def open_store(db: str | None) -> Store:
    try:
        return Store.open(db)
    except StoreError as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(1) from error


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def parse_field_map(fields: list[str] | None) -> dict[str, str]:
    mapping = {}
    for item in fields or []:
        target, sep, column = item.partition("=")
        if not sep or not target or not column:
            raise typer.BadParameter(
                f"{item!r}: use FIELD=COLUMN, e.g. --field text=body_html", param_hint="--field"
            )
        mapping[target.strip()] = column.strip()
    return mapping


@app.command("version")
def version_command() -> None:
    """Print the version."""
    console.print(f"communique {__version__}")


@app.command("ingest")
def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, URLs or feeds.")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parallel parsing processes.")] = 1,
    field: Annotated[
        list[str] | None, typer.Option("--field", help="Map a record field: --field text=body (repeatable).")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Largest input file accepted.")
    ] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary line.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per document.")] = False,
    annotate: Annotated[
        bool, typer.Option("--annotate/--no-annotate", help="Also link actors and formulations (slower).")
    ] = False,
) -> None:
    """Read documents into the store: cleaned, deduplicated, searchable."""
    options = IngestOptions(
        read=ReadOptions(max_bytes=max_bytes, field_map=parse_field_map(field)), workers=workers
    )
    store = open_store(db)
    items = expand_inputs(inputs)
    summary = run_ingest(store, items, options, quiet=quiet, verbose=verbose)
    print_summary(summary, quiet)
    if annotate:
        run_annotate(store, PipelineConfig(n_process=workers), quiet=quiet)
    raise typer.Exit(summary.exit_code)


def run_ingest(
    store: Store, items: list[str], options: IngestOptions, quiet: bool = False, verbose: bool = False
) -> IngestSummary:
    """Ingest with a progress bar on a terminal, periodic plain lines otherwise."""

    def report(event: IngestEvent) -> None:
        if event.outcome == "failed":
            err_console.print(f"[red]failed[/red] {escape(event.message())}", highlight=False, soft_wrap=True)
        elif verbose or (event.outcome != "ingested" and not quiet):
            console.print(f"[dim]{escape(event.message())}[/dim]", highlight=False, soft_wrap=True)

    if quiet or not console.is_terminal:
        last_line = time.monotonic()
        done = 0

        def input_done(_item: str) -> None:
            nonlocal last_line, done
            done += 1
            if not quiet and time.monotonic() - last_line > 5:
                last_line = time.monotonic()
                console.print(f"{done}/{len(items)} inputs read", highlight=False)

        return ingest(store, items, options, on_event=report, on_input_done=input_done)

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("inputs · {task.fields[documents]} documents · {task.fields[rate]}/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=len(items), documents=0, rate="0")
        started = time.perf_counter()
        count = 0

        def on_event(event: IngestEvent) -> None:
            nonlocal count
            count += 1
            rate = count / max(time.perf_counter() - started, 1e-6)
            progress.update(task, documents=count, rate=f"{rate:,.0f}")
            report(event)

        return ingest(
            store, items, options, on_event=on_event, on_input_done=lambda _i: progress.advance(task)
        )


def print_summary(summary: IngestSummary, quiet: bool = False) -> None:
    counts = summary.counts
    if quiet:
        console.print(
            f"ingested {counts['ingested']}, duplicates {counts['duplicate']}, "
            f"near-duplicates {counts['near_duplicate']}, failed {counts['failed']}",
            highlight=False,
        )
        return
    table = Table(title=f"Ingest run {summary.run_id} ({summary.seconds:.1f} s)")
    table.add_column("outcome")
    table.add_column("documents", justify="right")
    table.add_row("ingested", str(counts["ingested"]))
    table.add_row("duplicates", str(counts["duplicate"]))
    table.add_row("near-duplicates (stored, linked)", str(counts["near_duplicate"]))
    table.add_row("failed", f"[red]{counts['failed']}[/red]" if counts["failed"] else "0")
    console.print(table)
    if counts["failed"]:
        console.print("See [bold]communique errors[/bold] for what failed and why.")


def run_annotate(store: Store, config: PipelineConfig, force: bool = False, quiet: bool = False) -> None:
    """Annotate what is not annotated yet, with a progress bar on a terminal."""
    total = store.count_documents() if force else store.count_unannotated()
    if total == 0:
        if not quiet:
            console.print("Every document is already annotated (use --force to redo).")
        return
    try:
        if quiet or not console.is_terminal:
            summary = annotate_store(store, config, force=force)
        else:
            with Progress(
                SpinnerColumn(),
                TextColumn("[bold]annotate[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("annotate", total=total)
                summary = annotate_store(
                    store, config, force=force, on_document=lambda _d: progress.advance(task)
                )
    except RuntimeError as error:
        raise fail(str(error)) from error
    rate = summary.words / summary.seconds if summary.seconds else 0
    console.print(
        f"annotated {summary.documents} documents ({summary.words:,} words, {rate:,.0f} words/s)",
        highlight=False,
    )


@app.command("annotate")
def annotate_command(
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-annotate documents already annotated.")] = False,
    model: Annotated[str, typer.Option("--model", help="spaCy model package or path.")] = DEFAULT_MODEL,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="spaCy processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Link actors to the knowledge base and find official formulations in stored documents."""
    run_annotate(open_store(db), PipelineConfig(model=model, n_process=workers), force=force, quiet=quiet)


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='FTS5 query: words, "a phrase", AND/OR/NOT, prefix*.')] = "",
    db: DbOption = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only documents mentioning this KB id (PAK).")
    ] = None,
    formulation: Annotated[
        str | None, typer.Option("--formulation", help="Only documents using this formulation id.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY[-MM[-DD]]).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="ISO 639-1 language code.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 10,
    as_json: JsonOption = False,
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic",
            help="Rank sentences by meaning, not words (needs the semantic extra and `communique embed`).",
        ),
    ] = False,
    source: Annotated[
        str | None, typer.Option("--source", help="Only this outlet (with --semantic).")
    ] = None,
) -> None:
    """Full-text search over titles and clean text, with citations (--semantic: by meaning)."""
    if semantic:
        commands_semantic.semantic_search_command(
            query, db, since, until, lang, source, actor, formulation, limit, as_json
        )
        return
    if source:
        raise fail("--source works with --semantic only", 2)
    store = open_store(db)
    try:
        hits = store.search(
            query, since=since, until=until, language=lang, limit=limit, actor=actor, formulation=formulation
        )
    except StoreError as error:
        raise fail(str(error), 2) from error
    if as_json:
        for hit in hits:
            sys.stdout.write(json.dumps(hit.as_dict(), ensure_ascii=False) + "\n")
        return
    if not hits:
        console.print(f"No documents match {query!r}.")
        return
    for rank, hit in enumerate(hits, 1):
        print_hit(rank, hit)


def print_hit(rank: int, hit) -> None:  # noqa: ANN001 - SearchHit
    snippet = escape(hit.snippet).replace("&lt;mark&gt;", "<mark>")
    snippet = snippet.replace("<mark>", "[bold yellow]").replace("</mark>", "[/bold yellow]")
    title = escape(hit.title or "(untitled)")
    console.print(
        f"[bold]{rank}. {title}[/bold]  [dim]{hit.published or 'date unknown'}[/dim]", highlight=False
    )
    console.print(f"   {snippet}", highlight=False)
    console.print(
        f"   [cyan]\\[{hit.id} ¶{hit.paragraph}][/cyan] [dim]{escape(hit.origin)}[/dim]", highlight=False
    )


@app.command("show")
def show_command(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    db: DbOption = None,
    raw: Annotated[bool, typer.Option("--raw", help="Show the raw text as read, before cleaning.")] = False,
    as_json: JsonOption = False,
) -> None:
    """A document's metadata and clean text."""
    store = open_store(db)
    record = store.get_document(doc_id)
    if record is None:
        raise fail(f"no document {doc_id!r} (try `communique search` to find ids)")
    annotations = store.get_annotations(record["id"])
    if as_json:
        payload = document_from_row(record).to_contract(annotations)
        payload["origins"] = record["origins"]
        payload["near_duplicates"] = record["near_duplicates"]
        if raw:
            payload["raw_text"] = record["raw_text"]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table(show_header=False, box=None)
    for label, value in (
        ("id", record["id"]),
        ("title", record["title"]),
        ("published", record["published"] and f"{record['published']} (from {record['published_source']})"),
        ("authors", "; ".join(record["authors"])),
        ("credits", "; ".join(record["credits"])),
        ("language", record["language"]),
        ("source", record["source_name"]),
        ("url", record["url"]),
        ("origin", " | ".join(record["origins"])),
        ("near-duplicate of", record["near_duplicate_of"]),
        ("near-duplicates", ", ".join(record["near_duplicates"])),
        ("paragraphs", str(len(record["paragraphs"]))),
        (
            "actors",
            annotations
            and ", ".join(
                f"{e['name']} ({e['id'] or e['type'].lower()}) x{len(e['mentions'])}"
                for e in annotations["entities"]
            ),
        ),
        (
            "formulations",
            annotations
            and ", ".join(f"{f['id']} x{len(f['mentions'])}" for f in annotations["formulations"]),
        ),
    ):
        if value:
            table.add_row(f"[bold]{label}[/bold]", escape(str(value)))
    console.print(table)
    console.rule()
    if raw:
        console.print(escape(record["raw_text"]), highlight=False)
    else:
        for index, (start, end) in enumerate(record["paragraphs"]):
            console.print(f"[dim]¶{index}[/dim] {escape(record['text'][start:end])}\n", highlight=False)


@app.command("stats")
def stats_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """What the store holds."""
    stats = open_store(db).stats()
    if as_json:
        sys.stdout.write(json.dumps(stats.__dict__, ensure_ascii=False) + "\n")
        return
    table = Table(title="communique store")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("documents", f"{stats.documents:,}")
    table.add_row("near-duplicates", f"{stats.near_duplicates:,}")
    table.add_row("characters of clean text", f"{stats.characters:,}")
    table.add_row("ingest runs", f"{stats.runs:,}")
    table.add_row("recorded errors", f"{stats.errors:,}")
    for title, values in (
        ("language", stats.by_language),
        ("format", stats.by_kind),
        ("year", stats.by_year),
    ):
        table.add_row(f"[bold]by {title}[/bold]", ", ".join(f"{k} {v}" for k, v in values.items()))
    console.print(table)


@app.command("errors")
def errors_command(
    db: DbOption = None,
    run: Annotated[int | None, typer.Option("--run", help="Only this ingest run (default: all).")] = None,
    last: Annotated[bool, typer.Option("--last", help="Only the latest ingest run.")] = False,
    as_json: JsonOption = False,
) -> None:
    """What failed to ingest, and why."""
    store = open_store(db)
    run_id = store.last_run_id() if last else run
    rows = store.errors(run_id)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not rows:
        console.print("No ingest errors recorded.")
        return
    table = Table(title=f"{len(rows)} ingest errors")
    table.add_column("run", justify="right")
    table.add_column("input")
    table.add_column("reason")
    for row in rows:
        table.add_row(str(row["run"]), escape(row["origin"]), escape(row["reason"]))
    console.print(table)


@app.command("extract")
def extract_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs or URLs.")],
    field: Annotated[list[str] | None, typer.Option("--field", help="Map a record field: text=body.")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes")] = DEFAULT_MAX_BYTES,
    annotate: Annotated[
        bool, typer.Option("--annotate/--no-annotate", help="Link actors and formulations (default on).")
    ] = True,
    model: Annotated[str, typer.Option("--model", help="spaCy model package or path.")] = DEFAULT_MODEL,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="spaCy processes.")] = 1,
) -> None:
    """Read, clean and annotate without a database: one JSON object per document on stdout (the contract)."""
    options = ReadOptions(max_bytes=max_bytes, field_map=parse_field_map(field))
    failed = 0

    def documents() -> Iterator[Document]:
        nonlocal failed
        for item in expand_inputs(inputs):
            for result in process_input(item, options):
                if isinstance(result, ReadFailure):
                    failed += 1
                    err_console.print(
                        f"[red]failed[/red] {escape(result.message())}", highlight=False, soft_wrap=True
                    )
                else:
                    yield result

    if annotate:
        config = PipelineConfig(model=model, n_process=workers)
        try:
            nlp = load_pipeline(config)
        except RuntimeError as error:
            raise fail(str(error)) from error
        inputs_stream = (AnnotationInput(d.text, d.published, d.language, key=d) for d in documents())
        for document, annotations in annotate_texts(nlp, inputs_stream, config):
            sys.stdout.write(json.dumps(document.to_contract(annotations), ensure_ascii=False) + "\n")
    else:
        for document in documents():
            sys.stdout.write(json.dumps(document.to_contract(), ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command("demo")
def demo_command(db: DbOption = None) -> None:
    """Ingest the bundled sample corpus, then show a summary and a sample search."""
    store = open_store(db)
    corpus = sample_corpus()
    console.print(f"[bold]Ingesting the bundled sample corpus[/bold] from {corpus}")
    summary = run_ingest(store, expand_inputs([str(corpus)]), IngestOptions())
    print_summary(summary)
    run_annotate(store, PipelineConfig())
    stats_command(db)
    query = '"shared future"'
    console.rule(f"[bold]communique search '{query}'[/bold]")
    for rank, hit in enumerate(store.search(query, limit=3), 1):
        print_hit(rank, hit)
    console.rule("[bold]communique search --actor PAK[/bold]")
    for rank, hit in enumerate(store.search("", actor="PAK", limit=3), 1):
        print_hit(rank, hit)
    formulations_command(db, limit=8)
    console.print(
        "\nThe sample includes one deliberately broken file, so one failure above is expected. "
        "Try [bold]communique search[/bold], [bold]show[/bold], [bold]events[/bold], [bold]claims[/bold], "
        "[bold]actor PAK[/bold], [bold]timeline[/bold], [bold]errors[/bold], [bold]export[/bold], "
        "[bold]serve[/bold]."
    )


def cite(citation: dict, width: int = 200) -> str:
    """Evidence text with its citation: document id and sentence number."""
    where = f"{citation['document']} s{citation['sentence']}"
    return f"{escape(citation['text'][:width])} [cyan]\\[{where}][/cyan]"


@app.command("events")
def events_command(
    db: DbOption = None,
    source: Annotated[str | None, typer.Option("--source", help="Source actor KB id (CHN).")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Target actor KB id (USA).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type (AGREE, ACCUSE...).")] = None,
    since: Annotated[str | None, typer.Option(help="Events dated on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Events dated on or before.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted, planned, negated, ...")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 30,
    as_json: JsonOption = False,
) -> None:
    """Who did what to whom: PLOVER events with their citations."""
    rows = open_store(db).events(source, target, event_type, since, until, modality, limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    table = Table(title=f"{len(rows)} events")
    for column in ("date", "source", "type", "mode", "target", "modality", "evidence"):
        table.add_column(column)
    for row in rows:
        citation = row["citation"]
        table.add_row(
            row["when"] or "?",
            escape(row["source"] or row["source_text"] or "?"),
            row["type"],
            row["mode"] or "",
            escape(row["target"] or row["target_text"] or "-"),
            row["modality"],
            cite(citation, 80),
        )
    console.print(table)


@app.command("claims")
def claims_command(
    db: DbOption = None,
    about: Annotated[
        str | None, typer.Option("--about", help="What is counted (masks, countries, yuan...).")
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor the claim is about (KB id).")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="count, money, percent, change, anniversary.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 30,
    as_json: JsonOption = False,
) -> None:
    """Figures the texts claim, with qualifiers and citations."""
    rows = open_store(db).claims(about, actor, kind, limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    table = Table(title=f"{len(rows)} claims")
    for column in ("published", "qualifier", "value", "unit", "kind", "about", "evidence"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for row in rows:
        citation = row["citation"]
        value = "?" if row["value"] is None else f"{row['value']:,.6g}"
        if row["value_max"] is not None:
            value += f"-{row['value_max']:,.6g}"
        table.add_row(
            row["published"] or "?",
            row["qualifier"] or "",
            value,
            escape(f"{row['unit'] or ''} {row['currency'] or ''}".strip()),
            row["kind"],
            row["about"] or "",
            cite(citation),
        )
    console.print(table)


@app.command("formulations")
def formulations_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Official formulations in the store, by number of documents using them."""
    store = open_store(db)
    kb = load_kb()
    names = {f.id: f for f in kb.formulations}
    rows = store.formulation_counts()[:limit]
    if as_json:
        for row in rows:
            formulation = names.get(row["formulation_id"])
            row["name"] = formulation.name if formulation else None
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title="Formulations by documents")
    wide = console.width >= 100  # a narrow terminal keeps the columns that answer "which, how often, when"
    columns = (
        ("formulation", "zh", "category", "documents", "mentions", "first", "latest")
        if wide
        else ("formulation", "documents", "first", "latest")
    )
    for column in columns:
        table.add_column(column, justify="right" if column in ("documents", "mentions") else "left")
    for row in rows:
        formulation = names.get(row["formulation_id"])
        values = {
            "formulation": escape(formulation.name if formulation else row["formulation_id"]),
            "zh": formulation.zh[0] if formulation and formulation.zh else "",
            "category": formulation.category if formulation else "",
            "documents": str(row["documents"]),
            "mentions": str(row["mentions"]),
            "first": row["first"] or "?",
            "latest": row["latest"] or "?",
        }
        table.add_row(*(values[column] for column in columns))
    console.print(table)


@kb_app.command("check")
def kb_check(
    kb_dir: Annotated[str | None, typer.Option("--kb-dir", help="Another KB directory.")] = None,
) -> None:
    """Validate the knowledge base: schema, ids, ISO codes, references, terms of office, collisions."""
    report = check_kb(load_kb(kb_dir))
    table = Table(title="knowledge base")
    table.add_column("kind")
    table.add_column("entries", justify="right")
    for kind, count in sorted(report.counts.items()):
        table.add_row(kind, str(count))
    console.print(table)
    for collision in report.collisions:
        console.print(f"[yellow]collision[/yellow] {escape(collision)}", highlight=False)
    for error in report.errors:
        err_console.print(f"[red]error[/red] {escape(error)}", highlight=False)
    if report.errors:
        raise typer.Exit(1)
    console.print(f"[green]ok[/green]: no errors, {len(report.collisions)} alias collisions resolved by rule")


@kb_app.command("show")
def kb_show(
    entry_id: Annotated[str, typer.Argument(help="KB id, e.g. CHN, org:who, person:wang-yi")],
) -> None:
    """One knowledge-base entry with all its facts."""
    kb = load_kb()
    entry = kb.get(entry_id)
    formulation = next((f for f in kb.formulations if f.id == entry_id), None)
    if entry is None and formulation is None:
        matches = kb.search(entry_id, limit=5)
        hint = f" (did you mean {', '.join(m.id for m in matches)}?)" if matches else ""
        raise fail(f"no KB entry {entry_id!r}{hint}")
    data = entry.data if entry else formulation.__dict__
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


@kb_app.command("search")
def kb_search(
    text: Annotated[str, typer.Argument()], limit: Annotated[int, typer.Option("--limit", "-n")] = 20
) -> None:
    """Entries whose name, alias or acronym contains TEXT."""
    table = Table()
    for column in ("id", "type", "name", "country"):
        table.add_column(column)
    for entry in load_kb().search(text, limit=limit):
        table.add_row(entry.id, entry.type, escape(entry.name), entry.country or "")
    console.print(table)


@kb_app.command("candidates")
def kb_candidates(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
    as_json: JsonOption = False,
) -> None:
    """The most frequent names in the store that the KB does not know: candidates to add."""
    rows = open_store(db).unlinked_candidates(limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title="Unlinked names (add them to src/communique/kb/*.yaml)")
    for column in ("name", "type", "documents", "mentions"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            escape(row["entity_name"]), row["entity_type"], str(row["documents"]), str(row["mentions"])
        )
    console.print(table)


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotations, JSON Lines (see docs/evaluation.md).")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss.")] = False,
    as_json: JsonOption = False,
    model: Annotated[str, typer.Option("--model")] = DEFAULT_MODEL,
) -> None:
    """Score entity linking, unlinked entities and formulations against gold annotations."""
    if not gold.is_file():
        raise fail(f"{gold}: no such file", 2)
    config = PipelineConfig(model=model)
    report = evaluate(read_gold(gold), load_pipeline(config), config)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    table = Table(title=f"Evaluation on {report.documents} documents")
    for column in ("task", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "task" else "right")
    for name, score in list(report.scores.items()) + [
        (f"  linking: {k}", v) for k, v in sorted(report.by_type.items())
    ]:
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.tp),
            str(score.fp),
            str(score.fn),
        )
    console.print(table)
    if report.accuracies:
        accuracy_table = Table(title="Accuracies")
        for column in ("measure", "accuracy", "correct", "total"):
            accuracy_table.add_column(column, justify="left" if column == "measure" else "right")
        for name, accuracy in report.accuracies.items():
            accuracy_table.add_row(name, f"{accuracy.value:.3f}", str(accuracy.correct), str(accuracy.total))
        console.print(accuracy_table)
    if verbose:
        for miss in report.misses:
            console.print(
                f"[dim]{miss['document']}[/dim] {miss['task']} {miss['kind']}: {escape(str(miss['text']))} "
                f"-> {miss['id']} ({miss['type']})",
                highlight=False,
            )


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Interface to bind; keep 127.0.0.1 unless you mean to share.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Run the REST API (OpenAPI docs at /docs). Writes need COMMUNIQUE_TOKEN."""
    import uvicorn

    from communique.interfaces.api import create_app

    try:
        application = create_app(db)
    except StoreError as error:
        raise fail(str(error)) from error
    console.print(f"communique API on http://{host}:{port} (docs at /docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None, revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Migrate the database to the latest schema (creating it if needed)."""
    engine = database.make_engine(database.resolve_url(db))
    before = database.current_revision(engine)
    database.upgrade(engine, revision)
    console.print(
        f"database {engine.url.database}: {before or 'empty'} -> {database.current_revision(engine)}"
    )


@db_app.command("totals")
def db_totals(db: DbOption = None) -> None:
    """Recompute the monthly totals behind stats, actors, graph, profiles, trends and the claim
    tracker from the stored rows (they are kept up to date as documents are written)."""
    store = open_store(db)
    with console.status("recomputing totals"):
        store.rebuild_totals()
    console.print(f"totals recomputed for {store.stats().documents:,} documents")


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Show the database's schema revision and the latest one."""
    engine = database.make_engine(database.resolve_url(db))
    console.print(f"current {database.current_revision(engine)}, latest {database.head_revision(engine)}")


for _module in (commands_analyses, commands_export, commands_reuse, commands_semantic):
    _module.register(app)


def main() -> None:  # pragma: no cover - console entry point alias
    app()
