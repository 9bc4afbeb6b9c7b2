"""`communique export`: documents, annotation tables, PLOVER events and the relations graph.

Replaces the original jsonl|csv documents export (same output for those two) and adds tables,
Parquet, PLOVER and GEXF. A separate module with `register(app)` so it plugs into the main
Typer app without importing the CLI module: cli.py calls `register(app)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from communique.analyses.exports import TABLES
from communique.interfaces.exports import FORMATS, check, export
from communique.store.database import StoreError
from communique.store.store import Store

err_console = Console(stderr=True)


def export_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file or URL (default ./communique.db, or $COMMUNIQUE_DB)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"{', '.join(FORMATS)}.")] = "jsonl",
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            "-t",
            help=f"{', '.join(TABLES)} (default documents; plover writes events, gexf the relations graph).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File or existing directory to write (default stdout)."),
    ] = None,
) -> None:
    """Export the store, streaming: documents (contract jsonl, csv, parquet), tables, PLOVER events, GEXF."""
    try:
        check(fmt, table)
    except ValueError as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from error
    try:
        store = Store.open(db)
    except StoreError as error:
        err_console.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(1) from error
    try:
        result = export(store, fmt, table, output)
    finally:
        store.close()
    if result.path is not None:  # stdout carries data only
        unit = "nodes and edges" if fmt == "gexf" else "records"
        err_console.print(f"wrote {result.rows:,} {unit} to {escape(str(result.path))}")


def register(app: typer.Typer) -> None:
    """Add `export` to the main app (cli.py drops its own export command for this one)."""
    app.command("export")(export_command)
