"""Forms of vraag en aanbod: they parse input and give Dutch messages; actions decide."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.actions import (
    DEFAULT_OPEN_DAYS,
    MAX_OPEN_DAYS,
    REACTION_MAX_LENGTH,
    THANKS_MAX_LENGTH,
    PostInput,
)
from exchange.models import Area, Category, Post
from exchange.selectors import PostFilters, active_areas, active_categories
from ui.widgets import FilterSelect

OPEN_DAYS_CHOICES = [
    (7, _("One week")),
    (14, _("Two weeks")),
    (30, _("One month")),
    (60, _("Two months")),
    (MAX_OPEN_DAYS, _("Three months")),
]
_CHOICE_ERROR = _("Choose one of the options.")


class _ListedChoices(ModelChoiceIterator):
    """The choices from one plain query: Django's iterator() would open a server-side cursor,
    three round trips to the database for a list of ten names."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for item in list(self.queryset):
            yield self.choice(item)


class ChoiceItemField(forms.ModelChoiceField):  # type: ignore[type-arg]
    iterator = _ListedChoices


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Do you ask or offer help?"),
        choices=Post.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you ask or offer help."),
            "invalid_choice": _("Choose whether you ask or offer help."),
        },
    )
    category = ChoiceItemField(
        label=_("Category"),
        queryset=Category.objects.none(),
        empty_label=_("Choose a category"),
        error_messages={
            "required": _("Choose a category."),
            "invalid_choice": _("Choose one of the categories."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("In a few words, for example: “Who helps me move a cupboard?”"),
        error_messages={
            "required": _("Write a short title."),
            "max_length": _("Your title is too long. Use at most %(limit_value)d characters."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is it about? Do not write your address: you can share it privately."),
        error_messages={
            "required": _("Describe what you ask or offer."),
            "max_length": _("Your text is too long. Use at most %(limit_value)d characters."),
        },
    )
    area = ChoiceItemField(
        label=_("Where in the neighbourhood?"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Anywhere in the neighbourhood"),
        error_messages={"invalid_choice": _("Choose one of the parts of the neighbourhood.")},
    )
    when = forms.DateField(
        label=_("When?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the day does not matter."),
        error_messages={"invalid": _("Enter a date, for example 24-12-2026.")},
    )
    open_days = forms.TypedChoiceField(
        label=_("How long should it stay open?"),
        choices=OPEN_DAYS_CHOICES,
        coerce=int,
        initial=DEFAULT_OPEN_DAYS,
        error_messages={"required": _CHOICE_ERROR, "invalid_choice": _CHOICE_ERROR},
    )
    photo = forms.FileField(
        label=_("Photo (if you like)"),
        required=False,
        error_messages={
            "empty": _("This file is empty. Choose another photo."),
            "invalid": _(
                "This file is not a photo we can use. Choose a JPG, PNG, GIF or WebP photo."
            ),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = active_categories()
        areas = active_areas()
        if post is not None:
            # A choice switched off since stays valid for the post that has it.
            categories = Category.objects.filter(pk=post.category_id) | categories
            if post.area_id is not None:
                areas = Area.objects.filter(pk=post.area_id) | areas
        self.fields["category"].queryset = categories.distinct()  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas.distinct()  # type: ignore[attr-defined]
        for name in ("title", "description"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": "/vraag-en-aanbod/suggesties/",
                    "hx-trigger": "input changed delay:600ms",
                    "hx-target": "#suggestions",
                    "hx-include": "[name=kind], [name=title], [name=description]",
                }
            )

    def clean_when(self) -> Any:
        when = self.cleaned_data.get("when")
        if when is not None and when < timezone.localdate():
            raise forms.ValidationError(_("Choose a day from today onwards, or leave it empty."))
        if when is not None and (when - timezone.localdate()).days > 366:
            raise forms.ValidationError(_("Choose a day within a year from now."))
        return when

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a short title."))
        return title

    def clean_description(self) -> str:
        description = str(self.cleaned_data["description"]).strip()
        if not description:
            raise forms.ValidationError(_("Describe what you ask or offer."))
        return description

    def post_input(self) -> PostInput:
        data = self.cleaned_data
        return PostInput(
            kind=data["kind"],
            category=data["category"],
            title=data["title"],
            description=data["description"],
            area=data["area"],
            when=data["when"],
            open_days=data["open_days"],
        )


class FilterForm(forms.Form):
    """The list's filters, all optional; a wrong value is a 400 with a Dutch message."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Requests or offers"),
        required=False,
        choices=[("", _("Both")), *Post.Kind.choices],
        widget=FilterSelect,
        error_messages={"invalid_choice": _CHOICE_ERROR},
    )
    category = ChoiceItemField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All categories"),
        widget=FilterSelect,
        error_messages={"invalid_choice": _CHOICE_ERROR},
    )
    area = ChoiceItemField(
        label=_("Part of the neighbourhood"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("The whole neighbourhood"),
        widget=FilterSelect,
        error_messages={"invalid_choice": _CHOICE_ERROR},
    )
    status = forms.ChoiceField(
        label=_("Open or closed"),
        required=False,
        choices=[
            (Post.Status.OPEN, _("Open")),
            (Post.Status.CLOSED, _("Closed")),
            ("all", _("Open and closed")),
        ],
        widget=FilterSelect,
        error_messages={"invalid_choice": _CHOICE_ERROR},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.all()  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs["type"] = "search"
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> PostFilters:
        data = self.cleaned_data
        status = data.get("status") or Post.Status.OPEN
        return PostFilters(
            kind=data.get("kind") or "",
            category_id=data["category"].pk if data.get("category") else None,
            area_id=data["area"].pk if data.get("area") else None,
            status="" if status == "all" else status,
            query=data.get("q") or "",
        )


class ReactionForm(forms.Form):
    body = forms.CharField(
        label=_("Your message to the author"),
        max_length=REACTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message first."),
            "max_length": _("Your message is too long. Use at most %(limit_value)d characters."),
        },
    )


class ExtendForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Keep it open for"),
        choices=OPEN_DAYS_CHOICES,
        coerce=int,
        initial=DEFAULT_OPEN_DAYS,
        error_messages={"required": _CHOICE_ERROR, "invalid_choice": _CHOICE_ERROR},
    )


class ThanksForm(forms.Form):
    text = forms.CharField(
        label=_("Your thank-you"),
        max_length=THANKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone can read it once you both agree."),
        error_messages={
            "required": _("Write a short thank-you first."),
            "max_length": _("Your thank-you is too long. Use at most %(limit_value)d characters."),
        },
    )


class ChoiceNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        error_messages={
            "required": _("Write a name."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
    )
