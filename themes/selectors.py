"""Reading themes: the draft for the editor, the live build for every page, lists for operators.

Every page of a buurtsite needs its live theme, so that answer is kept in the platform cache
(Redis) and dropped when a build goes live or is rolled back: a page costs a cache read, not a
query.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.urls import reverse
from PIL import Image

from tenants.models import Buurtsite
from themes import storage
from themes.css import font_preloads
from themes.models import HomeLayout, Theme, ThemeBuild

FILES_PATH = "thema/bestanden/"
_CACHE_VERSION = 2
_CACHE_SECONDS = 600
_NO_THEME = "none"
_VIEWBOX = re.compile(rb'viewBox="[-0-9. ]*? ?([0-9.]+) ([0-9.]+)"')


def build_url_prefix(build_id: int) -> str:
    return f"/{FILES_PATH}{int(build_id)}/"


@dataclass(frozen=True)
class Picture:
    src: str
    width: int
    height: int
    srcset: str = ""
    sizes: str = ""
    webp_srcset: str = ""


@dataclass(frozen=True)
class PageTheme:
    """What a page's template needs of the theme: links, pictures and the home layout."""

    stylesheet: str
    theme_color: str
    home_layout: str
    fonts: list[str] = field(default_factory=list)
    logo: Picture | None = None
    header_image: Picture | None = None
    favicon_ico: str = ""
    favicon_png: str = ""
    apple_touch_icon: str = ""
    manifest: str = ""
    share_image: str = ""
    build_id: int | None = None


def theme_of(buurtsite: Buurtsite) -> Theme | None:
    return (
        Theme.objects.select_related("live_build", "previous_build")
        .filter(buurtsite=buurtsite)
        .first()
    )


def recent_builds(theme: Theme, *, limit: int = 5) -> list[ThemeBuild]:
    return list(theme.builds.order_by("-pk")[:limit])


def pending_build(theme: Theme) -> ThemeBuild | None:
    return theme.builds.filter(status=ThemeBuild.Status.PENDING).order_by("-pk").first()


def _header_sizes(layout: str) -> str:
    """How wide the header image shows, for the browser to pick a file before any CSS loads.

    In pixels: `rem` in `sizes` means 16 px, while our pages use 18. The page is at most 1080 px
    wide with 18 px on each side; the split layout gives the image two fifths of it from 640 px
    (40rem in a media query) on.
    """
    if layout == HomeLayout.SPLIT:
        return "(min-width: 1080px) 404px, (min-width: 640px) calc(40vw - 29px), calc(100vw - 36px)"
    return "(min-width: 1080px) 1044px, calc(100vw - 36px)"


def page_theme_of_build(build: ThemeBuild) -> PageTheme:
    roles: dict[str, str] = build.files
    prefix = build_url_prefix(build.pk)
    settings = build.settings
    dimensions: dict[str, Any] = build.dimensions

    logo = None
    if "logo" in roles:
        width, height = dimensions.get("logo", [48, 48])
        srcset = ""
        if "logo_1x" in roles:
            srcset = f"{prefix}{roles['logo_1x']} 1x, {prefix}{roles['logo']} 2x"
        logo = Picture(src=prefix + roles["logo"], width=width, height=height, srcset=srcset)

    header = None
    header_info = dimensions.get("header")
    if header_info:
        widths: list[int] = header_info["widths"]
        ratio_w, ratio_h = header_info["ratio"]
        smallest = widths[0]
        header = Picture(
            src=prefix + roles[f"header_{smallest}"],
            width=smallest,
            height=round(smallest * ratio_h / ratio_w),
            srcset=", ".join(f"{prefix}{roles[f'header_{w}']} {w}w" for w in widths),
            webp_srcset=", ".join(
                f"{prefix}{roles[f'header_{w}_webp']} {w}w"
                for w in widths
                if f"header_{w}_webp" in roles
            ),
            sizes=_header_sizes(settings["home_layout"]),
        )

    return PageTheme(
        stylesheet=prefix + roles["stylesheet"],
        theme_color=settings["primary_color"],
        home_layout=settings["home_layout"],
        fonts=font_preloads(settings["font"]),
        logo=logo,
        header_image=header,
        favicon_ico=prefix + roles["favicon_ico"],
        favicon_png=prefix + roles["favicon_png"],
        apple_touch_icon=prefix + roles["apple_touch_icon"],
        manifest=prefix + roles["manifest"],
        share_image=prefix + roles["share_image"],
        build_id=build.pk,
    )


def _cache_key(buurtsite_id: int) -> str:
    return f"themes:live:{_CACHE_VERSION}:{buurtsite_id}"


def live_page_theme(buurtsite_id: int) -> PageTheme | None:
    """The live theme of a buurtsite as its pages link it; cached."""
    cache = caches["platform"]
    cached = cache.get(_cache_key(buurtsite_id))
    if cached == _NO_THEME:
        return None
    if isinstance(cached, dict):
        return _from_cache(cached)

    build = (
        ThemeBuild.objects.filter(
            pk__in=Theme.objects.filter(buurtsite_id=buurtsite_id).values("live_build_id"),
            status=ThemeBuild.Status.READY,
        )
        .only("pk", "files", "settings", "dimensions")
        .first()
    )
    page_theme = page_theme_of_build(build) if build is not None else None
    cache.set(
        _cache_key(buurtsite_id),
        asdict(page_theme) if page_theme else _NO_THEME,
        _CACHE_SECONDS,
    )
    return page_theme


def _from_cache(data: dict[str, Any]) -> PageTheme:
    logo = Picture(**data["logo"]) if data.get("logo") else None
    header = Picture(**data["header_image"]) if data.get("header_image") else None
    return PageTheme(**{**data, "logo": logo, "header_image": header})


def forget_live_theme(buurtsite_id: int) -> None:
    caches["platform"].delete(_cache_key(buurtsite_id))


def source_dimensions(path: Path) -> tuple[int, int]:
    """Width and height of a stored upload (checked before storing, so well-formed)."""
    if path.suffix == ".svg":
        match = _VIEWBOX.search(path.read_bytes()[:2000])
        if match:
            return round(float(match.group(1))), round(float(match.group(2)))
        return (48, 48)
    with Image.open(path) as image:
        return image.size


def build_files_present(build: ThemeBuild, schema_name: str) -> bool:
    return storage.build_is_complete(schema_name, build.pk, list(build.files.values()))


@dataclass(frozen=True)
class ThemeOverviewRow:
    buurtsite: Buurtsite
    theme: Theme | None
    live_build: ThemeBuild | None


def theme_overview() -> list[ThemeOverviewRow]:
    """Every buurtsite with its municipality, theme and live build, in one query."""
    rows = []
    buurtsites = Buurtsite.objects.select_related(
        "municipality", "theme", "theme__live_build"
    ).order_by("municipality__name", "name")
    for buurtsite in buurtsites:
        theme: Theme | None = getattr(buurtsite, "theme", None)
        rows.append(ThemeOverviewRow(buurtsite, theme, theme.live_build if theme else None))
    return rows


def preview_page_theme(theme: Theme, *, live: PageTheme | None) -> PageTheme:
    """The draft as pages link it while its editor previews it; icons stay the live ones."""
    revision = f"?r={theme.draft_revision}"
    schema_name = theme.buurtsite.schema_name

    logo = None
    logo_path = storage.source_path(schema_name, theme.logo) if theme.logo else None
    if logo_path is not None:
        width, height = source_dimensions(logo_path)
        logo = Picture(
            src=reverse("themes:preview_file", kwargs={"kind": "logo"}) + revision,
            width=round(48 * min(width / height, 4)),
            height=48,
        )
    header = None
    header_path = (
        storage.source_path(schema_name, theme.header_image) if theme.header_image else None
    )
    if header_path is not None and theme.home_layout != HomeLayout.PLAIN:
        width, height = source_dimensions(header_path)
        header = Picture(
            src=reverse("themes:preview_file", kwargs={"kind": "kopfoto"}) + revision,
            width=width,
            height=height,
        )
    return PageTheme(
        stylesheet=reverse("themes:preview_stylesheet") + revision,
        theme_color=theme.primary_color,
        home_layout=theme.home_layout,
        fonts=font_preloads(theme.font),
        logo=logo,
        header_image=header,
        favicon_ico=live.favicon_ico if live else "",
        favicon_png=live.favicon_png if live else "",
        apple_touch_icon=live.apple_touch_icon if live else "",
        manifest=live.manifest if live else "",
        share_image=live.share_image if live else "",
        build_id=None,
    )
