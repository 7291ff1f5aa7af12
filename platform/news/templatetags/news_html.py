from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from news import richtext

register = template.Library()


@register.filter
def article_html(value: str) -> SafeString:
    """Stored article text, sanitised once more on the way out (see news.richtext)."""
    return mark_safe(richtext.sanitise(value or ""))  # noqa: S308  (nh3 made it safe)
