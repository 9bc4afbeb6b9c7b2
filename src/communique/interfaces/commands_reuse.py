"""`communique reuse`: talking points, the passages sources repeat word for word.

A separate module with `register(app)` so the command plugs into the main Typer app without
this file importing the CLI module (no import cycle): cli.py calls `register(app)`.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from communique.analyses.talking_points import (
    DEFAULT_MIN_TOKENS,
    TalkingPoint,
    save_talking_points,
    talking_points,
)
from communique.store.database import StoreError
from communique.store.store import Store

SHOWN_ECHOES = 4  # the table lists the first echoes; --json has them all


def _cell(point: TalkingPoint) -> str:
    first = point.first
    return f"{first.published or '?'} [bold]{escape(first.source)}[/bold]\n[cyan]{first.document}[/cyan]"


def _echoes(point: TalkingPoint) -> str:
    lines = [
        f"{use.published or '?'} {escape(use.source)} [cyan]{use.document}[/cyan]" for use in point.echoes
    ]
    hidden = len(lines) - SHOWN_ECHOES
    return "\n".join(lines[:SHOWN_ECHOES] + ([f"… and {hidden} more"] if hidden > 0 else []))


def reuse_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file or URL (default ./communique.db, or $COMMUNIQUE_DB)."),
    ] = None,
    min_tokens: Annotated[
        int, typer.Option("--min-tokens", min=2, help="Shortest shared passage, in words.")
    ] = DEFAULT_MIN_TOKENS,
    since: Annotated[
        str | None, typer.Option(help="Documents published on or after (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Documents published on or before.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Passages to show, widest reach first.")
    ] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per passage, every echo.")] = False,
    save: Annotated[
        bool,
        typer.Option("--save", help="Keep the answer in the store: the API serves it, not recomputing."),
    ] = False,
) -> None:
    """Talking points: passages repeated across sources, who said them first and who echoed them."""
    console, err_console = Console(), Console(stderr=True)  # made per call: the width is the terminal's now
    try:
        store = Store.open(db)
    except StoreError as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(1) from error
    try:
        find = save_talking_points if save else talking_points
        points = find(store, min_tokens=min_tokens, since=since, until=until, limit=limit)
    finally:
        store.close()
    if as_json:
        for point in points:
            sys.stdout.write(json.dumps(point.as_dict(), ensure_ascii=False) + "\n")
        return
    if not points:
        console.print(f"no passage of {min_tokens}+ words is shared by two sources")
        return
    noun = "talking point" if len(points) == 1 else "talking points"
    table = Table(title=f"{len(points)} {noun} (passages of {min_tokens}+ words shared across sources)")
    for column in ("#", "words", "sources", "docs"):
        table.add_column(column, justify="right")
    for column in ("first said", "echoed by"):
        table.add_column(column, min_width=18, ratio=1)  # a 16-digit id stays on one line: it is the citation
    table.add_column("passage", ratio=2)
    for number, point in enumerate(points, 1):
        table.add_row(
            str(number),
            str(point.tokens),
            str(len(point.sources)),
            str(point.documents),
            _cell(point),
            _echoes(point),
            escape(point.excerpt if len(point.excerpt) <= 240 else point.excerpt[:239] + "…"),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add `reuse` to the main app."""
    app.command("reuse")(reuse_command)
