"""Demo news for `make run`, made through the real actions; running it twice adds nothing."""

from __future__ import annotations

from django.db import connection

from accounts.models import User
from clubs.models import Club
from news.actions import ArticleDraft, add_comment, save_article
from news.models import Article, Comment


def load_demo_news(slug: str, members: dict[str, User]) -> None:
    """`members` are the demo logins of buurtsite `slug` by role (see mijnbuurtje.demo)."""
    buurtverbinder = members[User.Role.BUURTVERBINDER]
    resident = members[User.Role.RESIDENT]
    buurt = str(getattr(getattr(connection, "tenant", None), "name", slug))
    walking_club = Club.objects.filter(name="Wandelclub De Ooijpolder").first()
    articles = [
        ArticleDraft(
            title=f"Zomerfeest {buurt}: kom ook!",
            summary="Op zaterdag 4 juli is er een straatfeest met muziek, spelletjes en een hapje.",
            body=(
                "<p>Het zomerfeest is er weer! Van 14.00 tot 20.00 uur is het feest op het "
                "pleintje bij het buurthuis.</p><h2>Wat is er te doen?</h2><ul><li>Muziek van "
                "het buurtkoor</li><li>Spelletjes voor de kinderen</li><li>Een hapje en een "
                "drankje</li></ul><p>Wil je helpen? <strong>Stuur de buurtverbinder een "
                "bericht.</strong></p>"
            ),
        ),
        ArticleDraft(
            title="Nieuwe bankjes in het park",
            summary="De gemeente heeft op verzoek van bewoners vier nieuwe bankjes geplaatst.",
            body=(
                "<p>Na de buurtenquête van dit voorjaar heeft de gemeente vier nieuwe bankjes "
                'neergezet. Lees meer op <a href="https://www.nijmegen.nl/">de website van de '
                "gemeente</a>.</p>"
            ),
        ),
        ArticleDraft(
            title="Wandelclub zoekt nieuwe leden",
            summary="Houd je van buiten zijn? Loop eens mee op zaterdagochtend.",
            body="<p>We lopen elke week een mooie route. <em>Goede schoenen</em> zijn genoeg.</p>",
            club=walking_club,
        ),
    ]
    for draft in articles:
        if not Article.objects.filter(title=draft.title).exists():
            save_article(None, draft=draft, publish=True, acting_user=buurtverbinder)
    first = Article.objects.filter(title=articles[0].title).first()
    if first is not None and not Comment.objects.filter(article=first).exists():
        add_comment(first, body="Wat leuk! Ik bak een appeltaart.", acting_user=resident)
