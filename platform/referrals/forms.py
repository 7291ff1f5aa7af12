"""Forms for help requests: they parse input; the rules live in referrals.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from referrals.actions import SUBJECT_LENGTH, TEXT_LENGTH
from referrals.models import HelpRequest, Referral

_TOO_LONG = _("Use at most %(limit_value)d characters.")


class HelpRequestForm(forms.Form):
    subject = forms.CharField(
        label=_("What is it about?"),
        max_length=SUBJECT_LENGTH,
        help_text=_("In a few words, for example: help with letters from the municipality"),
        error_messages={
            "required": _("Write in a few words what it is about."),
            "max_length": _TOO_LONG,
        },
    )
    description = forms.CharField(
        label=_("What do you need help with?"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only the buurtverbinders read this. Tell as much as you want to."),
        error_messages={
            "required": _("Tell us what you need help with."),
            "max_length": _TOO_LONG,
        },
    )


class ReferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who do you refer to?"),
        choices=Referral.TargetKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who you refer to."),
            "invalid_choice": _("Choose who you refer to."),
        },
    )
    neighbour = forms.TypedChoiceField(
        label=_("Neighbour"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only when you refer to a neighbour. They get a message from you."),
        error_messages={"invalid_choice": _("Choose a neighbour from the list.")},
    )
    name = forms.CharField(
        label=_("Name of the organisation or person"),
        required=False,
        max_length=200,
        help_text=_("Not needed for a neighbour."),
        error_messages={"max_length": _TOO_LONG},
    )
    url = forms.CharField(
        label=_("Web address with how to get in touch (optional)"),
        required=False,
        max_length=500,
        error_messages={"max_length": _TOO_LONG},
    )
    note = forms.CharField(
        label=_("Explanation (the member and the neighbour read this)"),
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _TOO_LONG},
    )

    def __init__(self, *args: Any, neighbours: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.neighbours = {user.pk: user for user in neighbours}
        self.fields["neighbour"].choices = [("", _("Choose a neighbour"))] + [  # type: ignore[attr-defined]
            (user.pk, user.display_name or user.email) for user in neighbours
        ]


class StateForm(forms.Form):
    state = forms.ChoiceField(
        label=_("New state"),
        choices=[
            (value, label)
            for value, label in HelpRequest.State.choices
            if value != HelpRequest.State.REFERRED
        ],
        error_messages={
            "required": _("Choose one of the states in the list."),
            "invalid_choice": _("Choose one of the states in the list."),
        },
    )
    note = forms.CharField(
        label=_("Explanation for the member (optional)"),
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _TOO_LONG},
    )

    def __init__(self, *args: Any, allowed: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None and not self.is_bound:
            # Offer only what can be done now; a bound form keeps every choice so the action
            # explains why a stale choice cannot be made.
            self.fields["state"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in HelpRequest.State.choices if value in allowed
            ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a note first."), "max_length": _TOO_LONG},
    )
    shared_with_member = forms.BooleanField(
        label=_("The member may read this note"), required=False
    )


class QueueForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Open help requests")), *list(HelpRequest.State.choices)],
        error_messages={"invalid_choice": _("Choose one of the states in the list.")},
    )
