"""`communique embed` and `communique search --semantic`: semantic search (the `semantic` extra).

A separate module with `register(app)` like the other command groups; cli.py's `search` hands
over to `semantic_search_command` when given `--semantic`. Nothing here imports torch: the model
is loaded by `communique.analyses.semantic` when a command needs it.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from communique.analyses import semantic
from communique.store.database import StoreError
from communique.store.store import Store


def _open(db: str | None, err_console: Console) -> Store:
    try:
        return Store.open(db)
    except StoreError as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(1) from error


def embed_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file or URL (default ./communique.db, or $COMMUNIQUE_DB)."),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option("--threads", min=1, help="CPU threads for the model (default: half the cores)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Embed annotated sentences for `search --semantic` (only those not embedded yet)."""
    console, err_console = Console(), Console(stderr=True)
    try:
        semantic.require_extra()
        semantic.set_threads(threads or semantic.default_embed_threads())
    except semantic.SemanticUnavailable as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(1) from error
    store = _open(db, err_console)
    try:
        documents, sentences = semantic.count_to_embed(store)
        unannotated = store.count_unannotated()
        if unannotated and not quiet:
            noun = "document is" if unannotated == 1 else "documents are"
            console.print(
                f"{unannotated:,} {noun} not annotated yet (skipped): run `communique annotate` first"
            )
        if documents == 0:
            if not quiet:
                console.print("Every annotated document is already embedded.")
            return
        if quiet or not console.is_terminal:
            summary = semantic.embed_store(store)
        else:
            with Progress(
                TextColumn("[bold]embed[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("sentences"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("embed", total=sentences)
                summary = semantic.embed_store(store, on_sentences=lambda n: progress.advance(task, n))
    except semantic.SemanticUnavailable as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(1) from error
    finally:
        store.close()
    loaded = f"model loaded in {summary.load_seconds:.1f} s, " if summary.load_seconds else ""
    console.print(
        f"embedded {summary.sentences:,} sentences from {summary.documents:,} documents "
        f"in {summary.seconds:.1f} s ({loaded}{summary.rate:,.0f} sentences/s)",
        highlight=False,
    )


def semantic_search_command(
    query: str,
    db: str | None,
    since: str | None,
    until: str | None,
    language: str | None,
    source: str | None,
    actor: str | None,
    formulation: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """`communique search --semantic QUERY`: the sentences closest in meaning, with citations."""
    console, err_console = Console(), Console(stderr=True)
    if not query.strip():
        err_console.print("[red]error:[/red] --semantic needs a query: a sentence or a few words")
        raise typer.Exit(2)
    store = _open(db, err_console)
    try:
        hits = semantic.semantic_search(
            store,
            query,
            limit=limit,
            since=since,
            until=until,
            language=language,
            source=source,
            actor=actor,
            formulation=formulation,
        )
    except (semantic.NoVectors, semantic.SemanticUnavailable) as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(1) from error
    finally:
        store.close()
    if as_json:
        for hit in hits:
            sys.stdout.write(json.dumps(hit.as_dict(), ensure_ascii=False) + "\n")
        return
    if not hits:
        console.print("No sentences match the filters.")
        return
    for rank, hit in enumerate(hits, 1):
        title = escape(hit.title or "(untitled)")
        console.print(
            f"[bold]{rank}. {title}[/bold]  "
            f"[dim]{hit.published or 'date unknown'}  score {hit.score:.2f}[/dim]",
            highlight=False,
        )
        console.print(f"   {escape(hit.text)}", highlight=False)
        console.print(
            f"   [cyan]\\[{hit.id} s{hit.sentence}][/cyan] [dim]{escape(hit.origin)}[/dim]", highlight=False
        )


def register(app: typer.Typer) -> None:
    """Add `embed` to the main app (`search --semantic` is an option of cli.py's `search`)."""
    app.command("embed")(embed_command)
