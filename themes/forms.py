"""The theme editor's form. Uploads are checked here (themes/uploads.py) before any action runs."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from themes.colours import is_hex_colour
from themes.models import CornerStyle, Font, HomeLayout
from themes.palette import CHOICE_FIELDS
from themes.uploads import (
    HEADER_MAX_BYTES,
    LOGO_MAX_BYTES,
    MEGABYTE,
    CleanUpload,
    clean_header_image,
    clean_logo,
)

# What the upload handler lets through per field, before the form sees anything.
UPLOAD_LIMITS = {"logo": LOGO_MAX_BYTES, "header_image": HEADER_MAX_BYTES}


class ColourInput(forms.TextInput):
    input_type = "color"


class ThemeForm(forms.Form):
    primary_color = forms.CharField(
        label=_("Main colour"),
        help_text=_("For the header, links and buttons."),
        widget=ColourInput,
    )
    accent_color = forms.CharField(
        label=_("Accent colour"),
        help_text=_("For the stripe under the header, the focus outline and the invite button."),
        widget=ColourInput,
    )
    background_color = forms.CharField(
        label=_("Background colour"), help_text=_("Behind all text."), widget=ColourInput
    )
    text_color = forms.CharField(
        label=_("Text colour"), help_text=_("For all ordinary text."), widget=ColourInput
    )
    font = forms.ChoiceField(label=_("Font"), choices=Font.choices, widget=forms.RadioSelect)
    home_layout = forms.ChoiceField(
        label=_("Home page"), choices=HomeLayout.choices, widget=forms.RadioSelect
    )
    corner_style = forms.ChoiceField(
        label=_("Corners of buttons and images"),
        choices=CornerStyle.choices,
        widget=forms.RadioSelect,
    )
    short_name = forms.CharField(
        label=_("Short name under the app icon"),
        help_text=_("At most 12 characters. Leave it empty and we take part of the name."),
        max_length=12,
        required=False,
    )
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("An SVG or PNG file of at most 1 MB."),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/svg+xml,image/png"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    header_image = forms.FileField(
        label=_("Header image"),
        help_text=_("A JPEG, PNG or WebP photo of at least 800 by 250 pixels and at most 8 MB."),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_header_image = forms.BooleanField(label=_("Remove the header image"), required=False)

    def __init__(self, *args: Any, too_large: Collection[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = set(too_large)

    def _clean_colour(self, name: str) -> str:
        value = str(self.cleaned_data.get(name, "")).strip().lower()
        if not is_hex_colour(value):
            raise forms.ValidationError(gettext("Choose a colour as #rrggbb."), code="colour")
        return value

    def clean_primary_color(self) -> str:
        return self._clean_colour("primary_color")

    def clean_accent_color(self) -> str:
        return self._clean_colour("accent_color")

    def clean_background_color(self) -> str:
        return self._clean_colour("background_color")

    def clean_text_color(self) -> str:
        return self._clean_colour("text_color")

    def _clean_upload(self, name: str) -> CleanUpload | None:
        if name in self.too_large:
            raise forms.ValidationError(
                gettext("This file is too large: at most %(limit)s MB.")
                % {"limit": UPLOAD_LIMITS[name] // MEGABYTE},
                code="too_large",
            )
        upload: UploadedFile | None = self.cleaned_data.get(name)
        if not upload:
            return None
        return clean_logo(upload) if name == "logo" else clean_header_image(upload)

    def clean_logo(self) -> CleanUpload | None:
        return self._clean_upload("logo")

    def clean_header_image(self) -> CleanUpload | None:
        return self._clean_upload("header_image")

    def colour_values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in CHOICE_FIELDS}

    def draft_values(self) -> dict[str, str]:
        return {
            **self.colour_values(),
            "font": self.cleaned_data["font"],
            "home_layout": self.cleaned_data["home_layout"],
            "corner_style": self.cleaned_data["corner_style"],
            "short_name": self.cleaned_data.get("short_name", ""),
        }


class ColourCheckForm(forms.Form):
    """Only the colours: the live check while the editor picks them."""

    primary_color = forms.CharField()
    accent_color = forms.CharField()
    background_color = forms.CharField()
    text_color = forms.CharField()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in CHOICE_FIELDS:
            value = str(cleaned.get(name, "")).strip().lower()
            if not is_hex_colour(value):
                raise forms.ValidationError(gettext("Choose a colour as #rrggbb."), code="colour")
            cleaned[name] = value
        return cleaned
