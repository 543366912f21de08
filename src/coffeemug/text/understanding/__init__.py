"""Text understanding for listening and moderation: a pure library (no database, no HTTP).

``analyse(texts, language=None, topics=())`` returns one ``Analysis`` per text: language,
sentiment (negative / neutral / positive with scores), abuse (offensive or not, and which kind),
question, matching topics, reasons and the model version. The models ship in ``models/`` and are
rebuilt by ``coffeemug text train``; see docs/models.md.
"""

from coffeemug.text.understanding.analysis import (
    ABUSE_KINDS,
    SENTIMENTS,
    Analysis,
    TextUnderstanding,
    analyse,
    default_understanding,
    model_version,
)
from coffeemug.text.understanding.model import ModelFilesMissing, Models
from coffeemug.text.understanding.topics import Topic, TopicMatch

__all__ = [
    "ABUSE_KINDS",
    "SENTIMENTS",
    "Analysis",
    "ModelFilesMissing",
    "Models",
    "TextUnderstanding",
    "Topic",
    "TopicMatch",
    "analyse",
    "default_understanding",
    "model_version",
]
