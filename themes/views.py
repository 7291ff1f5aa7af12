"""The theme editor (for a buurtverbinder on the buurtsite, for operators on the platform host),
the draft preview, and serving built files.

Views parse input, call one action and answer. Bad input gets a Dutch message and a 4xx status,
and nothing is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from tenants.models import Buurtsite, Domain
from themes import actions, storage
from themes.css import stylesheet
from themes.forms import UPLOAD_LIMITS, ColourCheckForm, ThemeForm
from themes.models import Theme, ThemeBuild
from themes.palette import CHOICE_FIELDS, ColourChoice, ContrastReport, check_contrast
from themes.permissions import editor_of, may_edit_theme
from themes.presets import DEFAULT_PRESET, PRESETS
from themes.preview import (
    make_preview_link_token,
    previewed_theme,
    redeem_preview_link,
    start_preview,
    stop_preview,
)
from themes.selectors import (
    live_page_theme,
    pending_build,
    recent_builds,
    theme_of,
    theme_overview,
)
from themes.uploadhandlers import UploadLimitHandler

logger = logging.getLogger(__name__)

IMMUTABLE = "public, max-age=31536000, immutable"
CONTENT_TYPES = {
    "css": "text/css; charset=utf-8",
    "png": "image/png",
    "ico": "image/x-icon",
    "svg": "image/svg+xml",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "webmanifest": "application/manifest+json",
}
# An SVG opened on its own must not be able to do anything; ours are cleaned, this is a second
# line.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
PREVIEW_KINDS = {"logo": "logo", "kopfoto": "header_image"}
_EDITOR_URLS = ("editor", "check", "status", "preset", "rollback", "preview")


@dataclass(frozen=True)
class Place:
    """Where the editor is used: on the buurtsite itself, or in the operator area."""

    buurtsite: Buurtsite
    namespace: str
    kwargs: dict[str, str]

    @property
    def for_operator(self) -> bool:
        return self.namespace == "themes_operator"

    def url(self, name: str) -> str:
        return reverse(f"{self.namespace}:{name}", kwargs=self.kwargs)

    def urls(self) -> dict[str, str]:
        return {name: self.url(name) for name in _EDITOR_URLS}


View = Callable[..., HttpResponseBase]


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "themes/forbidden.html", status=403)


def on_buurtsite(view: View) -> View:
    """The editor on a buurtsite's own host, for its buurtverbinders."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        buurtsite: Buurtsite | None = getattr(request, "buurtsite", None)
        if buurtsite is None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not may_edit_theme(request, buurtsite):
            return _forbidden(request)
        return view(request, Place(buurtsite, "themes", {}), *args, **kwargs)

    return wrapper


def for_operator(view: View) -> View:
    """The editor on the platform host, for operators; the buurtsite comes from the URL."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        buurtsite = get_object_or_404(Buurtsite.objects.select_related("municipality"), slug=slug)
        if not may_edit_theme(request, buurtsite):
            return _forbidden(request)
        return view(request, Place(buurtsite, "themes_operator", {"slug": slug}), *args, **kwargs)

    return staff_member_required(wrapper)


# The editor ------------------------------------------------------------------------------------


def _choice_from(values: dict[str, str]) -> ColourChoice:
    return ColourChoice.from_hex(
        primary=values["primary_color"],
        accent=values["accent_color"],
        background=values["background_color"],
        text=values["text_color"],
    )


def _draft_values(theme: Theme | None) -> dict[str, str]:
    if theme is None:
        return {**DEFAULT_PRESET.values(), "short_name": ""}
    return {
        name: value
        for name, value in theme.draft_settings().items()
        if name not in {"logo", "header_image"}
    }


def _status_context(place: Place, theme: Theme | None) -> dict[str, Any]:
    pending = pending_build(theme) if theme else None
    latest = recent_builds(theme, limit=1) if theme else []
    unpublished = False
    if theme is not None and theme.live_build is not None:
        published = {k: v for k, v in theme.live_build.settings.items() if k != "name"}
        unpublished = published != theme.draft_settings()
    return {
        "place": place,
        "status_url": place.url("status"),
        "draft": theme,
        "unpublished": unpublished,
        "pending": pending,
        "failed": latest[0] if latest and latest[0].status == ThemeBuild.Status.FAILED else None,
        "live_build": theme.live_build if theme else None,
    }


def _check_context(report: ContrastReport) -> dict[str, Any]:
    return {
        "report": report,
        "palette": report.palette,
        "proposals": [
            {"field": field, "label": ThemeForm.base_fields[field].label, "colour": colour}
            for field, colour in report.proposals.items()
        ],
    }


def _render_editor(
    request: HttpRequest,
    place: Place,
    form: ThemeForm,
    *,
    status: int = 200,
    error: str | None = None,
) -> HttpResponse:
    theme = theme_of(place.buurtsite)
    values = _draft_values(theme)
    if form.is_bound:
        submitted: dict[str, str] = {
            name: str(form.data.get(name, "")).lower() for name in CHOICE_FIELDS
        }
        if ColourCheckForm(submitted).is_valid():
            values.update(submitted)
    report = check_contrast(_choice_from(values))
    context = {
        "edited": place.buurtsite,
        "form": form,
        "urls": place.urls(),
        "presets": [
            {"preset": preset, "palette": check_contrast(preset.choice()).palette}
            for preset in PRESETS
        ],
        "builds": recent_builds(theme) if theme else [],
        "can_roll_back": bool(theme and theme.previous_build_id),
        "error": error,
        "logo_url": _draft_file_url(place, theme, "logo"),
        "header_url": _draft_file_url(place, theme, "kopfoto"),
        **_status_context(place, theme),
        **_check_context(report),
    }
    return render(request, "themes/editor.html", context, status=status)


def _draft_file_url(place: Place, theme: Theme | None, kind: str) -> str:
    """The draft's own upload, for its thumbnail in the editor."""
    if theme is None or not getattr(theme, PREVIEW_KINDS[kind]):
        return ""
    url = reverse(f"{place.namespace}:draft_file", kwargs={**place.kwargs, "kind": kind})
    return f"{url}?r={theme.draft_revision}"


def editor_page(request: HttpRequest, place: Place) -> HttpResponse:
    if request.method != "POST":
        initial = _draft_values(theme_of(place.buurtsite))
        return _render_editor(request, place, ThemeForm(initial=initial))

    too_large: set[str] = getattr(request, "theme_uploads_too_large", set())
    form = ThemeForm(request.POST, request.FILES, too_large=too_large)
    if not form.is_valid():
        return _render_editor(request, place, form, status=400)

    values = form.draft_values()
    editor = editor_of(request)
    actions.save_theme_draft(
        place.buurtsite,
        editor=editor,
        values=values,
        logo=form.cleaned_data["logo"],
        header_image=form.cleaned_data["header_image"],
        remove_logo=form.cleaned_data["remove_logo"],
        remove_header_image=form.cleaned_data["remove_header_image"],
    )
    logo = form.cleaned_data["logo"]
    if logo is not None and logo.removed:
        messages.info(request, _("We removed unsafe parts from your SVG logo."))

    intent = request.POST.get("intent", "save")
    if intent == "publish":
        try:
            actions.publish_theme(place.buurtsite, editor=editor)
        except ValidationError as error:
            fresh = ThemeForm(initial=_draft_values(theme_of(place.buurtsite)))
            return _render_editor(request, place, fresh, status=400, error=" ".join(error.messages))
        messages.success(
            request, _("The theme is being published. It is live within a few seconds.")
        )
        return redirect(place.url("editor"))
    if intent == "preview":
        return _preview_redirect(request, place)
    messages.success(request, _("Your draft is saved. Visitors still see the published theme."))
    return redirect(place.url("editor"))


def _with_upload_limits(view: View) -> View:
    """Install the upload limit before anything reads the body, then check CSRF as usual.

    The CSRF check reads the body, so it has to come after the handler is in place; hence
    exempt outside and protected inside, as Django's documentation shows for upload handlers.
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST":
            handler = UploadLimitHandler(request, UPLOAD_LIMITS)
            handlers = cast(list[FileUploadHandler], request.upload_handlers)
            handlers.insert(0, handler)
            request.theme_uploads_too_large = handler.too_large  # type: ignore[attr-defined]
        return protected(request, *args, **kwargs)

    return wrapper


def check_colours(request: HttpRequest, place: Place) -> HttpResponse:
    """The live contrast check while colours are picked; saves nothing.

    With `apply` ("field:#rrggbb", from a "use this shade" button) the colour fields come back
    too, holding the proposed shade; the editor still saves it herself.
    """
    values: dict[str, str] = {
        name: str(request.POST.get(name, "")).strip().lower() for name in CHOICE_FIELDS
    }
    field, _sep, colour = request.POST.get("apply", "").partition(":")
    applying = field in CHOICE_FIELDS
    if applying:
        values[field] = colour.strip().lower()
    form = ColourCheckForm(values)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a colour as #rrggbb."))
    report = check_contrast(_choice_from(form.cleaned_data))
    context = {**_check_context(report), "urls": place.urls()}
    if applying:
        context["form"] = ThemeForm(initial=form.cleaned_data)
        return render(request, "themes/_colours.html", context)
    return render(request, "themes/_check.html", context)


# htmx stops polling when it gets this status.
STOP_POLLING = 286


def build_status(request: HttpRequest, place: Place) -> HttpResponse:
    context = _status_context(place, theme_of(place.buurtsite))
    response = render(request, "themes/_status_text.html", context)
    if context["pending"] is None:
        response.status_code = STOP_POLLING
    return response


def choose_preset(request: HttpRequest, place: Place) -> HttpResponse:
    try:
        actions.apply_theme_preset(
            place.buurtsite, editor=editor_of(request), preset_key=request.POST.get("preset", "")
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    messages.success(
        request, _("The preset is in your draft. Check it, then preview or publish it.")
    )
    return redirect(place.url("editor"))


def roll_back(request: HttpRequest, place: Place) -> HttpResponse:
    try:
        actions.rollback_theme(place.buurtsite, editor=editor_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render_editor(
            request,
            place,
            ThemeForm(initial=_draft_values(theme_of(place.buurtsite))),
            status=409,
            error=" ".join(error.messages),
        )
    messages.success(request, _("The previous version of the theme is live again."))
    return redirect(place.url("editor"))


def preview(request: HttpRequest, place: Place) -> HttpResponse:
    return _preview_redirect(request, place)


def _preview_redirect(request: HttpRequest, place: Place) -> HttpResponse:
    theme = theme_of(place.buurtsite)
    if theme is None:
        return HttpResponseBadRequest(_("Save a draft first."))
    if not place.for_operator:
        start_preview(request, theme)
        return redirect("/")
    # The operator's session is on the platform host; the buurtsite's host gets a one-time link.
    domain = Domain.objects.filter(tenant=place.buurtsite, is_primary=True).first()
    if domain is None:
        return HttpResponseBadRequest(_("This buurtsite has no address yet."))
    port = request.get_port()
    suffix = "" if port in {"80", "443"} else f":{port}"
    path = reverse("themes:open_preview", urlconf=settings.ROOT_URLCONF)
    token = make_preview_link_token(theme)
    return HttpResponseRedirect(f"{request.scheme}://{domain.domain}{suffix}{path}?token={token}")


# Buurtsite host only ---------------------------------------------------------------------------

editor = _with_upload_limits(
    never_cache(require_http_methods(["GET", "POST"])(on_buurtsite(editor_page)))
)
check = require_POST(on_buurtsite(check_colours))
status = never_cache(require_GET(on_buurtsite(build_status)))
preset = require_POST(on_buurtsite(choose_preset))
rollback = require_POST(on_buurtsite(roll_back))
start_preview_view = require_POST(on_buurtsite(preview))


@require_POST
def stop_preview_view(request: HttpRequest) -> HttpResponse:
    if getattr(request, "buurtsite", None) is None:
        raise Http404
    stop_preview(request)
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@require_GET
def open_preview_link(request: HttpRequest) -> HttpResponse:
    if getattr(request, "buurtsite", None) is None:
        raise Http404
    theme = redeem_preview_link(request, request.GET.get("token", ""))
    if theme is None:
        return render(request, "themes/preview_link_invalid.html", status=403)
    return redirect("/")


@require_safe
def preview_stylesheet(request: HttpRequest) -> HttpResponse:
    theme = previewed_theme(request)
    if theme is None:
        raise Http404
    css = stylesheet(
        palette=check_contrast(_choice_from(_draft_values(theme))).palette,
        font=theme.font,
        corner_style=theme.corner_style,
        home_layout=theme.home_layout,
        preview=True,
    )
    response = HttpResponse(css, content_type=CONTENT_TYPES["css"])
    response["Cache-Control"] = "private, no-store"
    return response


def _source_response(theme: Theme, kind: str) -> HttpResponseBase:
    field = PREVIEW_KINDS.get(kind)
    relative = getattr(theme, field) if field else ""
    path = storage.source_path(theme.buurtsite.schema_name, relative) if relative else None
    if path is None:
        raise Http404
    extension = path.suffix.lstrip(".")
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[extension])
    response["Cache-Control"] = "private, no-store"
    if extension == "svg":
        response["Content-Security-Policy"] = SVG_POLICY
    return response


@require_safe
def preview_file(request: HttpRequest, kind: str) -> HttpResponseBase:
    """The draft's logo or header image, while previewing."""
    theme = previewed_theme(request)
    if theme is None:
        raise Http404
    return _source_response(theme, kind)


def _draft_file(request: HttpRequest, place: Place, kind: str) -> HttpResponseBase:
    theme = Theme.objects.select_related("buurtsite").filter(buurtsite=place.buurtsite).first()
    if theme is None:
        raise Http404
    return _source_response(theme, kind)


draft_file = require_safe(on_buurtsite(_draft_file))


def _serve(path: Path, extension: str, cache_control: str) -> HttpResponseBase:
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[extension])
    response["Cache-Control"] = cache_control
    if extension == "svg":
        response["Content-Security-Policy"] = SVG_POLICY
    return response


@require_safe
def built_file(request: HttpRequest, build_id: int, name: str) -> HttpResponseBase:
    """A built file, found only among this host's buurtsite's own builds: no query needed."""
    buurtsite: Buurtsite | None = getattr(request, "buurtsite", None)
    if buurtsite is None:
        raise Http404
    path = storage.built_file(buurtsite.schema_name, build_id, name)
    if path is None:
        raise Http404
    return _serve(path, name.rsplit(".", 1)[1], IMMUTABLE)


@require_safe
def favicon(request: HttpRequest) -> HttpResponseBase:
    """Browsers ask for /favicon.ico on their own; the live build's icon answers."""
    buurtsite: Buurtsite | None = getattr(request, "buurtsite", None)
    page_theme = live_page_theme(buurtsite.pk) if buurtsite else None
    if buurtsite is None or page_theme is None or page_theme.build_id is None:
        raise Http404
    name = page_theme.favicon_ico.rsplit("/", 1)[1]
    path = storage.built_file(buurtsite.schema_name, page_theme.build_id, name)
    if path is None:
        raise Http404
    return _serve(path, "ico", "public, max-age=86400")


# Platform host only ----------------------------------------------------------------------------


@staff_member_required
@require_GET
def operator_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "themes/operator_overview.html", {"rows": theme_overview()})


operator_editor = _with_upload_limits(
    never_cache(require_http_methods(["GET", "POST"])(for_operator(editor_page)))
)
operator_check = require_POST(for_operator(check_colours))
operator_status = never_cache(require_GET(for_operator(build_status)))
operator_preset = require_POST(for_operator(choose_preset))
operator_rollback = require_POST(for_operator(roll_back))
operator_preview = require_POST(for_operator(preview))
operator_draft_file = require_safe(for_operator(_draft_file))
