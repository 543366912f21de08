"""The shipped lexicon, built from two packaged resources at training time.

- English: the VADER lexicon (Hutto & Gilbert 2014, MIT licence, package ``vaderSentiment``):
  valences -4..4 scaled to -1..1; its emoji list gives each emoji the mean valence of the
  words that describe it.
- German: the German Polarity Lexicon (Klenner, Clematide, Wiegand, Peters 2010) as packaged by
  ``textblob-de`` (Apache-2.0): polarity -1..1 per word form.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from coffeemug.errors import BadRequest
from coffeemug.text.understanding.features import Lexicon


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise BadRequest(
            f"package {name!r} is missing: install the training extra (make install does)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def vader_entries() -> dict[str, float]:
    folder = _package_dir("vaderSentiment")
    words: dict[str, float] = {}
    for line in (folder / "vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            words[parts[0].lower()] = round(float(parts[1]) / 4.0, 4)
    emoji: dict[str, float] = {}
    for line in (folder / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8").splitlines():
        symbol, _, description = line.partition("\t")
        values = [words[w] for w in description.lower().split() if w in words]
        if len(symbol) == 1 and values:
            emoji[symbol] = round(sum(values) / len(values), 4)
    return {**words, **emoji}


def german_polarity_entries() -> dict[str, float]:
    path = _package_dir("textblob_de") / "data" / "de-sentiment.xml"
    entries: dict[str, float] = {}
    for word in ElementTree.parse(path).getroot():
        form, polarity = word.get("form"), word.get("polarity")
        if form and polarity and float(polarity) != 0.0:
            entries[form.lower()] = round(float(polarity), 4)
    return entries


def build_lexicon() -> Lexicon:
    return Lexicon({"en": vader_entries(), "de": german_polarity_entries()})
