from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socialmap_platform.actions import MAX_FILE_BYTES
from tenants.models import Municipality


class ImportForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        error_messages={
            "required": _("Choose the municipality."),
            "invalid_choice": _("Choose a municipality from the list."),
        },
    )
    file = forms.FileField(
        label=_("HSDS 3.0 file (JSON)"),
        help_text=_("Organisations, services and places, as Mijnbuurtje exports them."),
        error_messages={"required": _("Choose the file to import.")},
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return bytes(upload.read())


class PagingForm(forms.Form):
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    per_page = forms.IntegerField(required=False, min_value=1, max_value=200)
