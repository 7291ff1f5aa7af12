"""The rich text of news articles: a small allow-list of HTML, enforced by nh3 (Ammonia).

Writers use a plain textarea with a toolbar that inserts these tags (news/static/news/
editor.js); without JavaScript they can type the tags, or just type text: blank lines become
paragraphs. We chose HTML over Markdown because what is stored is exactly what the sanitiser
checks and what the page shows: no second parser whose quirks (raw HTML inside Markdown,
autolinks) could open a way around the allow-list, and no extra dependency.

Text is sanitised when it is saved and again when it is shown, so a row written any other way
(an old import, the admin) still cannot carry a script to the page.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "blockquote"}
)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_ALLOWED_HREF = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
# Removed together with everything inside them, not only the tag.
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    # nh3 already drops other schemes; this also drops relative and protocol-less links.
    if tag == "a" and attribute == "href":
        return value if _ALLOWED_HREF.match(value.strip()) else None
    return value


def sanitise(text: str) -> str:
    """`text` reduced to the allow-list; links get rel="nofollow noopener"."""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}},
        attribute_filter=_only_absolute_links,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def prepare(text: str) -> str:
    """What a writer typed, ready to store: plain text becomes paragraphs, then sanitise."""
    text = text.replace("\r\n", "\n").strip()
    if "<" not in text:
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
        text = "".join(
            "<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs
        )
    return sanitise(text).strip()


def plain_text(text: str) -> str:
    """The words of stored rich text, without any tag (for feeds' summaries and the digest)."""
    words = nh3.clean(text, tags=set(), clean_content_tags=set(_DROPPED_WITH_CONTENT))
    return " ".join(html.unescape(words).split())
