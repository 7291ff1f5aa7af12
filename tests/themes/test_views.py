"""The editor, the preview, and the buurtsites' pages linking their own builds."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST, OOST_HOST, PLATFORM_HOST
from tests.themes.conftest import SIMPLE_SVG, image_bytes, signed_in, upload
from themes.actions import apply_theme_preset, publish_theme
from themes.models import Theme, ThemeBuild
from themes.permissions import SYSTEM
from themes.presets import DEFAULT_PRESET
from themes.selectors import forget_live_theme, live_page_theme, theme_of
from themes.uploads import LOGO_MAX_BYTES

STYLESHEET = re.compile(
    r'<link rel="stylesheet" href="(/thema/bestanden/(\d+)/theme\.[0-9a-f]{12}\.css)">'
)


def form_data(theme: Theme, **changes: Any) -> dict[str, Any]:
    values = {k: v for k, v in theme.draft_settings().items() if k not in {"logo", "header_image"}}
    return {**values, "intent": "save", **changes}


def stylesheet_of(client: Client) -> tuple[str, int]:
    page = client.get("/").content.decode()
    match = STYLESHEET.search(page)
    assert match, "no theme stylesheet linked"
    return match.group(1), int(match.group(2))


# The pages link their own build ---------------------------------------------------------------


def test_each_buurtsite_links_its_own_build_with_icons_manifest_and_share_image(
    oost: Buurtsite, oost_client: Client, lindenholt_client: Client
) -> None:
    page = oost_client.get("/").content.decode()
    build = theme_of(oost).live_build  # type: ignore[union-attr]
    prefix = f"/thema/bestanden/{build.pk}/"  # type: ignore[union-attr]

    for role in ("stylesheet", "favicon_ico", "favicon_png", "apple_touch_icon", "manifest"):
        assert prefix + build.files[role] in page, role  # type: ignore[union-attr]
    assert f'content="http://oost.localhost{prefix}{build.files["share_image"]}"' in page  # type: ignore[union-attr]
    assert '<meta name="theme-color" content="#1d6b3c">' in page
    assert 'class="site-logo"' in page
    assert 'class="home home--split"' in page
    assert "srcset=" in page
    assert '<source type="image/webp" srcset="' in page
    assert "/static/fonts/source-sans-3/source-sans-3-latin-400-normal.woff2" in page

    oost_css, oost_build = stylesheet_of(oost_client)
    lindenholt_css, lindenholt_build = stylesheet_of(lindenholt_client)
    assert oost_build != lindenholt_build
    assert oost_css != lindenholt_css


def test_two_buurtsites_serve_different_styles(
    oost_client: Client, lindenholt_client: Client
) -> None:
    oost_css = oost_client.get(stylesheet_of(oost_client)[0])
    lindenholt_css = lindenholt_client.get(stylesheet_of(lindenholt_client)[0])

    assert oost_css.status_code == lindenholt_css.status_code == 200
    oost_text = b"".join(oost_css.streaming_content).decode()  # type: ignore[attr-defined]
    lindenholt_text = b"".join(lindenholt_css.streaming_content).decode()  # type: ignore[attr-defined]
    assert "--color-primary:#1d6b3c" in oost_text
    assert "--color-primary:#9c2b1c" in lindenholt_text
    assert '"Source Sans 3"' in oost_text and '"Lexend"' in lindenholt_text


def test_built_files_are_cached_for_a_year_with_their_own_type(
    oost: Buurtsite, oost_client: Client
) -> None:
    build = theme_of(oost).live_build  # type: ignore[union-attr]
    types = {
        "stylesheet": "text/css; charset=utf-8",
        "manifest": "application/manifest+json",
        "icon_192": "image/png",
        "favicon_ico": "image/x-icon",
        "logo": "image/svg+xml",
        "header_480": "image/jpeg",
        "header_480_webp": "image/webp",
    }
    for role, content_type in types.items():
        response = oost_client.get(f"/thema/bestanden/{build.pk}/{build.files[role]}")  # type: ignore[union-attr]
        assert response.status_code == 200, role
        assert response["Content-Type"] == content_type
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response["X-Content-Type-Options"] == "nosniff"
    svg = oost_client.get(f"/thema/bestanden/{build.pk}/{build.files['logo']}")  # type: ignore[union-attr]
    assert "default-src 'none'" in svg["Content-Security-Policy"]


def test_favicon_ico_answers_with_the_live_icon(oost_client: Client) -> None:
    response = oost_client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"


def test_build_of_one_buurtsite_is_not_served_on_another(
    lindenholt: Buurtsite, oost_client: Client, lindenholt_client: Client
) -> None:
    build = theme_of(lindenholt).live_build  # type: ignore[union-attr]
    path = f"/thema/bestanden/{build.pk}/{build.files['stylesheet']}"  # type: ignore[union-attr]

    assert lindenholt_client.get(path).status_code == 200
    assert oost_client.get(path).status_code == 404
    assert Client(HTTP_HOST=PLATFORM_HOST).get(path).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["../../lindenholt/builds/1/x.css", "theme.css", "theme.0123456789ab.exe", "%2e%2e%2fsecret"],
)
def test_file_names_outside_the_pattern_are_not_served(oost_client: Client, name: str) -> None:
    assert oost_client.get(f"/thema/bestanden/1/{name}").status_code == 404


def test_home_page_costs_no_query_for_the_theme_once_cached(oost_client: Client) -> None:
    oost_client.get("/")  # fills the cache

    # The home page itself reads other things (the match count, the newest posts).
    with CaptureQueriesContext(connection) as queries:
        assert oost_client.get(stylesheet_of(oost_client)[0]).status_code == 200

    assert [query["sql"] for query in queries.captured_queries if "themes_" in query["sql"]] == []
    assert len(queries.captured_queries) > 0  # the capture works: the home page did read


# Who may edit ---------------------------------------------------------------------------------


def test_editor_asks_a_visitor_to_sign_in(oost_client: Client) -> None:
    response = oost_client.get("/thema/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/thema/")


def test_resident_may_not_edit_the_theme(oost_resident: Client) -> None:
    response = oost_resident.get("/thema/")

    assert response.status_code == 403
    assert "buurtverbinder" in response.content.decode()
    assert oost_resident.post("/thema/", {}).status_code == 403
    assert oost_resident.post("/thema/voorinstelling/", {"preset": "avond"}).status_code == 403


def test_buurtverbinder_of_oost_cannot_edit_or_preview_lindenholt(
    oost_editor: Client, lindenholt: Buurtsite
) -> None:
    """Oost's buurtverbinder is nobody on lindenholt: the session and the account are oost's."""
    intruder = Client(HTTP_HOST=LINDENHOLT_HOST)
    intruder.cookies = oost_editor.cookies
    theme = theme_of(lindenholt)
    assert theme is not None

    assert intruder.get("/thema/").status_code == 302  # anonymous there
    response = intruder.post("/thema/", form_data(theme, primary_color="#000000"))
    assert response.status_code == 302
    assert intruder.post("/thema/voorbeeld/").status_code == 302
    assert intruder.get("/thema/voorbeeld/stijl.css").status_code == 404
    assert theme_of(lindenholt).primary_color == theme.primary_color  # type: ignore[union-attr]


def test_buurtverbinder_edits_only_the_theme_of_the_host_she_is_on(
    oost: Buurtsite, lindenholt: Buurtsite, oost_editor: Client
) -> None:
    lindenholt_before = theme_of(lindenholt).primary_color  # type: ignore[union-attr]

    response = oost_editor.post("/thema/", form_data(theme_of(oost), primary_color="#224466"))  # type: ignore[arg-type]

    assert response.status_code == 302
    assert theme_of(oost).primary_color == "#224466"  # type: ignore[union-attr]
    assert theme_of(lindenholt).primary_color == lindenholt_before  # type: ignore[union-attr]


def test_buurtverbinder_sees_the_editor_and_a_link_to_it(oost_editor: Client) -> None:
    response = oost_editor.get("/thema/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/thema/"' in page
    assert 'type="color"' in page
    assert 'name="primary_color" value="#1d6b3c"' in page


# Saving, checking, publishing -----------------------------------------------------------------


def test_saving_a_draft_leaves_the_live_theme_alone(
    oost: Buurtsite, oost_editor: Client, oost_client: Client
) -> None:
    live_before = stylesheet_of(oost_client)
    theme = theme_of(oost)

    response = oost_editor.post("/thema/", form_data(theme, primary_color="#224466"))  # type: ignore[arg-type]

    assert response.status_code == 302
    saved = theme_of(oost)
    assert saved.primary_color == "#224466"  # type: ignore[union-attr]
    assert saved.draft_revision == theme.draft_revision + 1  # type: ignore[union-attr]
    assert stylesheet_of(oost_client) == live_before


@pytest.mark.parametrize(
    "changes",
    [
        {"primary_color": "blue"},
        {"primary_color": "#12345"},
        {"font": "comic-sans"},
        {"home_layout": ""},
        {"short_name": "Veel te lange naam"},
    ],
)
def test_bad_input_is_refused_with_400_and_nothing_saved(
    oost: Buurtsite, oost_editor: Client, changes: dict[str, str]
) -> None:
    before = theme_of(oost).draft_revision  # type: ignore[union-attr]

    response = oost_editor.post("/thema/", form_data(theme_of(oost), **changes))  # type: ignore[arg-type]

    assert response.status_code == 400
    assert "Er is niets opgeslagen" in response.content.decode()
    assert theme_of(oost).draft_revision == before  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "content", "message"),
    [
        ("logo", b"<?php echo 1; ?>", "Een logo moet een SVG- of PNG-bestand zijn"),
        ("logo", image_bytes(fmt="JPEG"), "Een logo moet een SVG- of PNG-bestand zijn"),
        ("header_image", b"MZ\x90\x00", "Een kopfoto moet een JPEG-, PNG- of WebP-foto zijn"),
        ("logo", b"<!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>", "documenttypedeclaratie"),
    ],
)
def test_bad_upload_is_refused_in_dutch_and_nothing_saved(
    oost: Buurtsite, oost_editor: Client, field: str, content: bytes, message: str
) -> None:
    before = theme_of(oost)

    response = oost_editor.post(
        "/thema/",
        {**form_data(before), field: upload("bestand.png", content)},  # type: ignore[arg-type]
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    after = theme_of(oost)
    assert (after.logo, after.header_image, after.draft_revision) == (  # type: ignore[union-attr]
        before.logo,  # type: ignore[union-attr]
        before.header_image,  # type: ignore[union-attr]
        before.draft_revision,  # type: ignore[union-attr]
    )


def test_upload_past_the_limit_is_cut_off_while_reading(
    oost: Buurtsite, oost_editor: Client
) -> None:
    big = b"\x89PNG\r\n\x1a\n" + b"0" * (LOGO_MAX_BYTES + 10)

    response = oost_editor.post(
        "/thema/", {**form_data(theme_of(oost)), "logo": upload("l.png", big)}
    )  # type: ignore[arg-type]

    assert response.status_code == 400
    assert "Dit bestand is te groot: hoogstens 1 MB." in response.content.decode()


def test_good_uploads_are_saved_into_the_draft(oost: Buurtsite, oost_editor: Client) -> None:
    response = oost_editor.post(
        "/thema/",
        {
            **form_data(theme_of(oost)),  # type: ignore[arg-type]
            "logo": upload("logo.svg", SIMPLE_SVG),
            "header_image": upload("kop.jpg", image_bytes((1600, 600), fmt="JPEG")),
        },
    )

    assert response.status_code == 302
    theme = theme_of(oost)
    assert theme.logo.startswith("oost/sources/logo.") and theme.logo.endswith(".svg")  # type: ignore[union-attr]
    assert theme.header_image.endswith(".jpg")  # type: ignore[union-attr]
    # The editor shows the draft's own files to its editor.
    assert oost_editor.get("/thema/concept/logo").status_code == 200
    assert Client(HTTP_HOST=OOST_HOST).get("/thema/concept/logo").status_code == 302


def test_publishing_a_failing_theme_names_the_pair_in_dutch(
    oost: Buurtsite, oost_editor: Client
) -> None:
    builds = ThemeBuild.objects.count()

    response = oost_editor.post(
        "/thema/",
        form_data(theme_of(oost), text_color="#aaaaaa", intent="publish"),  # type: ignore[arg-type]
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit thema kan niet gepubliceerd worden" in page
    assert "Tekst op de achtergrond van de pagina" in page
    assert ThemeBuild.objects.count() == builds


def test_publishing_starts_a_build_after_commit(
    oost: Buurtsite, oost_editor: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = oost_editor.post("/thema/", form_data(theme_of(oost), intent="publish"))  # type: ignore[arg-type]

    assert response.status_code == 302
    assert len(callbacks) == 1
    assert ThemeBuild.objects.filter(
        theme__buurtsite=oost, status=ThemeBuild.Status.PENDING
    ).exists()
    status = oost_editor.get("/thema/status/")
    assert status.status_code == 200
    assert "gebouwd" in status.content.decode()


def test_status_tells_htmx_to_stop_polling_when_nothing_is_pending(oost_editor: Client) -> None:
    assert oost_editor.get("/thema/status/").status_code == 286


def test_live_check_names_failing_pairs_and_proposes_shades(oost_editor: Client) -> None:
    colours = {
        "primary_color": "#ffcc00",
        "accent_color": "#b35c00",
        "background_color": "#ffffff",
        "text_color": "#1b1b1b",
    }

    response = oost_editor.post("/thema/controleren/", colours)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Links op de achtergrond van de pagina" in page
    assert "#8a6e00" in page  # the nearest darker yellow that reaches 4.5:1 on white

    applied = oost_editor.post("/thema/controleren/", {**colours, "apply": "primary_color:#8a6e00"})
    assert 'name="primary_color" value="#8a6e00"' in applied.content.decode()
    assert (
        oost_editor.post("/thema/controleren/", {**colours, "text_color": "x"}).status_code == 400
    )


def test_choosing_a_preset_fills_the_draft(oost: Buurtsite, oost_editor: Client) -> None:
    response = oost_editor.post("/thema/voorinstelling/", {"preset": "avond"})

    assert response.status_code == 302
    theme = theme_of(oost)
    assert (theme.preset, theme.background_color) == ("avond", "#15191f")  # type: ignore[union-attr]
    assert oost_editor.post("/thema/voorinstelling/", {"preset": "nee"}).status_code == 400


def test_rollback_through_the_editor(
    oost: Buurtsite,
    oost_editor: Client,
    oost_client: Client,
    own_theme_files: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    first = stylesheet_of(oost_client)
    with django_capture_on_commit_callbacks(execute=True):
        apply_theme_preset(oost, editor=SYSTEM, preset_key="avond")
        publish_theme(oost, editor=SYSTEM, synchronous=True)
    second = stylesheet_of(oost_client)
    assert second != first

    with django_capture_on_commit_callbacks(execute=True):
        response = oost_editor.post("/thema/terugzetten/")

    assert response.status_code == 302
    assert stylesheet_of(oost_client) == first


def test_rollback_without_a_previous_version_says_so(oost: Buurtsite, oost_editor: Client) -> None:
    Theme.objects.filter(buurtsite=oost).update(previous_build=None)

    response = oost_editor.post("/thema/terugzetten/")

    assert response.status_code == 409
    assert "Er is geen eerdere versie" in response.content.decode()


# Preview ------------------------------------------------------------------------------------


def test_preview_shows_the_draft_to_its_editor_only(
    oost: Buurtsite, oost_editor: Client, oost_client: Client, oost_resident: Client
) -> None:
    live = stylesheet_of(oost_client)
    oost_editor.post("/thema/", form_data(theme_of(oost), primary_color="#224466"))  # type: ignore[arg-type]

    response = oost_editor.post("/thema/", form_data(theme_of(oost), intent="preview"))  # type: ignore[arg-type]

    assert response.status_code == 302 and response["Location"] == "/"
    page = oost_editor.get("/").content.decode()
    assert "/thema/voorbeeld/stijl.css?r=" in page
    assert "Je bekijkt het concept" in page
    css = oost_editor.get("/thema/voorbeeld/stijl.css")
    assert css.status_code == 200
    assert "--color-primary:#224466" in css.content.decode()
    assert css["Cache-Control"] == "private, no-store"
    for picture in re.findall(r'src="(/thema/voorbeeld/[^"?]+)\?r=\d+"', page):
        assert oost_editor.get(picture).status_code == 200, picture
    assert 'src="/thema/voorbeeld/kopfoto?r=' in page
    assert 'src="/thema/voorbeeld/logo?r=' in page
    # Everybody else keeps the published theme, and cannot fetch the draft.
    for other in (oost_client, oost_resident):
        assert stylesheet_of(other) == live
        assert other.get("/thema/voorbeeld/stijl.css").status_code == 404
        assert other.get("/thema/voorbeeld/logo").status_code == 404

    oost_editor.post("/thema/voorbeeld/stoppen/", {"next": "/"})
    assert stylesheet_of(oost_editor) == live


def test_preview_ends_when_the_editor_signs_out(oost: Buurtsite, oost_editor: Client) -> None:
    oost_editor.post("/thema/voorbeeld/")
    with tenant_context(oost):
        oost_editor.logout()

    assert oost_editor.get("/thema/voorbeeld/stijl.css").status_code == 404


# Operators ----------------------------------------------------------------------------------


def test_operator_list_shows_every_buurtsite_in_few_queries(
    operator: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    with django_assert_max_num_queries(6):
        response = operator.get("/beheer/themes/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/beheer/themes/oost/"' in page and 'href="/beheer/themes/lindenholt/"' in page


def test_operator_area_is_for_operators_only(platform_client: Client, oost_editor: Client) -> None:
    for path in ("/beheer/themes/", "/beheer/themes/oost/"):
        response = platform_client.get(path)
        assert response.status_code == 302
        assert "/beheer/login/" in response["Location"]
    # The platform host's editor is not on the buurtsite's host.
    assert oost_editor.get("/beheer/themes/oost/").status_code == 404


def test_operator_edits_and_publishes_a_buurtsites_theme(
    operator: Client, lindenholt: Buurtsite
) -> None:
    editor_page = operator.get("/beheer/themes/lindenholt/").content.decode()
    assert 'src="/beheer/themes/lindenholt/concept/logo?r=' in editor_page
    assert operator.get("/beheer/themes/lindenholt/concept/logo").status_code == 200
    assert operator.get("/beheer/themes/lindenholt/concept/kopfoto").status_code == 200
    assert operator.get("/beheer/themes/lindenholt/concept/elders").status_code == 404
    data = form_data(theme_of(lindenholt), primary_color="#7a2417", intent="publish")  # type: ignore[arg-type]

    response = operator.post("/beheer/themes/lindenholt/", data)

    assert response.status_code == 302
    build = ThemeBuild.objects.filter(theme__buurtsite=lindenholt).order_by("-pk").first()
    assert build is not None and build.requested_by.startswith("operator:")
    assert build.settings["primary_color"] == "#7a2417"
    assert operator.get("/beheer/themes/onbekend/").status_code == 404


def test_operator_preview_link_works_once_on_the_buurtsites_host(
    operator: Client, oost: Buurtsite
) -> None:
    response = operator.post("/beheer/themes/oost/voorbeeld/")

    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith("http://oost.localhost/thema/voorbeeld/openen/?token=")
    path = link.removeprefix("http://oost.localhost")

    browser = Client(HTTP_HOST=OOST_HOST)
    assert browser.get(path).status_code == 302
    assert browser.get("/thema/voorbeeld/stijl.css").status_code == 200
    # A second browser with the same link gets nothing: the link worked once.
    assert Client(HTTP_HOST=OOST_HOST).get(path).status_code == 403
    # Nor does the link work on another buurtsite's host.
    assert Client(HTTP_HOST=LINDENHOLT_HOST).get(path).status_code == 403


def test_forged_preview_link_is_refused(oost_client: Client) -> None:
    response = oost_client.get("/thema/voorbeeld/openen/?token=eyJ0aGVtZSI6MX0:fake:sig")

    assert response.status_code == 403
    assert oost_client.get("/thema/voorbeeld/stijl.css").status_code == 404


def test_theme_id_of_one_buurtsite_is_useless_on_another(
    oost: Buurtsite, lindenholt_editor: Client
) -> None:
    """A preview note naming oost's theme, planted in a lindenholt session, shows nothing."""
    oost_theme = theme_of(oost)
    session = lindenholt_editor.session
    session["themes.preview"] = {
        "theme": oost_theme.pk,  # type: ignore[union-attr]
        "buurtsite": oost.pk,
        "user": None,
        "until": 9e12,
    }
    with tenant_context(Buurtsite.objects.get(slug="lindenholt")):
        session.save()

    assert lindenholt_editor.get("/thema/voorbeeld/stijl.css").status_code == 404
    page = lindenholt_editor.get("/").content.decode()
    assert "/thema/voorbeeld/" not in page


def test_signed_in_operator_is_nobody_on_a_buurtsite(operator: Client) -> None:
    visitor = Client(HTTP_HOST=OOST_HOST)
    visitor.cookies = operator.cookies

    assert visitor.get("/thema/").status_code == 302


def test_platform_pages_have_no_theme(platform_client: Client, operator: Client) -> None:
    page = platform_client.get("/").content.decode()

    assert "/thema/bestanden/" not in page
    assert 'href="/beheer/themes/"' not in page
    assert 'href="/beheer/themes/"' in operator.get("/").content.decode()


def test_resident_made_buurtverbinder_may_edit_at_once(oost: Buurtsite) -> None:
    """Roles are read per request: a resident promoted to buurtverbinder may edit at once."""
    from accounts.models import User

    with tenant_context(oost):
        User.objects.filter(email="bewoner@oost.localhost").update(role=User.Role.BUURTVERBINDER)
    client = signed_in(OOST_HOST, oost, "bewoner@oost.localhost")

    assert client.get("/thema/").status_code == 200


def test_live_theme_is_read_from_the_cache_without_a_query(
    oost: Buurtsite, django_assert_num_queries: Callable[..., Any]
) -> None:
    first = live_page_theme(oost.pk)

    with django_assert_num_queries(0):
        assert live_page_theme(oost.pk) == first


def test_buurtsite_without_a_theme_shows_the_platform_look_and_can_get_one(
    oost: Buurtsite, oost_editor: Client, oost_client: Client
) -> None:
    Theme.objects.filter(buurtsite=oost).delete()
    forget_live_theme(oost.pk)

    page = oost_client.get("/").content.decode()
    assert "/thema/bestanden/" not in page
    assert 'class="home home--plain"' in page
    assert oost_editor.get("/thema/").status_code == 200

    values = {**DEFAULT_PRESET.values(), "short_name": "", "intent": "save"}
    assert oost_editor.post("/thema/", values).status_code == 302
    assert theme_of(oost).primary_color == DEFAULT_PRESET.primary_color  # type: ignore[union-attr]
