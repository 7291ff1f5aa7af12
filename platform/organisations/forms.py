"""Forms of the organisation portal and the operator's organisation pages.

They only parse and check input; organisations.actions does the writing. The model forms are
always bound to a fresh object, never to the one being edited, so a refused form changes
nothing and the action can compare the state before and after.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from organisations.models import (
    Location,
    MembershipRole,
    Need,
    Organisation,
    Professional,
    Service,
    TargetGroup,
    Weekday,
    kvk_validator,
)
from tenants.models import Buurtsite, Municipality


def formfield_assuming_https(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    # Addresses typed without a scheme are https, as Django 6 will assume.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


_KVK_HELP = _("The 8 digits of your registration at the Chamber of Commerce (KvK).")


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    """The profile, with one opening and closing time per weekday and a free note."""

    class Meta:
        model = Organisation
        formfield_callback = formfield_assuming_https
        fields = [
            "name",
            "kvk_number",
            "description",
            "website",
            "email",
            "phone",
            "opening_hours_note",
        ]
        help_texts = {
            "kvk_number": _KVK_HELP,
            "opening_hours_note": _("For example: closed on public holidays."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kvk_number"].required = True
        self.fields["kvk_number"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        for day in Weekday:
            self.fields[f"opens_{day.value}"] = forms.TimeField(
                label=format_lazy("{}: {}", day.label, _("opens at")),
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"closes_{day.value}"] = forms.TimeField(
                label=format_lazy("{}: {}", day.label, _("closes at")),
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hours = []
        for day in Weekday:
            opens, closes = cleaned.get(f"opens_{day.value}"), cleaned.get(f"closes_{day.value}")
            if opens is None and closes is None:
                continue
            if opens is None or closes is None:
                self.add_error(
                    f"opens_{day.value}",
                    _("Fill in both the opening and the closing time, or neither."),
                )
                continue
            if closes <= opens:
                self.add_error(
                    f"closes_{day.value}", _("The closing time must be after the opening time.")
                )
                continue
            hours.append(
                {
                    "day": day.value,
                    "opens": opens.strftime("%H:%M"),
                    "closes": closes.strftime("%H:%M"),
                }
            )
        cleaned["opening_hours"] = hours
        return cleaned

    def action_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "opening_hours"]}

    @staticmethod
    def initial_for(organisation: Organisation) -> dict[str, Any]:
        initial = model_to_dict(organisation, fields=OrganisationForm.Meta.fields)
        for period in organisation.opening_hours:
            initial[f"opens_{period['day']}"] = period["opens"]
            initial[f"closes_{period['day']}"] = period["closes"]
        return initial


class BuurtsitesForm(forms.Form):
    buurtsites = forms.ModelMultipleChoiceField(
        label=_("Buurtsites your organisation serves"),
        queryset=Buurtsite.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("You can only choose buurtsites in your own municipality."),
            "invalid_pk_value": _("You can only choose buurtsites in your own municipality."),
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buurtsites"].queryset = Buurtsite.objects.filter(  # type: ignore[attr-defined]
            municipality_id=organisation.municipality_id,
            status__in=Buurtsite.serving_statuses(),
        ).order_by("name")


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    target_groups = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("Kinds of help"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of help.")},
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Where it is offered"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    buurtsites = forms.ModelMultipleChoiceField(
        label=_("Only on these buurtsites"),
        help_text=_("Only used when the service is not on every buurtsite you serve."),
        queryset=Buurtsite.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        formfield_callback = formfield_assuming_https
        fields = [
            "name",
            "description",
            "target_groups",
            "categories",
            "costs",
            "how_to_apply",
            "web_page",
            "email",
            "phone",
            "locations",
            "serves_all_buurtsites",
            "buurtsites",
        ]
        help_texts = {
            "costs": _("For example: free, or 5 euro per month."),
            "web_page": _("A page on your own website about this service, if there is one."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "how_to_apply": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = organisation.locations.order_by("name")  # type: ignore[attr-defined]
        self.fields["buurtsites"].queryset = organisation.buurtsites.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("serves_all_buurtsites") and not cleaned.get("buurtsites"):
            self.add_error(
                "buurtsites", _("Choose the buurtsites, or show the service on all of them.")
            )
        return cleaned

    @staticmethod
    def initial_for(service: Service) -> dict[str, Any]:
        return model_to_dict(service, fields=ServiceForm.Meta.fields)


class LocationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Location
        formfield_callback = formfield_assuming_https
        fields = [
            "name",
            "street_address",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "accessibility",
        ]
        help_texts = {
            "name": _("For example: Wijkcentrum De Brug."),
            "latitude": _("Optional: for the map. For example 51.8426."),
            "longitude": _("Optional: for the map. For example 5.8723."),
            "accessibility": _(
                "For example: step-free entrance, a lift, a toilet for wheelchairs."
            ),
        }
        widgets = {"postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"})}


class ProfessionalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Professional
        formfield_callback = formfield_assuming_https
        fields = ["name", "title", "about", "contact_route", "email", "phone", "is_active"]
        help_texts = {
            "title": _("For example: social worker, or wijkverpleegkundige."),
            "is_active": _("Shown on the buurtsites your organisation serves."),
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 5})}


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Choose a photo"),
        error_messages={
            "required": _("Choose a photo first."),
            "empty": _("This file is empty. Choose another photo."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your colleague"),
        error_messages={"required": _("Fill in an e-mail address.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MembershipRole.choices,
        initial=MembershipRole.EDITOR,
        help_text=_("An administrator can also invite colleagues and choose the buurtsites."),
    )


class AcceptInvitationForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class NewOrganisationForm(forms.Form):
    """The operator adds an organisation and invites its first administrator."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Choose a municipality"),
    )
    name = forms.CharField(label=_("Name of the organisation"), max_length=150)
    kvk_number = forms.CharField(
        label=_("KvK number"), max_length=8, validators=[kvk_validator], help_text=_KVK_HELP
    )
    admin_email = forms.EmailField(label=_("E-mail address of its first administrator"))
