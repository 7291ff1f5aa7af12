"""Changing themes: the draft, presets, publishing, the build itself and rolling back.

Every write runs in one transaction; the build task is sent on commit. A build can run twice (a
redelivered message) with one result, and a slow build never replaces a newer one that finished
first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Buurtsite
from themes import storage
from themes.build import BuildSource, build_files
from themes.colours import is_hex_colour
from themes.models import CornerStyle, Font, HomeLayout, Theme, ThemeBuild
from themes.palette import ColourChoice, check_contrast
from themes.permissions import SYSTEM, Editor
from themes.presets import DEFAULT_PRESET, preset_named
from themes.selectors import build_url_prefix, forget_live_theme
from themes.uploads import CleanUpload

logger = logging.getLogger(__name__)

# A build normally takes a second or two; one still pending after this lost its message.
STALLED_AFTER = timedelta(minutes=5)
COLOUR_FIELDS = ("primary_color", "accent_color", "background_color", "text_color")
_CHOICES = {
    "font": Font.values,
    "home_layout": HomeLayout.values,
    "corner_style": CornerStyle.values,
}


def _locked_theme(buurtsite: Buurtsite) -> Theme:
    """The buurtsite's theme, locked for this transaction; made from the default when absent."""
    theme = Theme.objects.select_for_update().filter(buurtsite=buurtsite).first()
    if theme is None:
        Theme.objects.get_or_create(
            buurtsite=buurtsite, defaults={"preset": DEFAULT_PRESET.key, **DEFAULT_PRESET.values()}
        )
        theme = Theme.objects.select_for_update().get(buurtsite=buurtsite)
    return theme


def _check_values(values: Mapping[str, str]) -> dict[str, str]:
    """Forms check this already; an action trusts no caller."""
    checked: dict[str, str] = {}
    for name in COLOUR_FIELDS:
        value = values.get(name, "")
        if not is_hex_colour(value):
            raise ValidationError({name: _("Choose a colour as #rrggbb.")}, code="colour")
        checked[name] = value.lower()
    for name, allowed in _CHOICES.items():
        if values.get(name) not in allowed:
            raise ValidationError({name: _("Choose one of the options.")}, code="choice")
        checked[name] = values[name]
    short_name = values.get("short_name", "").strip()
    if len(short_name) > 12:
        raise ValidationError({"short_name": _("At most 12 characters.")}, code="short_name")
    checked["short_name"] = short_name
    return checked


@transaction.atomic
def save_theme_draft(
    buurtsite: Buurtsite,
    *,
    editor: Editor,
    values: Mapping[str, str],
    logo: CleanUpload | None = None,
    header_image: CleanUpload | None = None,
    remove_logo: bool = False,
    remove_header_image: bool = False,
) -> Theme:
    """Store the editor's draft; the live theme stays as it is until publishing."""
    checked = _check_values(values)
    theme = _locked_theme(buurtsite)
    for name, value in checked.items():
        setattr(theme, name, value)

    if remove_logo:
        theme.logo = ""
    if logo is not None:
        theme.logo = storage.save_source(
            buurtsite.schema_name, stem="logo", extension=logo.extension, content=logo.content
        )
    if remove_header_image:
        theme.header_image = ""
    if header_image is not None:
        theme.header_image = storage.save_source(
            buurtsite.schema_name,
            stem="header",
            extension=header_image.extension,
            content=header_image.content,
        )
    theme.draft_revision += 1
    theme.save()
    logger.info(
        "Theme draft saved",
        extra={"buurtsite_id": buurtsite.pk, "theme_id": theme.pk, "editor": editor.label},
    )
    return theme


@transaction.atomic
def apply_theme_preset(buurtsite: Buurtsite, *, editor: Editor, preset_key: str) -> Theme:
    """Put a preset's colours, font and layout into the draft; logo and header image stay."""
    preset = preset_named(preset_key)
    if preset is None:
        raise ValidationError(_("This preset does not exist."), code="preset")
    theme = _locked_theme(buurtsite)
    for name, value in preset.values().items():
        setattr(theme, name, value)
    theme.preset = preset.key
    theme.draft_revision += 1
    theme.save()
    logger.info(
        "Theme preset applied",
        extra={"buurtsite_id": buurtsite.pk, "preset": preset.key, "editor": editor.label},
    )
    return theme


def contrast_failure_message(theme: Theme) -> str | None:
    """Why this draft cannot be published, in words for the editor; None when it can."""
    report = check_contrast(
        ColourChoice.from_hex(
            primary=theme.primary_color,
            accent=theme.accent_color,
            background=theme.background_color,
            text=theme.text_color,
        )
    )
    if report.passed:
        return None
    pairs = "; ".join(
        _("%(pair)s (%(ratio)s:1, needs %(minimum)s:1)")
        % {
            "pair": result.pair.label,
            "ratio": f"{result.rounded_ratio:.1f}".replace(".", ","),
            "minimum": f"{result.pair.minimum:g}".replace(".", ","),
        }
        for result in report.failing
    )
    return _("This theme cannot be published: some colours are too hard to read. %(pairs)s.") % {
        "pairs": pairs
    }


@transaction.atomic
def publish_theme(buurtsite: Buurtsite, *, editor: Editor, synchronous: bool = False) -> ThemeBuild:
    """Freeze the draft into a build and have it built (after commit, by the worker).

    A draft with any colour pair below WCAG 2.1 AA is refused. `synchronous` builds at once,
    inside this transaction: for the demo and commands, not for requests.
    """
    theme = _locked_theme(buurtsite)
    failure = contrast_failure_message(theme)
    if failure is not None:
        logger.info(
            "Theme publishing refused: contrast",
            extra={"buurtsite_id": buurtsite.pk, "editor": editor.label},
        )
        raise ValidationError(failure, code="contrast")
    for name in ("logo", "header_image"):
        relative = getattr(theme, name)
        if relative and storage.source_path(buurtsite.schema_name, relative) is None:
            raise ValidationError(
                _("An uploaded image has gone missing. Upload it again, please."), code="missing"
            )

    build = ThemeBuild.objects.create(
        theme=theme,
        settings={**theme.draft_settings(), "name": buurtsite.name},
        requested_by=editor.label,
    )
    logger.info(
        "Theme published",
        extra={"buurtsite_id": buurtsite.pk, "build_id": build.pk, "editor": editor.label},
    )
    if synchronous:
        return run_theme_build(build.pk)

    from themes.tasks import build_theme

    build_theme.delay_on_commit(build.pk)
    return build


def run_theme_build(build_id: int) -> ThemeBuild:
    """Build the files of a published theme and make it live if it is the newest.

    Safe to run twice: a build that is no longer pending is returned as it is.
    """
    build = ThemeBuild.objects.select_related("theme__buurtsite").get(pk=build_id)
    if build.status != ThemeBuild.Status.PENDING:
        return build
    schema_name = build.theme.buurtsite.schema_name
    started = time.perf_counter()
    try:
        source = BuildSource(
            name=build.settings["name"],
            settings=build.settings,
            url_prefix=build_url_prefix(build.pk),
            logo=_source(schema_name, build.settings["logo"]),
            header_image=_source(schema_name, build.settings["header_image"]),
        )
        output = build_files(source)
        storage.write_build(schema_name, build.pk, output.files)
    except Exception:  # whatever broke, the build is marked failed and the live theme stays
        logger.exception("Theme build failed", extra={"build_id": build_id})
        return _fail_build(build_id)
    return _finish_build(
        build_id,
        roles=output.roles,
        dimensions=output.dimensions,
        seconds=time.perf_counter() - started,
    )


def _source(schema_name: str, relative: str) -> Path | None:
    if not relative:
        return None
    path = storage.source_path(schema_name, relative)
    if path is None:
        raise FileNotFoundError("A theme source file is missing.")
    return path


@transaction.atomic
def _fail_build(build_id: int) -> ThemeBuild:
    build = ThemeBuild.objects.select_for_update().get(pk=build_id)
    if build.status == ThemeBuild.Status.PENDING:
        build.status = ThemeBuild.Status.FAILED
        build.error = "build_failed"
        build.save(update_fields=["status", "error"])
    return build


@transaction.atomic
def _finish_build(
    build_id: int, *, roles: dict[str, str], dimensions: dict[str, Any], seconds: float
) -> ThemeBuild:
    build = ThemeBuild.objects.select_for_update().get(pk=build_id)
    if build.status != ThemeBuild.Status.PENDING:
        return build  # a twin of this task finished first
    theme = Theme.objects.select_for_update().select_related("buurtsite").get(pk=build.theme_id)
    build.status = ThemeBuild.Status.READY
    build.files = roles
    build.dimensions = dimensions
    build.built_at = timezone.now()
    build.build_seconds = round(seconds, 3)
    build.save(update_fields=["status", "files", "dimensions", "built_at", "build_seconds"])

    # The newest publication wins, whichever build finishes first.
    if theme.live_build_id is None or build.pk > theme.live_build_id:
        theme.previous_build_id = theme.live_build_id
        theme.live_build_id = build.pk
        theme.save(update_fields=["live_build", "previous_build"])
        _clear_away_old_builds(theme)
        buurtsite_id = theme.buurtsite_id
        transaction.on_commit(lambda: forget_live_theme(buurtsite_id))
    logger.info(
        "Theme build ready",
        extra={
            "buurtsite_id": theme.buurtsite_id,
            "build_id": build.pk,
            "live": theme.live_build_id == build.pk,
            "seconds": build.build_seconds,
        },
    )
    return build


def _clear_away_old_builds(theme: Theme) -> None:
    """Keep the live and the previous build (for rollback); remove older ones' files."""
    keep = {theme.live_build_id, theme.previous_build_id} - {None}
    schema_name = theme.buurtsite.schema_name
    old = list(
        theme.builds.filter(status=ThemeBuild.Status.READY)
        .exclude(pk__in=keep)
        .values_list("pk", flat=True)
    )
    if old:
        theme.builds.filter(pk__in=old).update(status=ThemeBuild.Status.DISCARDED)

    sources = {theme.logo, theme.header_image}
    for settings in theme.builds.filter(pk__in=keep).values_list("settings", flat=True):
        sources |= {settings.get("logo", ""), settings.get("header_image", "")}

    def remove_files() -> None:
        for build_id in old:
            storage.remove_build(schema_name, build_id)
        storage.remove_unused_sources(schema_name, keep=sources - {""})

    transaction.on_commit(remove_files)


@transaction.atomic
def rollback_theme(buurtsite: Buurtsite, *, editor: Editor) -> ThemeBuild:
    """Make the previous build live again, at once; rolling back twice undoes the rollback."""
    theme = _locked_theme(buurtsite)
    previous = None
    if theme.previous_build_id is not None:
        previous = (
            ThemeBuild.objects.filter(pk=theme.previous_build_id, status=ThemeBuild.Status.READY)
            .only("pk", "files")
            .first()
        )
    if previous is None or not storage.build_is_complete(
        buurtsite.schema_name, previous.pk, list(previous.files.values())
    ):
        raise ValidationError(_("There is no earlier version to go back to."), code="no_previous")
    theme.previous_build_id, theme.live_build_id = theme.live_build_id, previous.pk
    theme.save(update_fields=["live_build", "previous_build"])
    transaction.on_commit(lambda: forget_live_theme(buurtsite.pk))
    logger.info(
        "Theme rolled back",
        extra={"buurtsite_id": buurtsite.pk, "build_id": previous.pk, "editor": editor.label},
    )
    return previous


@transaction.atomic
def provide_default_theme(
    buurtsite: Buurtsite, *, preset_key: str = DEFAULT_PRESET.key, synchronous: bool = False
) -> Theme:
    """For provisioning and the demo: a theme from a preset, published once. Idempotent."""
    theme = Theme.objects.select_for_update().filter(buurtsite=buurtsite).first()
    if theme is None:
        apply_theme_preset(buurtsite, editor=SYSTEM, preset_key=preset_key)
        theme = Theme.objects.select_for_update().get(buurtsite=buurtsite)
    pending = theme.builds.filter(status=ThemeBuild.Status.PENDING).exists()
    live = theme.live_build
    # Also when the live build's files are gone (a wiped media folder): build them again.
    live_present = live is not None and storage.build_is_complete(
        buurtsite.schema_name, live.pk, list(live.files.values())
    )
    if not pending and not live_present:
        publish_theme(buurtsite, editor=SYSTEM, synchronous=synchronous)
    return theme


def resend_stalled_builds(*, older_than: timedelta = STALLED_AFTER) -> list[int]:
    """Send again the builds still pending after `older_than`: their message was lost (a worker
    killed before it acknowledged, a broker restart). Building twice is harmless."""
    from themes.tasks import build_theme

    cutoff = timezone.now() - older_than
    stalled = list(
        ThemeBuild.objects.filter(
            status=ThemeBuild.Status.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for build_id in stalled:
        build_theme.delay_on_commit(build_id)
    if stalled:
        logger.warning("Stalled theme builds sent again", extra={"builds": len(stalled)})
    return stalled
