"""Token hashes of each document's clean text, stored when the document is added.

Why: talking points hash every window of 12 (or `min_tokens`) words of the documents they look
at. Tokenising and hashing is ~0.3 ms a document, twice per query: a one-month query over ~800
documents of a 100,000-document store took ~0.5 s, all of it re-reading and re-tokenising texts
that never change. The store keeps each document's token hashes instead (table
`document_tokens`, migration 0010: 8 bytes a word, ~5 KB a document), and a query reads those and
only rolls them into windows (numpy, any window size).

Tokens are the clean text's `\\w+` words, case-folded and NFKC-normalised as
`documents.identity.normalise_for_identity` does. A token's hash is the first 8 bytes of its
BLAKE2b digest: stable across processes and versions (Python's own `hash` of bytes is salted per
process, so it cannot be stored).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection, insert, select

from communique.documents.identity import _WORD, normalise_for_identity
from communique.store.schema import document_tokens, documents

# ASCII bytes that are not \w become spaces and A-Z becomes a-z; bytes >= 0x80 stay, so a chunk
# with non-ASCII characters is tokenised by the identity helpers. Splitting at non-word
# characters never changes what \w+ matches, so both paths give the same tokens as finditer.
ASCII_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c == 95 or c >= 128) else 32
    for c in range(256)
)
_BATCH = 500  # documents read and written per statement when filling


def normalise_word(word: str) -> bytes:
    return (word.lower() if word.isascii() else normalise_for_identity(word)).encode("utf-8")


def tokens(text: str) -> list[bytes]:
    """Normalised tokens, one per `\\w+` match of the clean text (UTF-8 bytes, hash-ready)."""
    data = text.encode("utf-8").translate(ASCII_TABLE)
    if text.isascii():
        return data.split()
    out: list[bytes] = []
    for chunk in data.split():
        if chunk.isascii():
            out.append(chunk)
        else:
            out.extend(normalise_word(word) for word in _WORD.findall(chunk.decode("utf-8")))
    return out


class _TokenHashes(dict[bytes, int]):
    """Stable hashes of the tokens met so far: a corpus repeats a small vocabulary, and a C-level
    dict lookup per token costs half of what a cached function call does (~0.1 ms a document
    instead of ~0.2). Cleared when full, to bound memory (~30 MB)."""

    def __missing__(self, token: bytes) -> int:
        if len(self) >= _CACHED_TOKENS:
            self.clear()
        value = self[token] = int.from_bytes(hashlib.blake2b(token, digest_size=8).digest(), "little")
        return value


_CACHED_TOKENS = 1 << 18
_HASHES = _TokenHashes()


def token_hash(token: bytes) -> int:
    """A token's stable 64-bit hash: the first 8 bytes of its BLAKE2b digest."""
    return _HASHES[token]


def token_hashes(text: str) -> np.ndarray:
    """The stable hash of every token of a text, in order (uint64)."""
    words = tokens(text)
    return np.fromiter(map(_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))


def from_blob(blob: bytes) -> np.ndarray:
    """Token hashes as stored (little-endian uint64)."""
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64, copy=False)


def to_blob(hashes: np.ndarray) -> bytes:
    return hashes.astype("<u8", copy=False).tobytes()


def fill_tokens(connection: Connection, document_ids: Sequence[str] | None = None) -> None:
    """Store the token hashes of these documents (with None, of every document without them)."""
    if document_ids is None:
        missing = select(documents.c.id).where(documents.c.id.not_in(select(document_tokens.c.document_id)))
        document_ids = list(connection.execute(missing).scalars())
    for start in range(0, len(document_ids), _BATCH):
        batch = document_ids[start : start + _BATCH]
        rows = connection.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(batch)))
        values = [{"document_id": row.id, "hashes": to_blob(token_hashes(row.text))} for row in rows]
        if values:
            connection.execute(insert(document_tokens), values)
