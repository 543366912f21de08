"""What each social network allows: post length, how a link counts, its share-intent URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from coffeemug.advocacy.models import Network
from coffeemug.i18n import N_

# X counts every link as 23 characters, whatever its length (t.co shortening).
X_LINK_LENGTH = 23


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    label: str
    limit: int  # longest post the network accepts, in characters
    # The length band in which posts on this network tend to do well (the coach's advice).
    good_length: tuple[int, int]
    # Whether the network's share intent takes the text (else the text is copied to paste).
    intent_takes_text: bool


NETWORKS: dict[str, NetworkSpec] = {
    Network.linkedin: NetworkSpec("linkedin", N_("LinkedIn"), 3000, (150, 1300), True),
    Network.x: NetworkSpec("x", N_("X"), 280, (70, 240), True),
    # Facebook's documented limit for a post.
    Network.facebook: NetworkSpec("facebook", N_("Facebook"), 63_206, (40, 400), False),
    Network.instagram: NetworkSpec("instagram", N_("Instagram"), 2200, (138, 1000), False),
}


def post_length(network: str, text: str, link: str) -> int:
    """The length the network counts for ``text`` followed by ``link`` on its own line."""
    link_length = X_LINK_LENGTH if network == Network.x else len(link)
    return len(text) + 1 + link_length


def intent_url(network: str, text: str, link: str) -> str | None:
    """The network's own page to post ``text`` with ``link`` (no credentials needed), or None
    where the network has none (Instagram: the text is copied to paste in the app)."""
    if network == Network.x:
        return "https://x.com/intent/post?" + urlencode({"text": text, "url": link})
    if network == Network.linkedin:
        query = urlencode({"shareActive": "true", "text": f"{text}\n{link}"})
        return "https://www.linkedin.com/feed/?" + query
    if network == Network.facebook:
        return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": link})
    return None
