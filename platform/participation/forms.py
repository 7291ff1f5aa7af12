"""Forms for participation: they parse input; the actions decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.actions import MAX_REACTION_LENGTH
from participation.models import Participation

_DEADLINE_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class AnnouncementForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Give it a title."),
            "max_length": _("The title is too long. Use at most %(limit_value)d characters."),
        },
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write a text first."),
            "max_length": _("The text is too long. Use at most %(limit_value)d characters."),
        },
    )


class DeadlineMixin(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        input_formats=_DEADLINE_FORMATS,
        help_text=_("Date and time, for example 2026-12-31 17:00."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Choose a closing date."),
            "invalid": _("Fill in a date and time, for example 2026-12-31 17:00."),
        },
    )


class PollForm(DeadlineMixin, AnnouncementForm):
    field_order = ["title", "body", "options", "multiple_choice", "closes_at"]

    options = forms.CharField(
        label=_("Options"),
        help_text=_("One option per line. At least two, at most ten."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Give at least two different options.")},
    )
    multiple_choice = forms.BooleanField(
        label=_("Members may choose more than one option"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False
        self.fields["body"].label = _("Explanation (optional)")

    def clean_options(self) -> list[str]:
        return [line for line in self.cleaned_data["options"].splitlines() if line.strip()]


class ConsultationForm(DeadlineMixin, AnnouncementForm):
    field_order = ["title", "body", "closes_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your question to the neighbourhood")
        self.fields["body"].error_messages["required"] = _(
            "Write the question you want the neighbourhood to answer."
        )


FORMS: dict[str, type[AnnouncementForm]] = {
    Participation.Kind.ANNOUNCEMENT: AnnouncementForm,
    Participation.Kind.POLL: PollForm,
    Participation.Kind.CONSULTATION: ConsultationForm,
}


class RadioSelectAll(forms.RadioSelect):
    """Radio buttons that hand every submitted value to the field, so that two options sent
    for a one-choice poll are refused instead of silently keeping the last."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getlist = getattr(data, "getlist", None)
        return getlist(name) if getlist is not None else data.get(name)


class VoteForm(forms.Form):
    def __init__(self, *args: Any, poll: Participation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(option.pk, option.text) for option in poll.options.all()]
        field = forms.TypedMultipleChoiceField(
            label=_("Choose one or more options")
            if poll.multiple_choice
            else _("Choose one option"),
            choices=choices,
            coerce=int,
            widget=forms.CheckboxSelectMultiple if poll.multiple_choice else RadioSelectAll,
        )
        field.error_messages.update(
            {
                "required": _("Choose an option first."),
                "invalid_choice": _("This option is not part of the poll."),
                "invalid_list": _("This option is not part of the poll."),
            }
        )
        self.fields["options"] = field

    def option_ids(self) -> list[int]:
        return list(self.cleaned_data["options"])


class ReactionForm(forms.Form):
    body = forms.CharField(
        label=_("Your reaction"),
        max_length=MAX_REACTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your reaction first."),
            "max_length": _("Your reaction is too long. Use at most %(limit_value)d characters."),
        },
    )
    anonymous = forms.BooleanField(
        label=_("Do not show my name"),
        required=False,
        help_text=_(
            "Other neighbours and the municipality then do not see who wrote this. We do keep "
            "that you wrote it, so that you react only once and can have it removed. The "
            "buurtverbinder only sees your name when someone reports your reaction."
        ),
    )
