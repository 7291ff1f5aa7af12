"""The stylesheet of a theme: custom properties that override site.css, fonts and home layout.

The same function writes the published build's stylesheet and the draft's preview, so what a
buurtverbinder previews is what goes live.
"""

from __future__ import annotations

from django.templatetags.static import static

from themes.models import CornerStyle, HomeLayout
from themes.palette import Palette
from themes.presets import FONT_FILES, font_stack

_RADIUS: dict[str, tuple[str, str]] = {
    CornerStyle.SQUARE: ("0.125rem", "0.125rem"),
    CornerStyle.ROUNDED: ("0.5rem", "0.5rem"),
    CornerStyle.ROUND: ("1rem", "999px"),
}

# Rules for what themes add to the page: the logo, the accent button and the header image.
_COMPONENTS = """\
.site-header{border-bottom:0.3rem solid var(--color-accent)}
.site-name{display:inline-flex;align-items:center;gap:0.6rem}
.site-logo{display:block;height:2.5rem;width:auto;max-width:10rem}
.button,button,input[type="submit"]{border-radius:var(--radius-button)}
.button:hover,button:hover{border-color:var(--color-primary-dark)}
.button--accent{color:var(--color-on-accent);background:var(--color-accent);\
border-color:var(--color-accent)}
.button--accent:hover{color:var(--color-on-accent);background:var(--color-accent-dark);\
border-color:var(--color-accent-dark)}
.errorlist{color:var(--color-error)}
.messages .message{border-left-color:var(--color-accent)}
.home-image{margin:0 0 1.5rem}
.home-image picture,.home-image img{display:block;width:100%;height:auto;\
border-radius:var(--radius)}
"""

_LAYOUTS: dict[str, str] = {
    HomeLayout.BANNER: ".home-image img{aspect-ratio:16/5;object-fit:cover}\n",
    HomeLayout.SPLIT: """\
.home-image img{aspect-ratio:4/3;object-fit:cover}
@media (min-width:40rem){.home--split{display:grid;grid-template-columns:3fr 2fr;gap:2rem;\
align-items:start}.home--split .home-image{order:2;margin-top:0.5rem}}
""",
    HomeLayout.PLAIN: ".home-image{display:none}\n",
}

_PREVIEW = """\
.preview-bar{background:var(--color-surface);color:var(--color-text);\
border-bottom:0.3rem solid var(--color-accent)}
.preview-bar .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem 1rem;\
padding-top:0.5rem;padding-bottom:0.5rem}
.preview-bar p{margin:0;font-weight:600}
.preview-bar form{margin:0}
"""


def _font_faces(font: str) -> str:
    files = FONT_FILES.get(font)
    if files is None:
        return ""
    faces = []
    for weight, path in ((400, files.regular), (700, files.bold)):
        faces.append(
            f'@font-face{{font-family:"{files.family}";font-style:normal;font-weight:{weight};'
            f'font-display:swap;src:url("{static(path)}") format("woff2")}}\n'
        )
    return "".join(faces)


def font_preloads(font: str) -> list[str]:
    """URLs of the font files the first view needs, for `<link rel="preload">`."""
    files = FONT_FILES.get(font)
    return [str(static(files.regular)), str(static(files.bold))] if files else []


def stylesheet(
    *,
    palette: Palette,
    font: str,
    corner_style: str,
    home_layout: str,
    preview: bool = False,
) -> str:
    radius, button_radius = _RADIUS.get(corner_style, _RADIUS[CornerStyle.ROUNDED])
    variables = {
        **palette.css_variables(),
        "--font-body": font_stack(font),
        "--radius": radius,
        "--radius-button": button_radius,
    }
    root = ";".join(f"{name}:{value}" for name, value in variables.items())
    return (
        "/* Mijnbuurtje theme: generated from the buurtsite's theme, do not edit. */\n"
        + _font_faces(font)
        + f":root{{{root}}}\n"
        + _COMPONENTS
        + _LAYOUTS.get(home_layout, "")
        + (_PREVIEW if preview else "")
    )
