"""Making an uploaded SVG logo safe to serve: an allow-list rebuild, not a block-list filter.

The file is parsed with defusedxml, which refuses any DTD (so no entity expansion and no external
entities). From the parsed tree a new document is written that holds only known SVG shape,
gradient and text elements with known presentation attributes. Everything else is left out:
scripts, event handlers (`on...`), `foreignObject`, embedded or linked images, links, animation,
references to anything outside the document (`href` and `url(...)` may only point at `#id`),
`javascript:` and `data:` values, and style sheets that import or fetch anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

MAX_ELEMENTS = 5_000
MAX_DEPTH = 40

ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "symbol", "use", "style",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan",
        "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    }
)  # fmt: skip
# Presentation properties: allowed both as attributes and inside `style="..."`.
PRESENTATION = frozenset(
    {
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
        "stroke-dashoffset", "opacity", "clip-path", "clip-rule", "mask", "stop-color",
        "stop-opacity", "color", "display", "visibility", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing",
        "word-spacing", "text-decoration", "vector-effect", "paint-order", "shape-rendering",
        "isolation", "mix-blend-mode",
    }
)  # fmt: skip
GEOMETRY = frozenset(
    {
        "id", "class", "style", "transform", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
        "r", "rx", "ry", "fx", "fy", "fr", "width", "height", "viewBox", "preserveAspectRatio",
        "points", "pathLength", "offset", "clipPathUnits", "maskUnits", "maskContentUnits",
        "gradientUnits", "gradientTransform", "spreadMethod", "dx", "dy", "rotate",
        "lengthAdjust", "textLength", "version",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = PRESENTATION | GEOMETRY
# Elements that may point at another element of the same document.
REFERENCING_ELEMENTS = frozenset({"use", "linearGradient", "radialGradient"})

_INTERNAL_URL = re.compile(r"url\(\s*(['\"]?)#[A-Za-z_][\w.:-]*\1\s*\)")
_ANY_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_FORBIDDEN_IN_VALUES = re.compile(
    r"javascript:|vbscript:|data:|expression\s*\(|@import|\\|</|behavior\s*:|-moz-binding",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")
_VIEWBOX = re.compile(r"^\s*(-?[0-9.]+)[\s,]+(-?[0-9.]+)[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*$")


class SvgRejectedError(ValueError):
    """The file is no SVG we can make safe; `reason` says why, for the editor's message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CleanSvg:
    markup: str
    width: float  # from the viewBox: the logo's own proportions
    height: float
    removed: int  # elements and attributes left out


def _local(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        return namespace, local
    return None, name


def _safe_value(value: str) -> bool:
    if _FORBIDDEN_IN_VALUES.search(value):
        return False
    # Every url(...) must be a reference to an element of this document.
    return len(_ANY_URL.findall(value)) == len(_INTERNAL_URL.findall(value))


def _clean_style_attribute(value: str) -> str:
    kept = []
    for declaration in value.split(";"):
        if ":" not in declaration:
            continue
        name, _, val = declaration.partition(":")
        name, val = name.strip().lower(), val.strip()
        if name in PRESENTATION and val and _safe_value(val):
            kept.append(f"{name}:{val}")
    return ";".join(kept)


def _clean_stylesheet(text: str) -> str | None:
    """A `<style>` element survives only if it can fetch nothing and escapes nothing."""
    if not _safe_value(text) or "@" in text:
        return None
    return text


class _Cleaner:
    def __init__(self) -> None:
        self.removed = 0
        self.elements = 0

    def element(self, source: Element, depth: int) -> str | None:
        namespace, tag = _local(source.tag) if isinstance(source.tag, str) else (None, "")
        if namespace != SVG_NS or tag not in ALLOWED_ELEMENTS:
            self.removed += 1
            return None
        self.elements += 1
        if self.elements > MAX_ELEMENTS or depth > MAX_DEPTH:
            raise SvgRejectedError("too_complex")

        attributes = self.attributes(source, tag)
        if tag == "style":
            stylesheet = _clean_stylesheet("".join(source.itertext()))
            if stylesheet is None:
                self.removed += 1
                return None
            return f"<style{attributes}>{escape(stylesheet)}</style>"

        parts = [escape(source.text or "")] if tag in {"text", "tspan", "title", "desc"} else []
        for child in source:
            cleaned = self.element(child, depth + 1)
            if cleaned is not None:
                parts.append(cleaned)
            if tag in {"text", "tspan"} and child.tail:
                parts.append(escape(child.tail))
        body = "".join(parts)
        return f"<{tag}{attributes}>{body}</{tag}>" if body else f"<{tag}{attributes}/>"

    def attributes(self, source: Element, tag: str, skip: frozenset[str] = frozenset()) -> str:
        kept: list[str] = []
        for name, value in source.attrib.items():
            namespace, local = _local(name)
            if namespace is None and local in skip:
                continue
            if namespace is None and local == "style":
                # Declaration by declaration: the safe ones stay.
                value = _clean_style_attribute(value)
                if value:
                    kept.append(f" style={quoteattr(value)}")
                else:
                    self.removed += 1
            elif namespace is None and local in ALLOWED_ATTRIBUTES and _safe_value(value):
                kept.append(f" {local}={quoteattr(value)}")
            elif (
                local == "href"
                and namespace in {None, XLINK_NS}
                and tag in REFERENCING_ELEMENTS
                and value.strip().startswith("#")
                and _safe_value(value)
            ):
                kept.append(f" xlink:href={quoteattr(value.strip())}")
            elif namespace == XML_NS and local == "space" and value in {"default", "preserve"}:
                kept.append(f" xml:space={quoteattr(value)}")
            else:
                self.removed += 1
        return "".join(kept)


def _size(root: Element) -> tuple[float, float, str | None]:
    """(width, height, viewBox to add) from the root's viewBox, or from its width and height."""
    viewbox = _VIEWBOX.match(root.attrib.get("viewBox", ""))
    if viewbox:
        width, height = float(viewbox.group(3)), float(viewbox.group(4))
        if width > 0 and height > 0:
            return width, height, None
    width_match = _NUMBER.match(root.attrib.get("width", ""))
    height_match = _NUMBER.match(root.attrib.get("height", ""))
    if width_match and height_match:
        width, height = float(width_match.group(1)), float(height_match.group(1))
        if width > 0 and height > 0:
            return width, height, f"0 0 {width:g} {height:g}"
    raise SvgRejectedError("no_size")


def clean_svg(data: bytes) -> CleanSvg:
    """Parse and rebuild an SVG document from allowed parts only, or raise SvgRejectedError."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise SvgRejectedError("dtd") from error
    except (ParseError, UnicodeDecodeError, ValueError) as error:
        raise SvgRejectedError("not_xml") from error
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgRejectedError("not_svg")

    width, height, added_viewbox = _size(root)
    cleaner = _Cleaner()
    # The logo scales to the box it is shown in: the document's own width and height go.
    attributes = cleaner.attributes(root, "svg", skip=frozenset({"width", "height"}))
    if added_viewbox:
        attributes += f" viewBox={quoteattr(added_viewbox)}"
    children = []
    for child in root:
        cleaned = cleaner.element(child, 1)
        if cleaned is not None:
            children.append(cleaned)
    if not children:
        raise SvgRejectedError("empty")
    opening = f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"{attributes}>'
    markup = opening + "".join(children) + "</svg>"
    return CleanSvg(markup=markup, width=width, height=height, removed=cleaner.removed)
