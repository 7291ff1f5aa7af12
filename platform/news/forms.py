from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clubs.models import Club
from clubs.selectors import clubs_for_publishing
from members.permissions import can_publish_news
from members.photos import prepare_photo
from news.actions import COMMENT_MAX_LENGTH, ArticleDraft
from news.models import Article


class ArticleForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        error_messages={"required": _("Give the article a title.")},
    )
    summary = forms.CharField(
        label=_("Short introduction"),
        help_text=_("One or two sentences. They are shown in the list of news."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label=_("Text"),
        help_text=_(
            "Leave an empty line between paragraphs. Use the buttons above the text for bold, "
            "italic, a link, a list or a heading."
        ),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14, "class": "editor__text"}),
        error_messages={"required": _("Write the text of the article.")},
    )
    club = forms.ModelChoiceField(
        label=_("For a club"),
        queryset=Club.objects.none(),
        required=False,
        empty_label=_("Not for a club: news for the whole buurt"),
        error_messages={"invalid_choice": _("Choose one of the clubs in the list.")},
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    photo_alt = forms.CharField(
        label=_("What does the photo show?"),
        help_text=_("For neighbours who cannot see the photo."),
        max_length=200,
        required=False,
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(self, *args: Any, user: User, article: Article | None = None, **kwargs: Any):
        if article is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": article.title,
                "summary": article.summary,
                "body": article.body,
                "club": article.club_id,
                "photo_alt": article.photo_alt,
            }
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["club"])  # type: ignore[type-arg]
        field.queryset = clubs_for_publishing(user)
        if not can_publish_news(user):
            field.required = True
            field.empty_label = None
            field.error_messages["required"] = _("Choose the club you write this article for.")
        if article is None or not article.photo:
            del self.fields["remove_photo"]

    def clean_photo(self) -> ContentFile[bytes] | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return prepare_photo(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def draft(self) -> ArticleDraft:
        data = self.cleaned_data
        return ArticleDraft(
            title=data["title"],
            summary=data.get("summary") or "",
            body=data["body"],
            club=data.get("club"),
            photo=data.get("photo"),
            photo_alt=data.get("photo_alt") or "",
            remove_photo=bool(data.get("remove_photo")),
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write a comment first."),
            "max_length": _("Your comment is too long. Use at most %(limit_value)d characters."),
        },
    )


class CommentStateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("hidden", _("Hide")), ("visible", _("Show again"))],
        error_messages={
            "required": _("Choose what to do."),
            "invalid_choice": _("Choose what to do."),
        },
    )
