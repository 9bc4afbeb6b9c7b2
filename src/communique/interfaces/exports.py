"""Writing exports: JSON Lines, CSV, Parquet, PLOVER JSON Lines and GEXF, streamed.

`analyses/exports.py` shapes the rows; this module only writes them. Tables stream one batch at
a time (Parquet in record batches with an explicit schema), so exporting 100,000 documents
holds one batch in memory. GEXF is `analyses.graph.relations_graph`, built from SQL aggregates
and held whole: its size is the number of actor pairs, not of documents. docs/exports.md has
every format's columns.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from communique.analyses.exports import COLUMNS, TABLES, contracts, plover_records, table_rows
from communique.analyses.graph import relations_graph, write_graph
from communique.store.store import Store

FORMATS = ("jsonl", "csv", "parquet", "plover", "gexf")
TABLE_FORMATS = ("jsonl", "csv", "parquet")
PARQUET_BATCH = 1_000  # rows per record batch (and row group) at most
PARQUET_BATCH_TEXT = 4 * 1024 * 1024  # ... or fewer, once their `text` reaches this many characters
LIST_SEPARATOR = "; "  # list values in CSV cells, as the documents export always joined authors
_ARROW = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string())}
_SUFFIX = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "plover": "plover.jsonl", "gexf": "gexf"}


@dataclass
class ExportResult:
    rows: int  # records, or nodes + edges for gexf
    path: Path | None  # None when written to standard output


def arrow_schema(table: str) -> pa.Schema:
    """The explicit Parquet schema of a table: every column typed, every column nullable."""
    return pa.schema([pa.field(name, _ARROW[kind]) for name, kind in COLUMNS[table].items()])


def default_name(fmt: str, table: str) -> str:
    if fmt == "plover":
        return "events.plover.jsonl"
    if fmt == "gexf":
        return "relations.gexf"
    return f"{table}.{_SUFFIX[fmt]}"


def check(fmt: str, table: str | None) -> str:
    """The table an export writes; ValueError for a format or table that cannot be combined."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if fmt == "plover":
        if table not in (None, "events"):
            raise ValueError("--format plover writes events: leave --table out (or use --table events)")
        return "events"
    if fmt == "gexf":
        if table is not None:
            raise ValueError("--format gexf writes the relations graph: leave --table out")
        return "graph"
    table = table or "documents"
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}: use one of {', '.join(TABLES)}")
    return table


@contextmanager
def _open(output: Path | None, binary: bool) -> Iterator[IO[Any]]:
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    with output.open("wb") if binary else output.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _write_jsonl(records: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value: Any) -> Any:
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else value


def _write_csv(table: str, rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    columns = list(COLUMNS[table])
    writer = csv.writer(stream)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
        count += 1
    return count


def _write_parquet(table: str, rows: Iterable[dict[str, Any]], sink: IO[bytes]) -> int:
    schema = arrow_schema(table)
    count = characters = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for row in rows:
            batch.append(row)
            characters += len(row.get("text") or "")
            if len(batch) == PARQUET_BATCH or characters >= PARQUET_BATCH_TEXT:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                count += len(batch)
                batch, characters = [], 0
        if batch:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _write_gexf(store: Store, path: Path | None) -> int:
    """The relations graph; `mixed=False` writes every edge directed so networkx can read it back
    (co-mention edges keep `directed=false` as an attribute; Gephi reads the file either way)."""
    graph = relations_graph(store)
    if path is not None:
        write_graph(graph, path, "gexf", mixed=False)
    else:
        with tempfile.TemporaryDirectory() as directory:
            written = write_graph(graph, Path(directory) / "relations.gexf", "gexf", mixed=False)
            with written.open("rb") as stream:
                shutil.copyfileobj(stream, sys.stdout.buffer)
    return graph.number_of_nodes() + graph.number_of_edges()


def export(
    store: Store, fmt: str, table: str | None = None, output: Path | str | None = None
) -> ExportResult:
    """Write one export; `output` is a file, a directory (a default file name inside) or stdout.

    jsonl of documents is the extraction contract per document (docs/schema.md); jsonl of any
    other table, csv and parquet are the flat columns of docs/exports.md; plover is one
    POLECAT-style record per event; gexf is the relations graph.
    """
    table = check(fmt, table)
    path = Path(output) if output is not None else None
    if path is not None and path.is_dir():
        path = path / default_name(fmt, table)
    if fmt == "gexf":
        return ExportResult(_write_gexf(store, path), path)
    with _open(path, fmt == "parquet") as stream:
        if fmt == "plover":
            count = _write_jsonl(plover_records(store), stream)
        elif fmt == "jsonl":
            count = _write_jsonl(
                contracts(store) if table == "documents" else table_rows(store, table), stream
            )
        elif fmt == "csv":
            count = _write_csv(table, table_rows(store, table), stream)
        else:
            count = _write_parquet(table, table_rows(store, table), stream)
    return ExportResult(count, path)
