"""The allow-list of article HTML: what writers may use survives, nothing else ever does."""

from __future__ import annotations

import re

import pytest

from news.richtext import plain_text, prepare, sanitise

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)" onmouseover=alert(2)>tekst</p>',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<p style="background:url(javascript:alert(1))">stijl</p>',
    '<strong style="color:red">rood</strong>',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="https://evil.example"><input name=x></form>',
    "<!--<script>alert(1)</script>-->",
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">ok</a>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<div><p><a href="//evil.example">protocol-loos</a></p></div>',
]
FORBIDDEN = re.compile(
    r"<script|<style|<iframe|<svg|<img|<form|<input|<object|<embed|<base|<meta|<div|<!--|"
    r"\son\w+=|javascript:|vbscript:|data:|style=|target=|evil\.example",
    re.IGNORECASE,
)


@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_dangerous_survives_sanitising(attack: str) -> None:
    for cleaned in (sanitise(attack), prepare(attack), sanitise(sanitise(attack))):
        assert not FORBIDDEN.search(cleaned), cleaned


def test_the_allowed_layout_survives_and_links_get_rel() -> None:
    text = (
        "<h2>Kop</h2><h3>Tussenkop</h3><p>Een <strong>vette</strong> en <em>schuine</em> "
        "zin.<br>Nieuwe regel.</p><ul><li>één</li></ul><ol><li>twee</li></ol>"
        "<blockquote>citaat</blockquote>"
        '<p><a href="https://www.nijmegen.nl/">gemeente</a> '
        '<a href="mailto:buurt@example.nl">mail</a></p>'
    )

    cleaned = sanitise(text)

    for tag in ("h2", "h3", "p", "strong", "em", "br", "ul", "ol", "li", "blockquote"):
        assert f"<{tag}>" in cleaned
    assert '<a href="https://www.nijmegen.nl/" rel="nofollow noopener">gemeente</a>' in cleaned
    assert '<a href="mailto:buurt@example.nl" rel="nofollow noopener">mail</a>' in cleaned
    assert "één" in cleaned


def test_relative_links_lose_their_address() -> None:
    assert "href" not in sanitise('<a href="/account/logout/">uit</a>')


def test_plain_text_becomes_paragraphs_with_accents_and_escaped_brackets() -> None:
    assert prepare("Café Ünïcode\nregel twee\n\nTweede alinea & meer") == (
        "<p>Café Ünïcode<br>regel twee</p><p>Tweede alinea &amp; meer</p>"
    )


def test_plain_text_of_an_article_has_no_tags() -> None:
    assert plain_text("<p>Caf&eacute; &amp; <strong>thee</strong></p><script>x()</script>") == (
        "Café & thee"
    )
