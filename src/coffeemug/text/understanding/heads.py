"""Stacked linear classifiers in numpy: base models on each view of a text, and per language
group a small meta model over their log-probabilities (plus class offsets tuned for macro-F1).

A head is plain arrays: scikit-learn fits them (``coffeemug text train``), numpy runs them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coffeemug.text.understanding.features import Features

# How strongly the lexicon block weighs beside the encoder in the "emblex" view.
LEX_WEIGHT = 0.3
# Probabilities enter the meta model as log(p + FLOOR), so one confident base cannot dominate.
FLOOR = 1e-4
DENSE_VIEWS = ("emb", "lex", "emblex")
SPARSE_VIEWS = ("char", "word")


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class Scaler:
    """Standardises the raw lexicon block (mean and spread from the training texts)."""

    mean: np.ndarray
    scale: np.ndarray

    def __call__(self, raw: np.ndarray) -> np.ndarray:
        return (raw - self.mean) / self.scale


def dense_view(features: Features, view: str, scaler: Scaler) -> np.ndarray:
    if view == "emb":
        return features.embeddings
    lex = scaler(features.lexicon)
    if view == "lex":
        return lex
    if view == "emblex":
        return np.hstack([features.embeddings, LEX_WEIGHT * lex]).astype(np.float32)
    raise ValueError(f"unknown dense view {view!r}")


@dataclass
class Linear:
    """One base model: a linear layer over one view of the texts (dense, or the unit-length
    TF-IDF rows of a sparse view)."""

    view: str
    coef: np.ndarray  # (features, classes)
    intercept: np.ndarray  # (classes,)

    def scores(self, features: Features, scaler: Scaler) -> np.ndarray:
        if self.view in DENSE_VIEWS:
            return dense_view(features, self.view, scaler) @ self.coef + self.intercept
        rows = features.char if self.view == "char" else features.word
        return rows.dot(self.coef) + self.intercept

    def log_probs(self, features: Features, scaler: Scaler) -> np.ndarray:
        return np.log(softmax(self.scores(features, scaler)) + FLOOR)


@dataclass
class Stack:
    """The meta model of one language group over the log-probabilities of its base models."""

    bases: tuple[str, ...]
    coef: np.ndarray  # (len(bases) * classes, classes)
    intercept: np.ndarray
    offsets: np.ndarray  # added to the scores; tuned on out-of-fold predictions for macro-F1

    def probs(self, base_log_probs: Mapping[str, np.ndarray]) -> np.ndarray:
        inputs = np.hstack([base_log_probs[name] for name in self.bases])
        return softmax(inputs @ self.coef + self.intercept + self.offsets)


@dataclass
class Head:
    """A classifier over one label set, e.g. sentiment (negative, neutral, positive)."""

    name: str
    classes: tuple[str, ...]
    bases: dict[str, Linear]
    stacks: dict[str, Stack]  # language group -> meta model; "other" is the fallback

    def group_of(self, language: str) -> str:
        return language if language in self.stacks else "other"

    def predict_proba(
        self, features: Features, languages: Sequence[str], scaler: Scaler
    ) -> np.ndarray:
        groups = np.array([self.group_of(lang) for lang in languages])
        out = np.zeros((len(features), len(self.classes)))
        for group in sorted(set(groups)):
            rows = np.flatnonzero(groups == group)
            part = features.subset(rows) if len(rows) < len(features) else features
            stack = self.stacks[group]
            logs = {name: self.bases[name].log_probs(part, scaler) for name in stack.bases}
            out[rows] = stack.probs(logs)
        return out

    # -- storage: flat arrays under "<head>/<part>/<array>" keys --

    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays: dict[str, np.ndarray] = {}
        for name, base in self.bases.items():
            key = f"{self.name}/base/{name}"
            arrays[f"{key}/coef"] = base.coef.astype(np.float32)
            arrays[f"{key}/intercept"] = base.intercept.astype(np.float32)
        for group, stack in self.stacks.items():
            key = f"{self.name}/stack/{group}"
            arrays[f"{key}/coef"] = stack.coef.astype(np.float32)
            arrays[f"{key}/intercept"] = stack.intercept.astype(np.float32)
            arrays[f"{key}/offsets"] = stack.offsets.astype(np.float32)
        return arrays

    def structure(self) -> dict[str, object]:
        return {
            "classes": list(self.classes),
            "bases": {name: base.view for name, base in self.bases.items()},
            "stacks": {group: list(stack.bases) for group, stack in self.stacks.items()},
        }

    @classmethod
    def from_arrays(
        cls, name: str, structure: Mapping[str, object], arrays: Mapping[str, np.ndarray]
    ) -> Head:
        bases_spec = structure["bases"]
        stacks_spec = structure["stacks"]
        assert isinstance(bases_spec, dict) and isinstance(stacks_spec, dict)
        bases = {}
        for base_name, view in bases_spec.items():
            key = f"{name}/base/{base_name}"
            bases[base_name] = Linear(view, arrays[f"{key}/coef"], arrays[f"{key}/intercept"])
        stacks = {
            group: Stack(
                tuple(members),
                arrays[f"{name}/stack/{group}/coef"],
                arrays[f"{name}/stack/{group}/intercept"],
                arrays[f"{name}/stack/{group}/offsets"],
            )
            for group, members in stacks_spec.items()
        }
        classes = structure["classes"]
        assert isinstance(classes, list)
        return cls(name, tuple(classes), bases, stacks)


def save_arrays(path: Path, arrays: Mapping[str, np.ndarray]) -> None:
    """An ``.npz`` file whose bytes depend only on the arrays (fixed member times), so a
    rebuild from the same data gives the same file. LZMA members (which ``np.load`` reads as
    any other) keep the shipped weights about 15 % smaller than deflate."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_LZMA) as archive:
        for key in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[key]))
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_LZMA
            archive.writestr(info, buffer.getvalue())


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}
