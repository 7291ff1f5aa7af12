from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clubs.actions import ClubDetails
from clubs.models import Club


class ClubForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the club"),
        max_length=100,
        error_messages={"required": _("Give the club a name.")},
    )
    description = forms.CharField(
        label=_("What does the club do?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell neighbours what the club does.")},
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_email = forms.EmailField(
        label=_("Contact e-mail address"),
        required=False,
        error_messages={"invalid": _("Fill in a valid e-mail address, like naam@voorbeeld.nl.")},
    )
    contact_phone = forms.CharField(label=_("Contact phone number"), max_length=30, required=False)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Fill in a valid web address, like https://voorbeeld.nl.")},
    )

    @classmethod
    def for_club(cls, club: Club, data: Any = None) -> ClubForm:
        initial = {
            "name": club.name,
            "description": club.description,
            "contact_name": club.contact_name,
            "contact_email": club.contact_email,
            "contact_phone": club.contact_phone,
            "website": club.website,
        }
        return cls(data, initial=initial)

    def details(self) -> ClubDetails:
        return ClubDetails(**self.cleaned_data)


class JoinForm(forms.Form):
    show_on_page = forms.BooleanField(
        label=_("Show my name on the club page, for other members"), required=False
    )


class AdminForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member of the club"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choose a member."),
            "invalid_choice": _("Choose one of the members of this club."),
        },
    )
    admin = forms.TypedChoiceField(
        label=_("Role"),
        choices=[("1", _("Club admin")), ("0", _("Member"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role.")},
    )

    def __init__(self, *args: Any, club: Club, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["member"])  # type: ignore[type-arg]
        field.queryset = User.objects.filter(club_memberships__club=club, is_active=True).order_by(
            "display_name", "id"
        )
