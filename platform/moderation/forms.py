from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Decision, Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what is wrong."),
            "invalid_choice": _("Choose what is wrong."),
        },
    )
    explanation = forms.CharField(
        label=_("Explain in a few words (you may leave this empty)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("What do you do?"),
        choices=[
            (Decision.Action.HIDE.value, _("Hide it: only you can still see it")),
            (Decision.Action.REMOVE.value, _("Remove it for good")),
            (Decision.Action.DISMISS.value, _("Leave it: nothing is wrong")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you want to do."),
            "invalid_choice": _("Choose what you want to do."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author reads this. Write it kindly and clearly."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("action") in {Decision.Action.HIDE, Decision.Action.REMOVE}
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Write down why: the author will read this."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member reads this. Write it kindly and clearly."),
        error_messages={"required": _("Write down why: the member will read this.")},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Write down why: the member will read this."))
        return reason
