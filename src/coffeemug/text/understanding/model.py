"""The shipped model files: loading them, and turning texts into features and probabilities.

``models/`` holds three files, all rebuilt by ``coffeemug text train``:
``understanding.npz`` (vocabularies and weights), ``lexicon.tsv`` (word polarities) and
``manifest.json`` (version, structure, training data and measured figures).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coffeemug.text.embeddings import Encoder
from coffeemug.text.understanding.features import (
    Features,
    Lexicon,
    Vocabulary,
    char_ngrams,
    word_ngrams,
)
from coffeemug.text.understanding.heads import (
    Head,
    Scaler,
    load_arrays,
    save_arrays,
)

MODEL_DIR = Path(__file__).parent / "models"
WEIGHTS_FILE = "understanding.npz"
LEXICON_FILE = "lexicon.tsv"
MANIFEST_FILE = "manifest.json"
MODEL_NAME = "coffeemug-text"
HEAD_NAMES = ("sentiment", "offense", "offense_kind")
SPARSE_GRAMS = {"char": char_ngrams, "word": word_ngrams}


class ModelFilesMissing(RuntimeError):
    """The model files are not there (a checkout where ``coffeemug text train`` never ran)."""


@dataclass
class Models:
    """Vocabularies, lexicon, scaler and the three heads, ready to run."""

    version: str
    vocabularies: dict[str, Vocabulary]
    lexicon: Lexicon
    scaler: Scaler
    heads: dict[str, Head]
    manifest: dict[str, Any]

    def featurise(self, texts: Sequence[str], encoder: Encoder) -> Features:
        """Features of already normalised texts."""
        return Features(
            embeddings=encoder.encode(list(texts)),
            lexicon=self.lexicon.features(texts),
            char=self.vocabularies["char"].transform(map(char_ngrams, texts)),
            word=self.vocabularies["word"].transform(map(word_ngrams, texts)),
        )

    def predict(self, head: str, features: Features, languages: Sequence[str]) -> np.ndarray:
        return self.heads[head].predict_proba(features, languages, self.scaler)

    # -- files --

    def save(self, directory: Path, extra_manifest: dict[str, Any] | None = None) -> str:
        """Writes the three files and returns the version (a digest of the weights)."""
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "scaler/mean": self.scaler.mean.astype(np.float32),
            "scaler/scale": self.scaler.scale.astype(np.float32),
        }
        for view, vocab in self.vocabularies.items():
            arrays[f"vocab/{view}/terms"] = np.frombuffer("\n".join(vocab.terms).encode(), np.uint8)
            arrays[f"vocab/{view}/idf"] = vocab.idf.astype(np.float32)
        for head in self.heads.values():
            arrays.update(head.to_arrays())
        save_arrays(directory / WEIGHTS_FILE, arrays)
        self.lexicon.save(directory / LEXICON_FILE)
        digest = hashlib.sha256()
        for name in (WEIGHTS_FILE, LEXICON_FILE):
            digest.update((directory / name).read_bytes())
        self.version = f"{MODEL_NAME}-{digest.hexdigest()[:12]}"
        manifest = {
            "version": self.version,
            "heads": {name: head.structure() for name, head in self.heads.items()},
            **(extra_manifest or {}),
        }
        (directory / MANIFEST_FILE).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        self.manifest = manifest
        return self.version

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> Models:
        paths = [directory / name for name in (WEIGHTS_FILE, LEXICON_FILE, MANIFEST_FILE)]
        missing = [p.name for p in paths if not p.is_file()]
        if missing:
            raise ModelFilesMissing(
                f"model files missing in {directory}: {', '.join(missing)}; "
                "run 'coffeemug text train' to build them"
            )
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        arrays = load_arrays(directory / WEIGHTS_FILE)
        vocabularies = {
            view: Vocabulary(
                bytes(arrays[f"vocab/{view}/terms"]).decode().split("\n"),
                arrays[f"vocab/{view}/idf"],
            )
            for view in SPARSE_GRAMS
        }
        heads = {
            name: Head.from_arrays(name, manifest["heads"][name], arrays) for name in HEAD_NAMES
        }
        scaler = Scaler(arrays["scaler/mean"], arrays["scaler/scale"])
        lexicon = Lexicon.load(directory / LEXICON_FILE)
        return cls(manifest["version"], vocabularies, lexicon, scaler, heads, manifest)
