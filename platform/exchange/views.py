"""Pages of vraag en aanbod. Views parse input, call one action or selector, and answer.

Every view is guarded by members.permissions.require; what a member may do with one post
(edit their own, react to another's) is checked by the action, which refuses in Dutch.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from exchange import actions, selectors
from exchange.actions import MessageRefused, RateLimited
from exchange.forms import (
    ChoiceNameForm,
    ExtendForm,
    FilterForm,
    PostForm,
    ReactionForm,
    ThanksForm,
)
from exchange.models import Area, Category, ChoiceItem, Match, Post
from members.permissions import MemberRequest, can_moderate, is_member, require
from members.photos import photo_response
from moderation.models import ContentState

CHOICE_MODELS: dict[str, type[ChoiceItem]] = {"categorieen": Category, "buurtdelen": Area}


def _refused(request: MemberRequest, error: ValidationError, status: int = 400) -> HttpResponse:
    return render(request, "members/refused.html", {"errors": error.messages}, status=status)


def _post_or_404(request: MemberRequest, post_id: int) -> Post:
    post = selectors.post_for(request.user, post_id)
    if post is None:
        raise Http404
    return post


# Lists and search ---------------------------------------------------------------------------


@require_GET
@require(is_member)
def post_list(request: MemberRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "exchange/post_list.html", {"form": form, "page": None}, status=400)
    filters = form.filters() if request.GET else selectors.PostFilters()
    page = selectors.page_of_posts(filters, page=request.GET.get("page"))
    return render(
        request,
        "exchange/post_list.html",
        {"form": form, "page": page, "filters": filters, "searched": bool(filters.query)},
    )


@require_GET
@require(is_member)
def thanks_list(request: MemberRequest) -> HttpResponse:
    return render(request, "exchange/thanks_list.html", {"thanks": list(selectors.shown_thanks())})


# Writing ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(is_member)
def new_post(request: MemberRequest) -> HttpResponse:
    kind = request.GET.get("soort")
    initial = {"kind": Post.Kind.OFFER if kind == "aanbod" else Post.Kind.REQUEST}
    if request.method == "GET":
        form = PostForm(initial=initial)
        return render(request, "exchange/post_form.html", {"form": form, "suggestions": None})
    form = PostForm(request.POST, request.FILES)
    if "suggest" in request.POST:
        # Without JavaScript: the member asked to see suggestions; nothing is saved.
        return render(
            request,
            "exchange/post_form.html",
            {"form": PostForm(request.POST), "suggestions": _suggestions_for(request)},
        )
    if form.is_valid():
        try:
            post = actions.create_post(
                data=form.post_input(),
                acting_user=request.user,
                photo=form.cleaned_data["photo"],
            )
        except RateLimited:
            return render(request, "members/rate_limited.html", status=429)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you! Your neighbours can see it now."))
            return redirect("exchange:detail", post_id=post.pk)
    return render(
        request, "exchange/post_form.html", {"form": form, "suggestions": None}, status=400
    )


@require_http_methods(["GET", "POST"])
@require(is_member)
def edit_post(request: MemberRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    if post.author_id != request.user.pk:
        raise Http404
    if request.method == "GET":
        form = PostForm(
            post=post,
            initial={
                "kind": post.kind,
                "category": post.category_id,
                "title": post.title,
                "description": post.description,
                "area": post.area_id,
                "when": post.when,
                "open_days": actions.DEFAULT_OPEN_DAYS,
            },
        )
        return render(request, "exchange/post_form.html", {"form": form, "post": post})
    form = PostForm(request.POST, request.FILES, post=post)
    if form.is_valid():
        try:
            actions.update_post(
                post,
                data=form.post_input(),
                photo=form.cleaned_data["photo"] or None,
                remove_photo=form.cleaned_data["photo"] is False,
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("exchange:detail", post_id=post.pk)
    return render(request, "exchange/post_form.html", {"form": form, "post": post}, status=400)


def _add_errors(form: PostForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("photo" if error.code in _PHOTO_CODES else None, error)


_PHOTO_CODES = {"too_large", "not_a_photo", "too_many_pixels"}


@require_GET
@require(is_member)
def suggestions(request: MemberRequest) -> HttpResponse:
    """The htmx part of the form: what matches while the member types."""
    return render(request, "exchange/_suggestions.html", {"suggestions": _suggestions_for(request)})


def _suggestions_for(request: MemberRequest) -> selectors.Suggestions:
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", Post.Kind.REQUEST)
    text = f"{data.get('title', '')} {data.get('description', '')}"[:400]
    return selectors.suggestions(kind=kind, text=text, viewer=request.user)


# One post -------------------------------------------------------------------------------------


@require_GET
@require(is_member)
def post_detail(request: MemberRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    is_author = post.author_id == request.user.pk
    matches = selectors.matches_of(post)
    context: dict[str, Any] = {
        "post": post,
        "is_author": is_author,
        "can_moderate": can_moderate(request.user),
        "thanks_shown": [match for match in matches.values() if match.thanks_shown],
        "extend_form": ExtendForm(),
        "reaction_form": ReactionForm(),
    }
    if is_author:
        context["reactions"] = [
            (reaction, matches.get(reaction.member_id)) for reaction in selectors.reactions_to(post)
        ]
        context["has_match"] = any(match.matched_at for match in matches.values())
    else:
        context["my_match"] = matches.get(request.user.pk)
        context["has_reacted"] = selectors.has_reacted(post, request.user)
    context["thanks_form"] = ThanksForm()
    return render(request, "exchange/post_detail.html", context)


@require_GET
@require(is_member)
def post_photo(request: MemberRequest, post_id: int) -> FileResponse:
    return photo_response(_post_or_404(request, post_id).photo)


@require_http_methods(["GET", "POST"])
@require(is_member)
def react(request: MemberRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    form = ReactionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reaction = actions.react_to_post(
                    post, body=form.cleaned_data["body"], acting_user=request.user
                )
            except RateLimited:
                return render(request, "members/rate_limited.html", status=429)
            except (ValidationError, MessageRefused) as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your message has been sent to %(name)s.")
                    % {"name": post.author.display_name},
                )
                return redirect("messaging:conversation", conversation_id=reaction.conversation_id)
        status = 400
    return render(request, "exchange/react.html", {"post": post, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@require(is_member)
def help_found(request: MemberRequest, post_id: int) -> HttpResponse:
    """Er is geholpen: the author chooses the neighbour, a neighbour confirms for themself."""
    post = _post_or_404(request, post_id)
    is_author = post.author_id == request.user.pk
    if request.method == "POST":
        neighbour_id = request.POST.get("neighbour", "")
        if not is_author:
            neighbour_id = str(request.user.pk)
        neighbour = User.objects.filter(pk=neighbour_id).first() if neighbour_id.isdigit() else None
        if neighbour is None:
            return _refused(request, ValidationError(_("Choose the neighbour who helped.")))
        try:
            confirmation = actions.confirm_help(post, neighbour=neighbour, acting_user=request.user)
        except ValidationError as error:
            return _refused(request, error)
        if confirmation.match.matched_at is not None:
            messages.success(request, _("Well done! This counts as help in the neighbourhood."))
        else:
            messages.success(
                request, _("Thank you. We have asked the other neighbour to confirm it.")
            )
        return redirect("exchange:detail", post_id=post.pk)
    if not is_author and not selectors.has_reacted(post, request.user):
        raise Http404
    return render(
        request,
        "exchange/help_found.html",
        {
            "post": post,
            "is_author": is_author,
            "reactions": selectors.helpers_to_choose(post) if is_author else [],
        },
    )


def _author_action(request: MemberRequest, post_id: int, action: Any, done: str) -> HttpResponse:
    post = _post_or_404(request, post_id)
    if post.author_id != request.user.pk:
        raise Http404
    try:
        action(post, acting_user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, done)
    return redirect("exchange:detail", post_id=post.pk)


@require_POST
@require(is_member)
def withdraw_post(request: MemberRequest, post_id: int) -> HttpResponse:
    return _author_action(
        request, post_id, actions.withdraw_post, _("Your post has been withdrawn.")
    )


@require_POST
@require(is_member)
def close_post(request: MemberRequest, post_id: int) -> HttpResponse:
    return _author_action(request, post_id, actions.close_post, _("Your post is closed."))


@require_POST
@require(is_member)
def reopen_post(request: MemberRequest, post_id: int) -> HttpResponse:
    return _author_action(request, post_id, actions.reopen_post, _("Your post is open again."))


@require_POST
@require(is_member)
def extend_post(request: MemberRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    if post.author_id != request.user.pk:
        raise Http404
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationError(_("Choose one of the options.")))
    try:
        actions.extend_post(post, days=form.cleaned_data["days"], acting_user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("Your post stays open longer."))
    return redirect("exchange:detail", post_id=post.pk)


def _match_or_404(request: MemberRequest, match_id: int) -> Match:
    match = get_object_or_404(Match.objects.select_related("post"), pk=match_id)
    if request.user.pk not in {match.post.author_id, match.neighbour_id}:
        raise Http404
    return match


@require_POST
@require(is_member)
def write_thanks(request: MemberRequest, match_id: int) -> HttpResponse:
    match = _match_or_404(request, match_id)
    form = ThanksForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, ValidationError([e for errors in form.errors.values() for e in errors])
        )
    try:
        actions.write_thanks(match, text=form.cleaned_data["text"], acting_user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("Thank you! Everyone can read it once the other neighbour agrees."))
    return redirect("exchange:detail", post_id=match.post_id)


@require_POST
@require(is_member)
def thanks_consent(request: MemberRequest, match_id: int) -> HttpResponse:
    match = _match_or_404(request, match_id)
    answer = request.POST.get("consent")
    if answer not in {"ja", "nee"}:
        return _refused(request, ValidationError(_("Choose one of the options.")))
    try:
        actions.set_thanks_consent(match, consent=answer == "ja", acting_user=request.user)
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("Your choice has been saved."))
    return redirect("exchange:detail", post_id=match.post_id)


# The buurtverbinder ---------------------------------------------------------------------------


@require_POST
@require(can_moderate)
def moderate_post(request: MemberRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    action = request.POST.get("action")
    if action == "close":
        actions.close_post_as_moderator(post, acting_user=request.user)
        messages.success(request, _("The post is closed."))
    elif action == "hide":
        actions.set_post_state(post, state=ContentState.HIDDEN, acting_user=request.user)
        messages.success(request, _("The post is hidden. Only its author and you can see it."))
    elif action == "show":
        actions.set_post_state(post, state=ContentState.VISIBLE, acting_user=request.user)
        messages.success(request, _("Everyone can see the post again."))
    else:
        return _refused(request, ValidationError(_("Choose what should happen.")))
    return redirect("exchange:detail", post_id=post.pk)


@require_http_methods(["GET", "POST"])
@require(can_moderate)
def manage_choices(request: MemberRequest, which: str) -> HttpResponse:
    model = CHOICE_MODELS.get(which)
    if model is None:
        raise Http404
    form = ChoiceNameForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.add_choice(model, name=form.cleaned_data["name"], acting_user=request.user)
            except ValidationError as error:
                form.add_error("name", error)
            else:
                messages.success(request, _("Added."))
                return redirect("exchange:manage_choices", which=which)
        status = 400
    return render(
        request,
        "exchange/manage_choices.html",
        {
            "which": which,
            "is_categories": model is Category,
            "items": list(model.objects.order_by("position", "name")),
            "form": form,
        },
        status=status,
    )


@require_POST
@require(can_moderate)
def change_choice(request: MemberRequest, which: str, item_id: int) -> HttpResponse:
    model = CHOICE_MODELS.get(which)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=item_id)
    action = request.POST.get("action")
    try:
        if action == "rename":
            form = ChoiceNameForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            actions.rename_choice(item, name=form.cleaned_data["name"], acting_user=request.user)
        elif action in {"off", "on"}:
            actions.set_choice_active(item, active=action == "on", acting_user=request.user)
        else:
            raise ValidationError(_("Choose what should happen."))
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("Saved."))
    return redirect("exchange:manage_choices", which=which)
