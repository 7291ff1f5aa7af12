"""Pages for private messages between members."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from members.permissions import MemberRequest, is_member, require
from messaging import actions, selectors
from messaging.actions import MAX_LENGTH, MessageRefused, RateLimited


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("Write a message first."),
            "max_length": gettext_lazy(
                "Your message is too long. Use at most %(limit_value)d characters."
            ),
        },
    )


@require_GET
@require(is_member)
def inbox(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "messaging/inbox.html",
        {"conversations": selectors.conversations_for(request.user)},
    )


@require_http_methods(["GET", "POST"])
@require(is_member)
def conversation(request: MemberRequest, conversation_id: int) -> HttpResponse:
    participation = selectors.participation(request.user, conversation_id)
    if participation is None:
        raise Http404
    other = selectors.other_participant(participation.conversation, request.user)
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if other is None:
            form.add_error(None, _("This member has left the buurtsite."))
        result = _send(request, form, other)
        if isinstance(result, HttpResponse):
            return result
        status = 400
    context = {
        "conversation": participation.conversation,
        "other": other,
        "messages_list": selectors.messages_in(participation.conversation),
        "last_read_at": participation.last_read_at,
        "form": form,
        "i_blocked": other is not None and selectors.has_blocked(request.user, other),
    }
    actions.mark_conversation_read(participation)
    return render(request, "messaging/conversation.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require(is_member)
def new_message(request: MemberRequest, member_id: int) -> HttpResponse:
    recipient = get_object_or_404(User, pk=member_id)
    if recipient.pk == request.user.pk or not is_member(recipient):
        raise Http404
    existing = selectors.conversation_between(request.user, recipient)
    if request.method == "GET" and existing is not None and existing.last_message_at:
        return redirect("messaging:conversation", conversation_id=existing.pk)
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        result = _send(request, form, recipient)
        if isinstance(result, HttpResponse):
            return result
        status = 400
    return render(
        request,
        "messaging/new_message.html",
        {
            "recipient": recipient,
            "form": form,
            "i_blocked": selectors.has_blocked(request.user, recipient),
        },
        status=status,
    )


def _send(request: MemberRequest, form: MessageForm, recipient: User | None) -> HttpResponse | None:
    """Send when the form is valid; the redirect to the conversation, or None for the form."""
    if not form.is_valid() or recipient is None:
        return None
    try:
        message = actions.send_message(
            recipient, body=form.cleaned_data["body"], acting_user=request.user
        )
    except MessageRefused as refused:
        form.add_error(None, refused)
        return None
    except RateLimited:
        return render(request, "members/rate_limited.html", status=429)
    return redirect(f"/berichten/{message.conversation_id}/#bericht-{message.pk}")


@require_POST
@require(is_member)
def block(request: MemberRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=member_id)
    if member.pk == request.user.pk:
        return render(
            request,
            "members/refused.html",
            {"errors": [_("You cannot block yourself.")]},
            status=400,
        )
    actions.block_member(member, acting_user=request.user)
    messages.success(
        request,
        _("You have blocked %(name)s. You will not receive messages from them.")
        % {"name": member.display_name},
    )
    return redirect("messaging:blocked")


@require_POST
@require(is_member)
def unblock(request: MemberRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=member_id)
    actions.unblock_member(member, acting_user=request.user)
    messages.success(request, _("%(name)s is no longer blocked.") % {"name": member.display_name})
    return redirect("messaging:blocked")


@require_GET
@require(is_member)
def blocked(request: MemberRequest) -> HttpResponse:
    return render(
        request, "messaging/blocked.html", {"blocks": list(selectors.blocked_members(request.user))}
    )
