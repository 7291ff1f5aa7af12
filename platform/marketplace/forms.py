"""Forms of the marketplace: they parse input; the rules live in marketplace.actions."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from marketplace.actions import MAX_PHOTOS
from marketplace.models import Item
from ui.widgets import FilterSelect

PHOTO_TYPES = "image/jpeg,image/png,image/gif,image/webp"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Zero or more photos in one field; each is checked by the action (members.photos)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": PHOTO_TYPES}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultiplePhotoField, self).clean(upload, initial) for upload in uploads]


def parse_price(text: str) -> int | None:
    """ "12,50", "€ 12", "12.50" or "1.250,00" in cents; empty is None. ValueError otherwise."""
    text = text.strip().replace("€", "").replace(" ", "")
    if not text:
        return None
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d{1,2})?|\d+([.,]\d{1,2})?|\d+,-", text):
        raise ValueError(text)
    if "," in text or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        # Dutch: a point groups thousands, a comma starts the cents.
        text = text.replace(".", "").replace(",-", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    return int(amount * 100)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=Item.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of item it is."),
            "invalid_choice": _("Choose what kind of item it is."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        help_text=_("For example: children's bike, 20 inch"),
        error_messages={
            "required": _("Give it a short title."),
            "max_length": _("The title is too long. Use at most %(limit_value)d characters."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is it like, and how can someone get it?"),
        error_messages={
            "max_length": _("The description is too long. Use at most %(limit_value)d characters."),
        },
    )
    price = forms.CharField(
        label=_("Price in euro (optional)"),
        required=False,
        max_length=20,
        help_text=_("Only for something for sale. Leave it empty for a price to be agreed."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"max_length": _("Write the price like this: 12,50")},
    )
    photos = MultiplePhotoField(
        label=_("Photos (optional)"),
        help_text=_("At most %(count)s photos: JPG, PNG, GIF or WebP.") % {"count": MAX_PHOTOS},
        error_messages={
            "empty": _("This file is empty. Choose another photo."),
            "invalid": _(
                "This file is not a photo we can use. Choose a JPG, PNG, GIF or WebP photo."
            ),
        },
    )

    def clean_price(self) -> int | None:
        try:
            return parse_price(self.cleaned_data.get("price") or "")
        except ValueError:
            raise forms.ValidationError(_("Write the price like this: 12,50")) from None


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *list(Item.Kind.choices)],
        widget=FilterSelect,
        error_messages={"invalid_choice": _("Choose one of the kinds in the list.")},
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Available or reserved")), *list(Item.State.choices)],
        widget=FilterSelect,
        error_messages={"invalid_choice": _("Choose one of the states in the list.")},
    )


class ReactForm(forms.Form):
    body = forms.CharField(
        label=_("Your message to the owner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message first."),
            "max_length": _("Your message is too long. Use at most %(limit_value)d characters."),
        },
    )


class StateForm(forms.Form):
    state = forms.ChoiceField(
        choices=Item.State.choices,
        error_messages={
            "required": _("Choose what you want to do."),
            "invalid_choice": _("Choose what you want to do."),
        },
    )
    reserved_for = forms.IntegerField(
        label=_("Reserved for"),
        required=False,
        error_messages={"invalid": _("Choose a neighbour from the list.")},
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the owner will read this)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write down why: the owner will read this."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
    )
