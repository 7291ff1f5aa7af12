"""Pages of the marketplace. Views parse input, call one action or selector and answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from marketplace import actions, selectors
from marketplace.forms import HideForm, ItemForm, ReactForm, SearchForm, StateForm
from marketplace.models import Item, Photo
from members.permissions import MemberRequest, can_moderate, is_member, require
from members.photos import photo_response
from messaging.actions import RateLimited
from moderation.actions import restore_content


def _bound(request: MemberRequest) -> tuple[Any, Any]:
    """The submitted data on a POST (even an empty one, which then fails to validate)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _item_or_404(request: MemberRequest, item_id: int) -> Item:
    item = selectors.item_for(request.user, item_id)
    if item is None:
        raise Http404
    return item


def _owned_or_403(request: MemberRequest, item_id: int) -> Item | HttpResponse:
    item = _item_or_404(request, item_id)
    if item.owner_id != request.user.pk:
        return render(request, "members/forbidden.html", status=403)
    return item


def _apply_errors(form: Any, error: ValidationError) -> None:
    """Put an action's ValidationError on the form fields it names (or on the whole form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@require_GET
@require(is_member)
def item_list(request: MemberRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "marketplace/list.html", {"form": form, "page": None}, status=400)
    mine = request.GET.get("mijn") == "1"
    items = selectors.listed_items(
        viewer=request.user,
        query=form.cleaned_data["q"],
        kind=form.cleaned_data["kind"],
        state=form.cleaned_data["state"],
        mine=mine,
    )
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/list.html",
        {
            "form": form,
            "page": page,
            "mine": mine,
            "searched": any(form.cleaned_data.values()),
        },
    )


@require_http_methods(["GET", "POST"])
@require(is_member)
def new_item(request: MemberRequest) -> HttpResponse:
    form = ItemForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.create_item(
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                price_cents=form.cleaned_data["price"],
                photos=form.cleaned_data["photos"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your item is in the marketplace now."))
            return redirect("marketplace:item", item_id=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "marketplace/form.html", {"form": form, "item": None}, status=status)


@require_http_methods(["GET", "POST"])
@require(is_member)
def edit_item(request: MemberRequest, item_id: int) -> HttpResponse:
    item = _owned_or_403(request, item_id)
    if isinstance(item, HttpResponse):
        return item
    initial = {
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "price": _price_text(item),
    }
    form = ItemForm(*_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_item(
                item,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                price_cents=form.cleaned_data["price"],
                photos=form.cleaned_data["photos"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("marketplace:item", item_id=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "marketplace/form.html", {"form": form, "item": item}, status=status)


def _price_text(item: Item) -> str:
    if item.price_cents is None:
        return ""
    euros, cents = divmod(item.price_cents, 100)
    return f"{euros},{cents:02d}"


@require_GET
@require(is_member)
def item_detail(request: MemberRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    return _detail(request, item)


def _detail(
    request: MemberRequest,
    item: Item,
    *,
    react_form: ReactForm | None = None,
    state_errors: list[str] | None = None,
    hide_form: HideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_owner = item.owner_id == request.user.pk
    if is_owner and react_form is not None:
        # The owner sees no reaction form: show why their reaction was refused with the rest.
        state_errors = [*(state_errors or []), *react_form.non_field_errors()]
    return render(
        request,
        "marketplace/detail.html",
        {
            "item": item,
            "photos": list(item.photos.all()),
            "is_owner": is_owner,
            "reactions": selectors.reactions_to(item) if is_owner else [],
            "my_reaction": None if is_owner else selectors.has_reacted(item, request.user),
            "react_form": react_form or ReactForm(),
            "hide_form": hide_form or HideForm(),
            "state_errors": state_errors or [],
            "next_states": sorted(actions.TRANSITIONS[item.state]) if is_owner else [],
            "can_hide": can_moderate(request.user) and not is_owner,
        },
        status=status,
    )


@require_POST
@require(is_member)
def react(request: MemberRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    form = ReactForm(request.POST)
    if form.is_valid():
        try:
            message = actions.react_to_item(
                item, body=form.cleaned_data["body"], acting_user=request.user
            )
        except RateLimited:
            return render(request, "members/rate_limited.html", status=429)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message has been sent to the owner."))
            return redirect(f"/berichten/{message.conversation_id}/#bericht-{message.pk}")
    return _detail(request, item, react_form=form, status=400)


@require_POST
@require(is_member)
def change_state(request: MemberRequest, item_id: int) -> HttpResponse:
    item = _owned_or_403(request, item_id)
    if isinstance(item, HttpResponse):
        return item
    form = StateForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return _detail(request, item, state_errors=errors, status=400)
    reserved_for = None
    if form.cleaned_data["reserved_for"] is not None:
        reserved_for = User.objects.filter(pk=form.cleaned_data["reserved_for"]).first()
        if reserved_for is None:
            return _detail(
                request, item, state_errors=[_("Choose a neighbour from the list.")], status=400
            )
    try:
        actions.set_item_state(
            item,
            state=form.cleaned_data["state"],
            reserved_for=reserved_for,
            acting_user=request.user,
        )
    except ValidationError as error:
        return _detail(request, item, state_errors=error.messages, status=400)
    messages.success(request, _("The item is now: %(state)s.") % {"state": _state_label(form)})
    return redirect("marketplace:item", item_id=item.pk)


def _state_label(form: StateForm) -> str:
    return str(Item.State(form.cleaned_data["state"]).label).lower()


@require_POST
@require(can_moderate)
def hide(request: MemberRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            actions.hide_item(item, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The item is hidden. The owner has been told why."))
            return redirect("marketplace:item", item_id=item.pk)
    return _detail(request, item, hide_form=form, status=400)


@require_POST
@require(can_moderate)
def show_again(request: MemberRequest, item_id: int) -> HttpResponse:
    """Show a hidden item again; kept in the moderation log like every decision."""
    item = _item_or_404(request, item_id)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            restore_content(
                kind="marketplace",
                object_id=item.pk,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The item is shown again. The owner has been told."))
            return redirect("marketplace:item", item_id=item.pk)
    return _detail(request, item, hide_form=form, status=400)


@require_GET
@require(is_member)
def photo(request: MemberRequest, item_id: int, photo_id: int) -> FileResponse:
    """Photos are served through here, never as public media: only members see them."""
    item = _item_or_404(request, item_id)
    found = Photo.objects.filter(pk=photo_id, item=item).first()
    return photo_response(found.file if found else "")


@require_POST
@require(is_member)
def delete_photo(request: MemberRequest, item_id: int, photo_id: int) -> HttpResponse:
    item = _owned_or_403(request, item_id)
    if isinstance(item, HttpResponse):
        return item
    found = Photo.objects.filter(pk=photo_id, item=item).select_related("item").first()
    if found is None:
        raise Http404
    try:
        actions.remove_item_photo(found, acting_user=request.user)
    except ValidationError as error:
        return _detail(request, item, state_errors=error.messages, status=400)
    messages.success(request, _("The photo has been removed."))
    return redirect("marketplace:edit", item_id=item.pk)
