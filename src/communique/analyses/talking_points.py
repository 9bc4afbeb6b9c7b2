"""Talking points: passages repeated word for word across sources, with who said them first.

Why: official lines travel. A ministry phrase shows up a week later in a state-media op-ed, then
in an embassy letter and a friendly outlet's column. Readers need to see the passage once, its
first use and every echo in date order, each with a character span they can cite.

How (one core, streaming; see docs/exports.md's neighbour, the module docstring is the spec):

1. Tokens are the clean text's `\\w+` words, each case-folded and NFKC-normalised exactly as
   `documents.identity.normalise_for_identity` does; punctuation and spacing never matter.
2. Every window of `min_tokens` consecutive tokens is hashed to 64 bits: each token by a stable
   hash the store keeps for every document when it is added (`store.tokens`, so a query never
   re-tokenises a text), windows by a polynomial rolling hash over them (one prefix sum per
   batch of documents) and a splitmix64 finaliser.
3. Pass 1 streams the documents' token hashes in batches and marks every window hash in a bit
   array; a hash met again in another document becomes a candidate. Only candidates (repeats
   plus a few percent of bit-array false positives) are kept, so memory grows with repeated
   text, not the corpus.
4. Pass 2 streams the token hashes again and records (hash, document, position) for candidates
   only; hashes found in fewer than two documents or in one source only are dropped (a single
   outlet's own boilerplate is not a talking point).
5. Consecutive windows shared by exactly the same set of documents are joined into one maximal
   passage; the same passage in every document of that set is one talking point. Grouping is
   plain numpy sorts of 64-bit keys packing two 32-bit parts (hash half and window index, key
   rank and date rank), no stable or multi-key sorts: most of a month's query is reading.
6. Only the passages returned are mapped back to character spans in the clean text (a third,
   small read), checking the words match, so a hash collision can never produce a false echo;
   echoes an answer counts but does not list (`echoes`) are checked token by token through
   their stored hashes instead of their texts.

A selection of up to `_ONE_PASS_TOKENS` words (a month or a quarter) does 3 and 4 in one pass
that holds every window in memory, reading its documents' token hashes in one walk of the
period's index entries; larger ones stream twice, as above.

A document's source is its outlet as every analysis names it (`analyses.common.outlet`): the
source name the input states, else its URL's host ("www." dropped), else the folder its file
was read from, else "unknown". Names are compared case- and spacing-insensitively, so "Xinhua"
and "XINHUA " are one source.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection, Row, Select, func, literal_column, select, text

from communique.analyses.common import outlet
from communique.documents.identity import _WORD
from communique.store.rollups import period
from communique.store.schema import document_tokens, documents
from communique.store.store import SavedAnswer, Store
from communique.store.tokens import ASCII_TABLE, from_blob, normalise_word, to_blob, token_hash, token_hashes

log = logging.getLogger(__name__)

DEFAULT_MIN_TOKENS = 12
BATCH = 250  # documents per read and per vectorised step: ~25 MB of temporaries
# Up to this many tokens (~4,000 documents: ~100 MB of temporaries) every window is kept in
# memory and read once; beyond, two streaming passes with a bit array bound the memory.
_ONE_PASS_TOKENS = 2_500_000
_NO_TOKENS = np.empty(0, dtype=np.uint64)  # a document deleted between the passes
_IN_BATCH = 500  # ids per "WHERE id IN (...)" when fetching the texts of returned passages
_BITS_PER_WINDOW = 16  # bit array size per expected window, rounded down to a power of two:
_MIN_BITS, _MAX_BITS = 1 << 20, 1 << 30  # 8-16 bits a window, 3-6 % false candidates; 128 KiB..128 MiB
_CHARS_PER_TOKEN = 6  # to size the bit array from a text length, for documents without token hashes
_PRIME = np.uint64(0x100000001B3)  # FNV-64 prime: odd, so the rolling hash loses no bits
_U64 = np.uint64
# SQLite: a period's documents and token counts from the (published, id) index, their outlets
# from the (outlet, published) one, joined by rowid; see `_read_corpus`.
_SQLITE_DOCUMENTS = (
    "documents INDEXED BY ix_documents_published_id "
    "LEFT OUTER JOIN document_tokens ON document_tokens.document_id = documents.id"
)
_SQLITE_OUTLETS = "documents INDEXED BY ix_documents_outlet"


# --- results ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Use:
    """One document's use of a passage: the citation a reader follows."""

    document: str
    published: str | None
    source: str
    # Title and character offsets in the clean text; None for an echo counted but not listed
    # (see `echoes` of `talking_points`: reading the titles of a month's hundreds of echoes cost
    # more than finding them).
    title: str | None
    start: int | None
    end: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "published": self.published,
            "source": self.source,
            "title": self.title,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class TalkingPoint:
    """A passage shared word for word by documents of at least two sources."""

    text: str  # normalised: case-folded words joined by single spaces
    tokens: int
    first: Use
    echoes: list[Use] = field(default_factory=list)
    excerpt: str = ""  # the first use's text as written, for display

    @property
    def uses(self) -> list[Use]:
        return [self.first, *self.echoes]

    @property
    def documents(self) -> int:
        return 1 + len(self.echoes)

    @property
    def sources(self) -> list[str]:
        """Distinct sources in order of their first use."""
        return list(dict.fromkeys(use.source for use in self.uses))

    def as_dict(self, echoes: int | None = None) -> dict[str, Any]:
        """JSON-ready; `echoes` keeps only the first echoes (`counts.echoes` still tells all)."""
        return {
            "text": self.text,
            "excerpt": self.excerpt,
            "tokens": self.tokens,
            "counts": {"documents": self.documents, "sources": len(self.sources), "echoes": len(self.echoes)},
            "sources": self.sources,
            "first": self.first.as_dict(),
            "echoes": [use.as_dict() for use in self.echoes[:echoes]],
        }


# --- tokens and hashes -----------------------------------------------------------------------


def token_spans(text: str) -> tuple[list[tuple[int, int]], list[bytes]]:
    """Character span and normalised token of every `\\w+` match: maps positions back to text."""
    if text.isascii():  # byte offsets are character offsets: find word edges with numpy
        data = text.encode("ascii").translate(ASCII_TABLE)
        word = np.frombuffer(data, dtype=np.uint8) != 32
        edges = np.flatnonzero(np.diff(np.concatenate(([False], word, [False])).astype(np.int8)))
        return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True)), data.split()
    spans, words = [], []
    for match in _WORD.finditer(text):
        spans.append(match.span())
        words.append(normalise_word(match.group()))
    return spans, words


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the rolling hash evenly over the high bits the bit array uses."""
    x = values >> _U64(30)
    x ^= values
    x *= _U64(0xBF58476D1CE4E5B9)
    shifted = x >> _U64(27)
    x ^= shifted
    x *= _U64(0x94D049BB133111EB)
    x ^= np.right_shift(x, _U64(31), out=shifted)
    return x


@dataclass
class _Windows:
    """Window hashes of one batch of documents: hash, batch-local document and token position."""

    hashes: np.ndarray  # uint64
    docs: np.ndarray  # int32, index into the batch
    positions: np.ndarray  # int32, token position of the window's first token


def _batch_windows(hash_lists: Sequence[np.ndarray], size: int) -> _Windows:
    """Every window of `size` tokens of a batch of documents, from their token hashes.

    A window's rolling hash, sum over k < size of token[i + k] * P^(size - 1 - k) (mod 2^64), is
    computed from one prefix sum of token[j] * P^-j (P is odd, so it has an inverse mod 2^64):
    (prefix[i + size] - prefix[i]) * P^(i + size - 1). Four passes over the batch instead of
    two per token of the window, the same values.
    """
    lengths = np.fromiter(map(len, hash_lists), dtype=np.int64, count=len(hash_lists))
    return _windows(np.concatenate(hash_lists) if hash_lists else _NO_TOKENS, lengths, size)


def _windows(hashes: np.ndarray, lengths: np.ndarray, size: int) -> _Windows:
    """`_batch_windows` of documents whose token hashes are end to end in `hashes` (unchanged)."""
    per_doc = np.maximum(lengths - (size - 1), 0)  # windows inside each document
    count = int(per_doc.sum())
    if count == 0:
        empty = np.empty(0, dtype=np.int32)
        return _Windows(np.empty(0, dtype=np.uint64), empty, empty)
    total = len(hashes)
    powers, inverses = _powers(total)
    prefix = np.empty(total + 1, dtype=np.uint64)
    prefix[0] = 0
    with np.errstate(over="ignore"):
        np.cumsum(hashes * inverses[:total], out=prefix[1:])
    with np.errstate(over="ignore"):  # every window of the batch, then those inside a document
        rolled = prefix[size:] - prefix[: total - size + 1]
        rolled *= powers[size - 1 : total]
    doc_of = np.repeat(np.arange(len(lengths), dtype=np.int32), per_doc)
    first = np.cumsum(per_doc) - per_doc  # each document's first window, among the batch's windows
    positions = np.arange(count, dtype=np.int64) - np.repeat(first, per_doc)
    at = positions + np.repeat(np.cumsum(lengths) - lengths, per_doc)  # offset in the batch
    return _Windows(_mix(rolled[at]), doc_of, positions.astype(np.int32))


_POWERS = np.ones(1, dtype=np.uint64)  # _PRIME^i and _PRIME^-i (mod 2^64), grown as needed
_INVERSES = np.ones(1, dtype=np.uint64)
_INVERSE = _U64(pow(int(_PRIME), -1, 1 << 64))


def _powers(count: int) -> tuple[np.ndarray, np.ndarray]:
    """At least `count` powers of _PRIME and of its inverse (kept: a batch needs ~150,000)."""
    global _POWERS, _INVERSES
    if len(_POWERS) < count:
        size = max(count, 2 * len(_POWERS))
        with np.errstate(over="ignore"):
            _POWERS = np.multiply.accumulate(np.concatenate(([_U64(1)], np.full(size - 1, _PRIME))))
            _INVERSES = np.multiply.accumulate(np.concatenate(([_U64(1)], np.full(size - 1, _INVERSE))))
    return _POWERS, _INVERSES


class _BitSet:
    """A fixed-size bit array over the top bits of 64-bit hashes: 'seen before?' in 2 bytes/window."""

    def __init__(self, bits: int) -> None:
        self.shift = _U64(64 - (bits.bit_length() - 1))
        self.array = np.zeros(bits // 8, dtype=np.uint8)

    def _index(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        slot = hashes >> self.shift
        return (slot >> _U64(3)).astype(np.intp), (_U64(1) << (slot & _U64(7))).astype(np.uint8)

    def test(self, hashes: np.ndarray) -> np.ndarray:
        byte, mask = self._index(hashes)
        return (self.array[byte] & mask) != 0

    def add_sorted(self, hashes: np.ndarray) -> None:
        """Set the bits of ascending hashes (their byte indices ascend too, so OR per byte run)."""
        if len(hashes) == 0:
            return
        byte, mask = self._index(hashes)
        run = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
        self.array[byte[run]] |= np.bitwise_or.reduceat(mask, run)

    def clear(self) -> None:
        self.array[:] = 0

    def release(self) -> None:
        """Give the memory back as soon as the last lookup is done (before pass 2's big copies)."""
        self.array = np.zeros(1, dtype=np.uint8)


# --- reading ---------------------------------------------------------------------------------


def _token_batches(connection: Connection, corpus: _Corpus) -> Iterator[tuple[int, list[np.ndarray]]]:
    """The chosen documents' token hashes, BATCH documents at a time in `corpus` order: (index
    of the batch's first document, one array per document)."""
    for start in range(0, len(corpus.ids), BATCH):
        batch = corpus.ids[start : start + BATCH]
        found = _hashes_of(connection, batch)
        yield start, [found.get(doc_id, _NO_TOKENS) for doc_id in batch]


def _hashes_of(connection: Connection, ids: list[str]) -> dict[str, np.ndarray]:
    """Token hashes by document id, read from `document_tokens` (written when a document is
    added); a document without a row there (written outside the Store) is tokenised from its
    text, with the same hashes."""
    stored = connection.execute(
        select(document_tokens.c.document_id, document_tokens.c.hashes).where(
            document_tokens.c.document_id.in_(ids)
        )
    )
    found = {doc_id: from_blob(blob) for doc_id, blob in stored}
    missing = [doc_id for doc_id in ids if doc_id not in found]
    if missing:
        texts = connection.execute(
            select(documents.c.id, documents.c.text).where(documents.c.id.in_(missing))
        )
        found.update((row.id, token_hashes(row.text)) for row in texts)
    return found


def _bit_count(tokens: int) -> int:
    wanted = max(tokens, 1) * _BITS_PER_WINDOW
    return min(max(1 << (wanted.bit_length() - 1), _MIN_BITS), _MAX_BITS)


# --- the analysis ----------------------------------------------------------------------------


@dataclass
class _Corpus:
    """Per-document facts kept for the whole run: O(documents), a few dozen bytes each."""

    ids: list[str] = field(default_factory=list)
    published: list[str | None] = field(default_factory=list)
    source_index: list[int] = field(default_factory=list)
    source_names: list[str] = field(default_factory=list)
    _source_keys: dict[str, int] = field(default_factory=dict)
    _outlets: dict[str | None, int] = field(default_factory=dict)  # as stored -> source index

    @functools.cached_property
    def index_of(self) -> dict[str, int]:
        """Position of each document id (built once every document is in)."""
        return {doc_id: index for index, doc_id in enumerate(self.ids)}

    def add(self, doc_id: str, published: str | None, source: str | None) -> None:
        index = self._outlets.get(source)
        if index is None:  # a few dozen outlets: normalise each once, not once a document
            name = " ".join((source or "unknown").split())
            key = name.casefold()
            if key not in self._source_keys:
                self._source_keys[key] = len(self.source_names)
                self.source_names.append(name)
            index = self._outlets[source] = self._source_keys[key]
        self.ids.append(doc_id)
        self.published.append(published)
        self.source_index.append(index)

    def date_rank(self) -> np.ndarray:
        """Rank of each document in date order (undated last, then id): 'first' means earliest."""
        order = sorted(
            range(len(self.ids)), key=lambda i: (self.published[i] is None, self.published[i] or "", i)
        )
        rank = np.empty(len(order), dtype=np.int32)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
        return rank


def _read_corpus(connection: Connection, since: str | None, until: str | None) -> tuple[_Corpus, int]:
    """The documents published in the period, in id order, and about how many tokens they have
    (exactly, from the stored hashes' length; estimated from the text for a document without)."""
    rows = connection.execute(
        _period_rows(connection, since, until, "length").order_by(literal_column("id"))
    ).all()
    corpus, total, missing = _Corpus(), 0, []
    for row, source in zip(rows, _outlets(connection, since, until, rows), strict=True):
        corpus.add(row.id, row.published, source)
        if row.tokens is None:
            missing.append(row.id)
        else:
            total += row.tokens // 8
    for begin in range(0, len(missing), _IN_BATCH):
        texts = select(func.length(documents.c.text)).where(
            documents.c.id.in_(missing[begin : begin + _IN_BATCH])
        )
        total += sum(chars // _CHARS_PER_TOKEN for chars in connection.execute(texts).scalars())
    return corpus, total


def _read_selection(
    connection: Connection, since: str | None, until: str | None
) -> tuple[_Corpus, _Hashes] | None:
    """The period's documents in id order with their token hashes, read in one walk of the
    period's index entries, if they have `_ONE_PASS_TOKENS` tokens or fewer; else None, having
    read no more than that many (a whole store wastes ~1 s of its minutes)."""
    result = connection.execute(_period_rows(connection, since, until, "hashes"))
    rows, total = [], 0
    for row in result:
        total += 0 if row.tokens is None else len(row.tokens) // 8
        if total > _ONE_PASS_TOKENS:
            result.close()
            return None
        rows.append(row)
    missing = [row.id for row in rows if row.tokens is None]
    read = _hashes_of(connection, missing) if missing else {}  # documents without stored hashes
    found = {doc_id: to_blob(hashes) for doc_id, hashes in read.items()}
    if total + sum(len(blob) // 8 for blob in found.values()) > _ONE_PASS_TOKENS:
        return None
    rows.sort(key=lambda row: row.id)
    corpus = _Corpus()
    for row, source in zip(rows, _outlets(connection, since, until, rows), strict=True):
        corpus.add(row.id, row.published, source)
    blobs = [found.get(row.id, b"") if row.tokens is None else row.tokens for row in rows]
    lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 8
    return corpus, _Hashes(from_blob(b"".join(blobs)), np.cumsum(lengths) - lengths, lengths)


def _period_rows(connection: Connection, since: str | None, until: str | None, tokens: str) -> Select:
    """The period's documents: id, published, and their stored token hashes (`tokens`
    "hashes") or those hashes' length in bytes ("length"); on SQLite their rowid, elsewhere
    their outlet.

    Titles are read later, for the documents an answer lists only. On SQLite outlets are read
    apart (`_outlets`): the outlet is the last column of a documents row, after the raw and
    clean texts, so reading it from the row walks every overflow page of both texts (~80 % of a
    one-month query's reading, before).
    """
    if connection.dialect.name == "sqlite":
        # Named indexes, not the planner's choice: with some statistics it reads the rows
        # through the outlet index, and walks the texts again.
        published = literal_column("documents.published")
        value = "document_tokens.hashes" if tokens == "hashes" else "length(document_tokens.hashes)"
        return (
            select(
                literal_column("documents.rowid").label("rowid"),
                literal_column("documents.id").label("id"),
                published.label("published"),
                literal_column(value).label("tokens"),
            )
            .select_from(text(_SQLITE_DOCUMENTS))
            .where(*period(published, since, until))
        )
    value = document_tokens.c.hashes if tokens == "hashes" else func.length(document_tokens.c.hashes)
    return (
        select(documents.c.id, documents.c.published, value.label("tokens"), outlet().label("source"))
        .select_from(documents.outerjoin(document_tokens, document_tokens.c.document_id == documents.c.id))
        .where(*period(documents.c.published, since, until))
    )


def _outlets(
    connection: Connection, since: str | None, until: str | None, rows: Sequence[Row]
) -> list[str | None]:
    """The outlet of the document of each row of `_period_rows` (None: "unknown", `_Corpus.add`)."""
    if connection.dialect.name != "sqlite":
        return [row.source for row in rows]
    outlets = dict(
        connection.execute(
            select(literal_column("rowid"), literal_column("outlet"))
            .select_from(text(_SQLITE_OUTLETS))
            .where(*period(literal_column("published"), since, until))
        ).all()
    )
    return [outlets[row.rowid] for row in rows]


def _candidates(connection: Connection, size: int, bitset: _BitSet, corpus: _Corpus) -> np.ndarray:
    """Pass 1: hashes of windows met in at least two documents (plus bit-array false positives)."""
    found: list[np.ndarray] = []
    pending = 0
    for _start, hash_lists in _token_batches(connection, corpus):
        windows = _batch_windows(hash_lists, size)
        # A hash twice in the sorted batch is in two documents, or twice in one: the latter is a
        # harmless extra candidate (pass 2 counts documents exactly), and sorting hashes alone is
        # much faster than sorting (hash, document) pairs.
        hashes = np.sort(windows.hashes)
        same = hashes[1:] == hashes[:-1]
        distinct = hashes[np.concatenate(([True], ~same))]
        in_batch = hashes[1:][same]
        seen = distinct[bitset.test(distinct)]  # in an earlier batch (or a false positive)
        bitset.add_sorted(distinct)
        for part in (in_batch, seen):
            if len(part):
                found.append(part)
                pending += len(part)
        if pending > 1_000_000:  # keep the candidate list deduplicated as it grows
            found, pending = [np.unique(np.concatenate(found))], 0
    return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.uint64)


def _postings(
    connection: Connection, size: int, bitset: _BitSet, candidates: np.ndarray, corpus: _Corpus
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pass 2: (hash, document, position) of every window whose hash is a candidate."""
    bitset.clear()
    bitset.add_sorted(candidates)
    parts_h, parts_d, parts_p = [], [], []
    for start, hash_lists in _token_batches(connection, corpus):
        windows = _batch_windows(hash_lists, size)
        maybe = np.flatnonzero(bitset.test(windows.hashes))
        hashes = windows.hashes[maybe]
        at = np.minimum(np.searchsorted(candidates, hashes), len(candidates) - 1)
        hit = maybe[candidates[at] == hashes]
        parts_h.append(windows.hashes[hit])
        parts_d.append(windows.docs[hit] + np.int32(start))
        parts_p.append(windows.positions[hit])
    bitset.release()
    return _concatenated(parts_h, parts_d, parts_p)


def _all_windows(kept: _Hashes, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One pass instead of two, for a selection whose windows all fit in memory (a month or a
    year): every window of the documents' token hashes (`_group` drops those met once)."""
    parts_h, parts_d, parts_p = [], [], []
    for start in range(0, len(kept.lengths), BATCH):
        end = min(start + BATCH, len(kept.lengths))
        begin, stop = int(kept.offsets[start]), int(kept.offsets[end - 1] + kept.lengths[end - 1])
        windows = _windows(kept.flat[begin:stop], kept.lengths[start:end], size)
        parts_h.append(windows.hashes)
        parts_d.append(windows.docs + np.int32(start))
        parts_p.append(windows.positions)
    return _concatenated(parts_h, parts_d, parts_p)


def _concatenated(
    parts_h: list[np.ndarray], parts_d: list[np.ndarray], parts_p: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The batches' (hash, document, position) windows as three arrays, in document order."""
    if not parts_h:
        return np.empty(0, np.uint64), np.empty(0, np.int32), np.empty(0, np.int32)
    return np.concatenate(parts_h), np.concatenate(parts_d), np.concatenate(parts_p)


@dataclass
class _Passages:
    """Passage groups as arrays: member segments sorted by (group, date), and per-group facts."""

    starts: np.ndarray  # index of each group's first member in the member arrays
    sizes: np.ndarray
    windows: np.ndarray  # windows per passage (tokens = windows + size - 1)
    sources: np.ndarray  # distinct sources per passage
    member_docs: np.ndarray
    member_positions: np.ndarray


def _by_hash(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices (and hashes) of the hashes met at least twice, ordered by hash, then index.

    What a stable sort of every hash gives, at the cost of one plain sort (numpy's vectorised
    one, ~10x faster than a stable sort of 64-bit keys) of (high 32 bits of the hash, index)
    packed in 64 bits. Its runs of one high half are the repeated hashes, plus a few (~n^2 /
    2^33) met once that share their high half with another: those go when the full hashes of
    the runs are compared. A run holding different hashes is sorted again by hash, then index.
    """
    if len(hashes) >= 1 << 32:  # indices no longer fit 32 bits
        order = np.lexsort((np.arange(len(hashes)), hashes))
        return _repeated(order, hashes[order])
    keys = hashes & _U64(0xFFFFFFFF00000000)
    keys |= np.arange(len(hashes), dtype=np.uint64)
    keys.sort()
    high = keys >> _U64(32)
    order, high = _repeated(keys, high)
    order = order.astype(np.uint32).astype(np.intp)  # the low half: the index
    ordered = hashes[order]
    unsorted = np.flatnonzero(ordered[1:] < ordered[:-1])
    if len(unsorted):  # a run of one high half holding different hashes, interleaved
        runs = np.unique(high[unsorted])
        begin, end = np.searchsorted(high, runs), np.searchsorted(high, runs, side="right")
        inside = np.concatenate([np.arange(b, e) for b, e in zip(begin, end, strict=True)])
        again = inside[np.lexsort((order[inside], ordered[inside]))]
        order[inside], ordered[inside] = order[again], ordered[again]
    return _repeated(order, ordered)


def _repeated(values: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values and keys whose key (sorted) equals a neighbour's."""
    same = keys[1:] == keys[:-1]
    repeated = np.empty(len(keys), dtype=bool)
    repeated[:-1] = same
    repeated[-1:] = False
    repeated[1:] |= same
    return values[repeated], keys[repeated]


def _group(
    hashes: np.ndarray, docs: np.ndarray, positions: np.ndarray, source: np.ndarray, date_rank: np.ndarray
) -> _Passages | None:
    """Windows (in document, then position order) -> those shared across sources -> maximal
    passages -> the same passage across documents."""
    index, by_hash = _by_hash(hashes)  # repeated windows by hash, then document, then position
    if len(index) == 0:
        return None
    by_doc = docs[index]
    first = np.concatenate(([True], (by_hash[1:] != by_hash[:-1]) | (by_doc[1:] != by_doc[:-1])))
    index, by_hash, by_doc = index[first], by_hash[first], by_doc[first]  # first use within a document
    starts = np.flatnonzero(np.concatenate(([True], by_hash[1:] != by_hash[:-1])))
    counts = np.diff(np.concatenate((starts, [len(by_hash)])))
    sources = source[by_doc]
    several = (counts >= 2) & (
        np.minimum.reduceat(sources, starts) != np.maximum.reduceat(sources, starts)
    )  # two documents and two sources at least
    if not several.any():
        return None
    # The set of documents sharing a window, as one order-free 64-bit key (sum of mixed ids).
    doc_keys = _mix(np.arange(1, len(source) + 1, dtype=np.uint64))
    docset = np.add.reduceat(doc_keys[by_doc], starts)
    keep = np.repeat(several, counts)
    docset, index = np.repeat(docset, counts)[keep], index[keep]
    # Back to document, then position order (the input's): indices are unique, so a plain sort.
    order = np.argsort(index)
    docset, index = docset[order], index[order]
    hashes, docs, positions = hashes[index], docs[index], positions[index]
    # Runs of consecutive windows in one document shared by the same documents are one passage.
    boundary = np.concatenate(
        (
            [True],
            (docs[1:] != docs[:-1]) | (positions[1:] != positions[:-1] + 1) | (docset[1:] != docset[:-1]),
        )
    )
    run_starts = np.flatnonzero(boundary)
    run_windows = np.diff(np.concatenate((run_starts, [len(hashes)])))
    run_docs, run_positions = docs[run_starts], positions[run_starts]
    # Same passage = same document set, same first window, same length.
    key = _mix(docset[run_starts] + _mix(hashes[run_starts] ^ run_windows.astype(np.uint64)))
    # By key, then date: the (dense rank of the key, date rank) pairs are unique (a document has
    # one run of a key at most), so one plain sort of them packed in 64 bits orders the runs.
    by_key = np.argsort(key)
    sorted_keys = key[by_key]
    rank = np.empty(len(key), dtype=np.uint64)
    rank[by_key] = np.cumsum(np.concatenate(([0], sorted_keys[1:] != sorted_keys[:-1])), dtype=np.uint64)
    order = np.argsort((rank << _U64(32)) | date_rank[run_docs].astype(np.uint64))
    key, run_docs, run_positions, run_windows = (
        key[order],
        run_docs[order],
        run_positions[order],
        run_windows[order],
    )
    new_group = np.concatenate(([True], key[1:] != key[:-1]))
    group_starts = np.flatnonzero(new_group)
    sizes = np.diff(np.concatenate((group_starts, [len(key)])))
    # Distinct sources per group: re-sort each group's block by source (blocks keep their place).
    group_id = np.cumsum(new_group) - 1
    pairs = (group_id.astype(np.uint64) << _U64(32)) | source[run_docs].astype(np.uint64)
    pairs.sort()
    new_source = np.concatenate(([True], pairs[1:] != pairs[:-1]))
    distinct = np.add.reduceat(new_source.astype(np.int64), group_starts)
    shared = (sizes >= 2) & (distinct >= 2)
    return _Passages(
        starts=group_starts[shared],
        sizes=sizes[shared],
        windows=run_windows[group_starts[shared]],
        sources=distinct[shared],
        member_docs=run_docs,
        member_positions=run_positions,
    )


def _rank(passages: _Passages, date_rank: np.ndarray, limit: int | None) -> np.ndarray:
    """Most sources first, then most documents, longest, earliest first use."""
    first_rank = date_rank[passages.member_docs[passages.starts]]
    order = np.lexsort((first_rank, -passages.windows, -passages.sizes, -passages.sources))
    return order if limit is None else order[:limit]


class _Tokens:
    """A clean text's tokens, for the few passages of it an answer cites: the character span and
    the words of a token range. An ASCII text (most) keeps its word edges in two arrays and its
    normalised bytes, not ~600 span tuples and words a document."""

    def __init__(self, text: str) -> None:
        self.words: list[bytes] | None = None
        if text.isascii():
            self.data = text.encode("ascii").translate(ASCII_TABLE)
            word = np.frombuffer(self.data, dtype=np.uint8) != 32
            edges = np.flatnonzero(np.diff(np.concatenate(([False], word, [False])).astype(np.int8)))
            self.starts: Sequence[int] = edges[::2]
            self.ends: Sequence[int] = edges[1::2]
        else:
            spans, self.words = token_spans(text)
            self.starts, self.ends = [start for start, _ in spans], [end for _, end in spans]

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, position: int, length: int) -> tuple[int, int]:
        return int(self.starts[position]), int(self.ends[position + length - 1])

    def range(self, position: int, length: int) -> tuple[bytes, ...]:
        if self.words is not None:
            return tuple(self.words[position : position + length])
        start, end = self.span(position, length)
        return tuple(self.data[start:end].split())  # non-word bytes are spaces: the range's words


@dataclass
class _Hashes:
    """Token hashes of documents, end to end, to check many echoes in one numpy step."""

    flat: np.ndarray
    offsets: np.ndarray  # by `corpus` index; -1: not read (a document deleted between passes)
    lengths: np.ndarray

    @classmethod
    def of(cls, hash_lists: dict[int, np.ndarray], documents: int) -> _Hashes:
        """From arrays by document, emptying `hash_lists` as they are copied (a whole store's
        answer checks most documents: ~500 MB at 100,000, not to be held twice)."""
        offsets = np.full(documents, -1, dtype=np.int64)
        lengths = np.zeros(documents, dtype=np.int64)
        flat = np.empty(sum(map(len, hash_lists.values())), dtype=np.uint64)
        at = 0
        while hash_lists:
            doc, hashes = hash_lists.popitem()
            offsets[doc], lengths[doc] = at, len(hashes)
            flat[at : at + len(hashes)] = hashes
            at += len(hashes)
        return cls(flat, offsets, lengths)

    def matches(self, docs: np.ndarray, positions: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """Whether each document's tokens from its position are the reference's."""
        inside = np.flatnonzero(
            (self.offsets[docs] >= 0) & (positions + len(reference) <= self.lengths[docs])
        )
        same = np.zeros(len(docs), dtype=bool)
        if len(inside) == 0:
            return same
        at = self.offsets[docs[inside]] + positions[inside]
        # Rows of a strided view, copied a few thousand at a time: no index array per token.
        rows = np.lib.stride_tricks.sliding_window_view(self.flat, len(reference))
        for begin in range(0, len(at), 4096):
            chunk = slice(begin, begin + 4096)
            same[inside[chunk]] = (rows[at[chunk]] == reference).all(axis=1)
        return same


def _materialise(
    connection: Connection,
    corpus: _Corpus,
    passages: _Passages,
    chosen: np.ndarray,
    size: int,
    cite: int | None,
    kept: _Hashes | None,
) -> list[TalkingPoint]:
    """Pass 3, on the chosen passages' documents only: spans, checked words, text, titles.

    The first use and the first `cite` echoes of each passage (all with None) get character
    spans and titles, their words checked against the first use's; the others, which an answer
    counts but does not list, are checked by their stored token hashes (~5 KB a document, not its
    text; or `kept`, every document's, when the one-pass path still holds them).
    """
    spanned: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # doc -> (passage, member, position)
    members: list[tuple[np.ndarray, np.ndarray]] = []  # each chosen passage's documents and positions
    lengths = [int(passages.windows[group]) + size - 1 for group in chosen]
    listed = len(passages.member_docs) if cite is None else cite + 1  # members spanned and titled
    for rank, group in enumerate(chosen.tolist()):
        start = int(passages.starts[group])
        end = start + int(passages.sizes[group])
        members.append((passages.member_docs[start:end], passages.member_positions[start:end]))
        docs, positions = members[-1][0][:listed].tolist(), members[-1][1][:listed].tolist()
        for member, (doc, position) in enumerate(zip(docs, positions, strict=True)):
            spanned[doc].append((rank, member, position))
    # Spanned members: (start, end, words, excerpt) by passage and member.
    found: list[dict[int, tuple[int, int, tuple[bytes, ...], str]]] = [{} for _ in chosen]
    for ids in _id_batches(corpus, spanned):
        rows = connection.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(ids)))
        for row in rows:
            tokens = _Tokens(row.text)
            for rank, member, position in spanned[corpus.index_of[row.id]]:
                length = lengths[rank]
                if position + length > len(tokens):
                    continue
                start, end = tokens.span(position, length)
                excerpt = row.text[start:end] if member == 0 else ""
                found[rank][member] = (start, end, tokens.range(position, length), excerpt)
    if kept is None:  # the two-pass path: read the hashes of the documents to check
        wanted = {int(doc) for docs, _ in members for doc in docs[listed:].tolist()}
        read: dict[int, np.ndarray] = {}
        for ids in _id_batches(corpus, wanted):
            for doc_id, hashes in _hashes_of(connection, ids).items():
                read[corpus.index_of[doc_id]] = hashes
        kept = _Hashes.of(read, len(corpus.ids))
    checked: list[tuple[int, tuple[bytes, ...], list[int]]] = []  # passage's words, members kept
    for rank, (docs, positions) in enumerate(members):
        spans = found[rank]
        if 0 not in spans:
            continue
        reference = spans[0][2]
        # A member whose words differ from the first use's is a 64-bit window hash collision.
        uses = [
            member
            for member in range(min(listed, len(docs)))
            if spans.get(member, (0, 0, ()))[2] == reference
        ]
        if len(docs) > listed:
            hashes = np.fromiter(map(token_hash, reference), dtype=np.uint64, count=len(reference))
            same = kept.matches(docs[listed:], positions[listed:], hashes)
            uses += (np.flatnonzero(same) + listed).tolist()
        if len(uses) < 2 or len({corpus.source_index[doc] for doc in docs[uses].tolist()}) < 2:
            continue
        checked.append((rank, reference, uses))
    titles = _titles(
        connection,
        corpus,
        {int(members[rank][0][m]) for rank, _, uses in checked for m in uses if m < listed},
    )
    points = []
    for rank, reference, kept_members in checked:
        spans = found[rank]
        uses = []
        for member, doc in zip(kept_members, members[rank][0][kept_members].tolist(), strict=True):
            start, end = spans[member][:2] if member < listed else (None, None)
            uses.append(
                Use(
                    document=corpus.ids[doc],
                    published=corpus.published[doc],
                    source=corpus.source_names[corpus.source_index[doc]],
                    title=titles.get(doc),
                    start=start,
                    end=end,
                )
            )
        text = b" ".join(reference).decode("utf-8")
        points.append(
            TalkingPoint(
                text=text, tokens=len(reference), first=uses[0], echoes=uses[1:], excerpt=spans[0][3]
            )
        )
    return points


def _titles(connection: Connection, corpus: _Corpus, wanted: set[int]) -> dict[int, str | None]:
    """Titles of the documents an answer cites, by `corpus` index (a title is stored before the
    texts in a documents row, so this reads one page a document)."""
    titles: dict[int, str | None] = {}
    for ids in _id_batches(corpus, wanted):
        rows = connection.execute(select(documents.c.id, documents.c.title).where(documents.c.id.in_(ids)))
        titles.update((corpus.index_of[row.id], row.title) for row in rows)
    return titles


def _id_batches(corpus: _Corpus, wanted: Collection[int]) -> Iterator[list[str]]:
    """Ids of the wanted documents, in id order, _IN_BATCH at a time."""
    ids = sorted(corpus.ids[doc] for doc in wanted)
    for begin in range(0, len(ids), _IN_BATCH):
        yield ids[begin : begin + _IN_BATCH]


SAVED = "talking_points"  # name of the saved answer (`communique reuse --save`)
SAVED_ECHOES = 20  # echoes kept per saved passage: a passage in 5,000 documents stays small


def saved_talking_points(
    store: Store,
    min_tokens: int,
    since: str | None,
    until: str | None,
    limit: int,
    echoes: int = SAVED_ECHOES,
) -> tuple[list[dict[str, Any]], SavedAnswer] | None:
    """The first `limit` passages (with their first `echoes` echoes) of a saved run with these
    parameters, if one covers them."""
    saved = store.saved_answer(SAVED, {"min_tokens": min_tokens, "since": since, "until": until})
    if saved is None:
        return None
    kept = saved.answer.get("echoes")  # None: every echo (answers saved before the cap)
    if kept is not None and echoes > kept:
        return None
    points, computed_limit = saved.answer["points"], saved.answer["limit"]
    complete = computed_limit is None or len(points) < computed_limit
    if len(points) < limit and not complete:
        return None
    return [{**point, "echoes": point["echoes"][:echoes]} for point in points[:limit]], saved


def save_talking_points(
    store: Store, min_tokens: int, since: str | None, until: str | None, limit: int | None
) -> list[TalkingPoint]:
    """Compute and save talking points for the API to serve (a minute at 100,000 documents)."""
    points = talking_points(
        store, min_tokens=min_tokens, since=since, until=until, limit=limit, echoes=SAVED_ECHOES
    )
    store.save_answer(
        SAVED,
        {"min_tokens": min_tokens, "since": since, "until": until},
        {"limit": limit, "echoes": SAVED_ECHOES, "points": [point.as_dict(SAVED_ECHOES) for point in points]},
    )
    return points


def talking_points(
    store: Store,
    min_tokens: int = DEFAULT_MIN_TOKENS,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 100,
    echoes: int | None = None,
) -> list[TalkingPoint]:
    """Passages of at least `min_tokens` words shared by documents of two or more sources.

    Ordered by reach (sources, then documents, then length, then earliest first use); within a
    passage, uses are in date order: `first` is the earliest dated document, `echoes` follow.
    `since`/`until` (YYYY[-MM[-DD]]) keep documents published in that range; `limit=None`
    returns every passage. `echoes` (None: all) bounds the echoes per passage given character
    spans and a title, for an answer that lists only those: the others are still checked and
    counted (a passage of a template-heavy month has hundreds of echoes, whose spans and titles
    cost most of a query).
    """
    if min_tokens < 2:
        raise ValueError("min_tokens must be at least 2")
    clock = time.perf_counter()

    def stage(message: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        log.debug("%s (%.1f s)", message, now - clock)
        clock = now

    with store.engine.connect() as connection:
        selection = _read_selection(connection, since, until)
        kept: _Hashes | None = None  # every document's token hashes, if read at once
        if selection is not None:
            corpus, kept = selection
            stage(f"{len(corpus.ids):,} documents, {len(kept.flat):,} tokens, read at once")
            hashes, docs, positions = _all_windows(kept, min_tokens)
        else:
            corpus, tokens = _read_corpus(connection, since, until)
            stage(f"{len(corpus.ids):,} documents, {tokens:,} tokens")
            bitset = _BitSet(_bit_count(tokens))
            candidates = _candidates(connection, min_tokens, bitset, corpus)
            stage(f"pass 1: {len(candidates):,} candidate hashes, {bitset.array.nbytes / 2**20:.0f} MiB bits")
            if len(candidates) == 0:
                return []
            hashes, docs, positions = _postings(connection, min_tokens, bitset, candidates, corpus)
            del bitset, candidates
        stage(f"postings: {len(hashes):,} windows")
        if len(hashes) == 0:
            return []
        source = np.asarray(corpus.source_index, dtype=np.int32)
        date_rank = corpus.date_rank()
        passages = _group(hashes, docs, positions, source, date_rank)
        del hashes, docs, positions
        count = 0 if passages is None else len(passages.starts)
        stage(f"grouping: {count:,} passages shared across sources")
        if passages is None or count == 0:
            return []
        chosen = _rank(passages, date_rank, limit)
        points = _materialise(connection, corpus, passages, chosen, min_tokens, echoes, kept)
        stage(f"spans: {len(points):,} passages, {sum(p.documents for p in points):,} uses")
        return points
