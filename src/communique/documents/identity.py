"""Identity of a document: exact (content hash) and near (MinHash over word shingles)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
MINHASH_SCHEME = "affine32"  # stored signatures must be compared under the scheme that made them
NEAR_DUPLICATE_THRESHOLD = 0.8
LSH_BANDS = 9
LSH_ROWS = 13

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_for_identity(text: str) -> str:
    """Case, width and whitespace differences must not create a new document."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_identity(text).encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    """16 hex characters of the content hash: short enough to cite, long enough not to collide."""
    return content_hash(text)[:16]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = normalise_for_identity(text).split()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _minhash_class() -> type[MinHash]:
    """datasketch imported on first use: it pulls in scipy (~0.5 s), which only ingest needs."""
    from datasketch import MinHash

    return MinHash


@lru_cache(maxsize=1)
def _permutations() -> object:
    """Generating 128 permutations costs as much as hashing a document: do it once per process."""
    return _minhash_class()(num_perm=NUM_PERM, scheme=MINHASH_SCHEME).permutations


def _crc32(data: bytes) -> int:
    """Shingle hash: CRC-32 is C-fast and stable across processes (MinHash needs 32 bits, not SHA-1)."""
    return zlib.crc32(data)


def minhash(text: str) -> MinHash:
    signature = _minhash_class()(
        num_perm=NUM_PERM, scheme=MINHASH_SCHEME, permutations=_permutations(), hashfunc=_crc32
    )
    signature.update_batch(list(shingles(text)))
    return signature


def minhash_bytes(signature: MinHash) -> bytes:
    return signature.hashvalues.astype(np.uint64).tobytes()


def minhash_from_bytes(data: bytes) -> MinHash:
    return _minhash_class()(
        num_perm=NUM_PERM,
        hashvalues=np.frombuffer(data, dtype=np.uint64).copy(),
        scheme=MINHASH_SCHEME,
        permutations=_permutations(),
    )


def jaccard(a: str, b: str) -> float:
    left, right = shingles(a), shingles(b)
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def lsh_band_keys(signature: MinHash) -> list[int]:
    """Signed 64-bit keys, one per LSH band: documents sharing any key are near-duplicate candidates.

    Storing keys (not signatures in memory) lets a database index answer candidate lookups
    at a million documents, and survive restarts. 9 bands x 13 rows is datasketch's optimum
    for a 0.8 threshold over 128 permutations (balanced false positives and negatives).
    """
    values = signature.hashvalues.astype(np.uint64)
    keys = []
    for band in range(LSH_BANDS):
        chunk = values[band * LSH_ROWS : (band + 1) * LSH_ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
