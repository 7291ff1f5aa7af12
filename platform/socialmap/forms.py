"""Forms of the social map: the search, local entries, referring a help request.

They parse and check input only; socialmap.actions writes. Model forms are bound to a fresh
object, never to the one being edited, so a refused form changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from organisations.forms import formfield_assuming_https
from organisations.models import Need, TargetGroup
from socialmap.models import LocalLocation, LocalOrganisation, LocalService
from socialmap.selectors import HelpSearch
from socialmap_platform.search import MAX_QUERY_LENGTH
from ui.widgets import FilterSelect


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_("In your own words, for example: debts, lonely, help with forms."),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    need = forms.ChoiceField(
        label=_("Kind of help"),
        choices=[("", _("All kinds of help")), *Need.choices],
        required=False,
        widget=FilterSelect,
        error_messages={"invalid_choice": _("Choose a kind of help from the list.")},
    )
    target_group = forms.ChoiceField(
        label=_("For whom"),
        choices=[("", _("Everyone")), *TargetGroup.choices],
        required=False,
        widget=FilterSelect,
        error_messages={"invalid_choice": _("Choose a group from the list.")},
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def search(self) -> HelpSearch:
        data = self.cleaned_data
        return HelpSearch(
            query=" ".join(data.get("q", "").split()),
            need=data.get("need") or "",
            target_group=data.get("target_group") or "",
        )


class LocalOrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LocalOrganisation
        formfield_callback = formfield_assuming_https
        fields = ["name", "kvk_number", "description", "website", "email", "phone"]
        help_texts = {
            "name": _(
                "For example: Buurtvereniging De Linde, or the volunteers of the repair café."
            ),
            "kvk_number": _("Only if the group is registered at the Chamber of Commerce (KvK)."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    @staticmethod
    def initial_for(organisation: LocalOrganisation) -> dict[str, Any]:
        return model_to_dict(organisation, fields=LocalOrganisationForm.Meta.fields)


class LocalServiceForm(forms.ModelForm):  # type: ignore[type-arg]
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
        queryset=LocalLocation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LocalService
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
        ]
        help_texts = {
            "costs": _("For example: free, or 5 euro per month."),
            "how_to_apply": _("For example: just drop in, or call first."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisation: LocalOrganisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = organisation.locations.order_by("name")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(service: LocalService) -> dict[str, Any]:
        return model_to_dict(service, fields=LocalServiceForm.Meta.fields)


class LocalPlaceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LocalLocation
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
            "name": _("For example: Buurthuis De Linde."),
            "latitude": _("Optional: for the map. For example 51.8426."),
            "longitude": _("Optional: for the map. For example 5.8723."),
        }
        widgets = {"postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"})}

    @staticmethod
    def initial_for(place: LocalLocation) -> dict[str, Any]:
        return model_to_dict(place, fields=LocalPlaceForm.Meta.fields)


class ReferForm(forms.Form):
    help_request = forms.TypedChoiceField(
        label=_("Which question?"),
        coerce=int,
        error_messages={
            "required": _("Choose the question you refer."),
            "invalid_choice": _("This question is not open any more. Choose another one."),
        },
    )
    note = forms.CharField(
        label=_("Note for the resident (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, choices: list[tuple[int | str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["help_request"].choices = choices  # type: ignore[attr-defined]
