"""Publishing, building, going live, rolling back: the rules of themes.actions."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from tenants.models import Buurtsite
from tests.themes.conftest import SIMPLE_SVG, image_bytes, upload
from themes import storage
from themes.actions import (
    apply_theme_preset,
    provide_default_theme,
    publish_theme,
    resend_stalled_builds,
    rollback_theme,
    run_theme_build,
    save_theme_draft,
)
from themes.models import Theme, ThemeBuild
from themes.permissions import Editor
from themes.presets import PRESETS
from themes.selectors import live_page_theme, theme_of
from themes.uploads import clean_header_image, clean_logo

EDITOR = Editor("buurtverbinder", 1)
EVERY_ROLE = {
    "stylesheet",
    "icon_192",
    "icon_512",
    "icon_maskable",
    "apple_touch_icon",
    "favicon_png",
    "favicon_ico",
    "manifest",
    "share_image",
}


def draft_values(theme: Theme, **changes: str) -> dict[str, str]:
    values = {k: v for k, v in theme.draft_settings().items() if k not in {"logo", "header_image"}}
    return {**values, **changes}


def publish_now(buurtsite: Buurtsite) -> ThemeBuild:
    build = publish_theme(buurtsite, editor=EDITOR, synchronous=True)
    assert build.status == ThemeBuild.Status.READY, build.error
    return build


def built_path(buurtsite: Buurtsite, build: ThemeBuild, role: str) -> Any:
    path = storage.built_file(buurtsite.schema_name, build.pk, build.files[role])
    assert path is not None, role
    return path


def test_demo_buurtsites_start_in_different_published_themes(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    oost_theme, lindenholt_theme = theme_of(oost), theme_of(lindenholt)

    assert oost_theme is not None and lindenholt_theme is not None
    assert oost_theme.live_build is not None and lindenholt_theme.live_build is not None
    assert oost_theme.primary_color != lindenholt_theme.primary_color
    assert oost_theme.logo.startswith("oost/") and lindenholt_theme.logo.startswith("lindenholt/")


def test_build_produces_every_file(oost: Buurtsite) -> None:
    theme = save_theme_draft(
        oost,
        editor=EDITOR,
        values=draft_values(theme_of(oost), home_layout="banner"),  # type: ignore[arg-type]
        logo=clean_logo(upload("logo.png", image_bytes((400, 100), mode="RGBA"))),
        header_image=clean_header_image(upload("kop.jpg", image_bytes((2000, 900), fmt="JPEG"))),
    )

    build = publish_now(oost)

    headers = {f"header_{width}{kind}" for width in (800, 1200, 1600) for kind in ("", "_webp")}
    assert EVERY_ROLE | {"logo", "logo_1x"} | headers <= set(build.files)
    for role, name in build.files.items():
        assert storage.BUILT_NAME.match(name), name
        assert built_path(oost, build, role).stat().st_size > 0

    sizes = {
        "icon_192": (192, 192),
        "icon_512": (512, 512),
        "icon_maskable": (512, 512),
        "apple_touch_icon": (180, 180),
        "favicon_png": (32, 32),
        "share_image": (1200, 630),
        "logo": (384, 96),
        "logo_1x": (192, 48),
        "header_800": (800, 250),
        "header_1600": (1600, 500),
        "header_800_webp": (800, 250),
    }
    for role, size in sizes.items():
        with Image.open(built_path(oost, build, role)) as image:
            assert image.size == size, role
    with Image.open(built_path(oost, build, "share_image")) as share:
        assert share.format == "PNG"
    with Image.open(built_path(oost, build, "favicon_ico")) as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])

    manifest = json.loads(built_path(oost, build, "manifest").read_text())
    assert manifest["name"] == "Nijmegen-Oost"
    assert manifest["short_name"] == "Oost"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"] == theme.primary_color
    assert manifest["background_color"] == theme.background_color
    icons = {icon["sizes"]: icon for icon in manifest["icons"] if "purpose" not in icon}
    assert set(icons) == {"192x192", "512x512"}
    assert icons["192x192"]["src"] == f"/thema/bestanden/{build.pk}/{build.files['icon_192']}"
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])

    css = built_path(oost, build, "stylesheet").read_text()
    for variable in (
        "--color-primary:",
        "--color-primary-dark:",
        "--color-on-primary:",
        "--color-border:",
        "--color-focus:",
        "--color-muted:",
        "--font-body:",
    ):
        assert variable in css
    assert f"--color-primary:{theme.primary_color}" in css


def test_svg_logo_is_served_as_svg_and_drawn_into_the_icons(oost: Buurtsite) -> None:
    save_theme_draft(
        oost,
        editor=EDITOR,
        values=draft_values(theme_of(oost)),  # type: ignore[arg-type]
        logo=clean_logo(upload("logo.svg", SIMPLE_SVG)),
    )

    build = publish_now(oost)

    assert build.files["logo"].endswith(".svg")
    assert "logo_1x" not in build.files
    assert build.dimensions["logo"] == [96, 48]
    served = built_path(oost, build, "logo").read_text()
    assert served.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<rect width="100" height="50" fill="#ffffff"/>' in served


def test_theme_without_logo_gets_a_letter_for_icon(lindenholt: Buurtsite) -> None:
    save_theme_draft(
        lindenholt,
        editor=EDITOR,
        values=draft_values(theme_of(lindenholt)),  # type: ignore[arg-type]
        remove_logo=True,
        remove_header_image=True,
    )

    build = publish_now(lindenholt)

    assert "logo" not in build.files and "header_800" not in build.files
    with Image.open(built_path(lindenholt, build, "icon_512")) as icon:
        # The main colour fills the icon's corner; the letter sits in the middle.
        assert icon.convert("RGB").getpixel((5, 5)) == (0x9C, 0x2B, 0x1C)


def test_failing_theme_cannot_be_published(oost: Buurtsite) -> None:
    theme = theme_of(oost)
    save_theme_draft(
        oost,
        editor=EDITOR,
        values=draft_values(theme, text_color="#999999"),  # type: ignore[arg-type]
    )
    builds_before = ThemeBuild.objects.count()

    with pytest.raises(ValidationError) as caught:
        publish_theme(oost, editor=EDITOR)

    assert caught.value.code == "contrast"
    assert (
        "Tekst op de achtergrond van de pagina (2,7:1, nodig is 4,5:1)" in caught.value.messages[0]
    )
    assert ThemeBuild.objects.count() == builds_before


def test_publishing_sends_the_build_only_on_commit(
    oost: Buurtsite, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        build = publish_theme(oost, editor=EDITOR)

    assert build.status == ThemeBuild.Status.PENDING
    assert len(callbacks) == 1
    assert build.requested_by == "buurtverbinder:1"


def test_build_is_safe_to_run_twice(oost: Buurtsite) -> None:
    build = publish_theme(oost, editor=EDITOR)

    first = run_theme_build(build.pk)
    second = run_theme_build(build.pk)

    assert first.status == second.status == ThemeBuild.Status.READY
    assert first.files == second.files
    assert theme_of(oost).live_build_id == build.pk  # type: ignore[union-attr]


def test_newest_publication_wins_whichever_build_finishes_first(oost: Buurtsite) -> None:
    older = publish_theme(oost, editor=EDITOR)
    apply_theme_preset(oost, editor=EDITOR, preset_key=PRESETS[3].key)
    newer = publish_theme(oost, editor=EDITOR)

    run_theme_build(newer.pk)
    run_theme_build(older.pk)

    theme = theme_of(oost)
    assert theme is not None
    assert theme.live_build_id == newer.pk
    assert ThemeBuild.objects.get(pk=older.pk).status == ThemeBuild.Status.READY


def test_rollback_restores_the_previous_build_and_can_be_undone(oost: Buurtsite) -> None:
    first = theme_of(oost).live_build  # type: ignore[union-attr]
    apply_theme_preset(oost, editor=EDITOR, preset_key="avond")
    second = publish_now(oost)
    assert live_page_theme(oost.pk).build_id == second.pk  # type: ignore[union-attr]

    restored = rollback_theme(oost, editor=EDITOR)

    theme = theme_of(oost)
    assert restored.pk == first.pk  # type: ignore[union-attr]
    assert theme.live_build_id == first.pk  # type: ignore[union-attr]
    assert theme.previous_build_id == second.pk  # type: ignore[union-attr]
    # The files of both stay: rolling back again brings the new one back.
    assert rollback_theme(oost, editor=EDITOR).pk == second.pk


def test_rollback_without_a_previous_build_is_refused(lindenholt: Buurtsite) -> None:
    Theme.objects.filter(buurtsite=lindenholt).update(previous_build=None)

    with pytest.raises(ValidationError) as caught:
        rollback_theme(lindenholt, editor=EDITOR)

    assert caught.value.code == "no_previous"


def test_only_the_live_and_previous_builds_keep_their_files(
    oost: Buurtsite, django_capture_on_commit_callbacks: Callable[..., Any], own_theme_files: None
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        builds = [publish_now(oost) for _ in range(3)]

    theme = theme_of(oost)
    assert theme is not None
    assert (theme.live_build_id, theme.previous_build_id) == (builds[2].pk, builds[1].pk)
    assert ThemeBuild.objects.get(pk=builds[0].pk).status == ThemeBuild.Status.DISCARDED
    assert not storage.build_dir(oost.schema_name, builds[0].pk).exists()
    assert storage.build_dir(oost.schema_name, builds[1].pk).is_dir()


def test_failed_build_keeps_the_live_theme(oost: Buurtsite) -> None:
    live_before = theme_of(oost).live_build_id  # type: ignore[union-attr]
    build = publish_theme(oost, editor=EDITOR)
    ThemeBuild.objects.filter(pk=build.pk).update(
        settings={**build.settings, "logo": "oost/sources/logo.0000000000000000.svg"}
    )

    result = run_theme_build(build.pk)

    assert result.status == ThemeBuild.Status.FAILED
    assert theme_of(oost).live_build_id == live_before  # type: ignore[union-attr]


def test_theme_files_of_buurtsites_are_kept_apart(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    oost_build = theme_of(oost).live_build  # type: ignore[union-attr]
    lindenholt_build = theme_of(lindenholt).live_build  # type: ignore[union-attr]

    assert storage.build_dir("oost", oost_build.pk).is_dir()  # type: ignore[union-attr]
    # Another buurtsite's build id finds nothing in this buurtsite's folder.
    assert not storage.build_dir("oost", lindenholt_build.pk).exists()  # type: ignore[union-attr]
    name = lindenholt_build.files["stylesheet"]  # type: ignore[union-attr]
    assert storage.built_file("oost", lindenholt_build.pk, name) is None  # type: ignore[union-attr]
    # A stored upload of one buurtsite is not found under another's name.
    assert storage.source_path("lindenholt", theme_of(oost).logo) is None  # type: ignore[union-attr]


def test_provide_default_theme_is_idempotent(oost: Buurtsite) -> None:
    builds = ThemeBuild.objects.count()

    provide_default_theme(oost, synchronous=True)
    provide_default_theme(oost, synchronous=True)

    assert ThemeBuild.objects.count() == builds
    assert Theme.objects.filter(buurtsite=oost).count() == 1


def test_preset_that_does_not_exist_is_refused(oost: Buurtsite) -> None:
    with pytest.raises(ValidationError):
        apply_theme_preset(oost, editor=EDITOR, preset_key="regenboog")


def test_action_refuses_values_a_form_would_have_refused(oost: Buurtsite) -> None:
    theme = theme_of(oost)
    for bad in ({"primary_color": "red"}, {"font": "Comic Sans"}, {"short_name": "x" * 13}):
        with pytest.raises(ValidationError):
            save_theme_draft(oost, editor=EDITOR, values=draft_values(theme, **bad))  # type: ignore[arg-type]


def test_builds_whose_message_was_lost_are_sent_again(
    oost: Buurtsite, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        fresh = publish_theme(oost, editor=EDITOR)
        stalled = publish_theme(oost, editor=EDITOR)
    ThemeBuild.objects.filter(pk=stalled.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert resend_stalled_builds() == [stalled.pk]
    assert len(sent) == 1
    assert fresh.pk not in resend_stalled_builds()


def test_deleting_a_theme_removes_its_files_after_commit(
    oost: Buurtsite, own_theme_files: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    folder = storage.build_dir("oost", theme_of(oost).live_build_id).parent.parent  # type: ignore[arg-type, union-attr]
    assert folder.is_dir()

    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.filter(buurtsite=oost).delete()

    assert not folder.exists()
    assert storage.build_dir("lindenholt", 1).parent.is_dir()
