"""Forms for joining, the profile, privacy choices and the buurtverbinder's member pages.

Every message is plain Dutch (B1) through the catalogue; the forms only parse and check input,
the actions in members.actions do the writing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from members.actions import MEMBER_ROLES, join_buurtsite, normalise_code, parse_topics
from members.models import Channel, JoinCode, JoiningMode, NoticeKind, Profile, Visibility
from members.selectors import get_site_settings

MAX_CODES_AT_ONCE = 200


class JoinForm(forms.Form):
    """allauth adds these fields to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # allauth's form inherits from this one and follows this order.
    field_order = ["display_name", "email", "password1", "password2", "code", "accept_house_rules"]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("Your neighbours see this name. Your first name is enough."),
        error_messages={"required": _("Fill in your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=20,
        required=False,
        help_text=_("You find this code in the letter we delivered to your address."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    accept_house_rules = forms.BooleanField(
        label=_("I have read the house rules and I will follow them."),
        error_messages={"required": _("You can only join when you accept the house rules.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_settings = get_site_settings()
        if self.site_settings.joining_mode == JoiningMode.CODE:
            self.fields["code"].required = True
            self.fields["code"].error_messages["required"] = _(
                "Fill in the code from the letter you received."
            )
        else:
            del self.fields["code"]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError(_("Fill in your name."))
        return name

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data.get("code", ""))
        if code and not JoinCode.objects.filter(code=code, used_by__isnull=True).exists():
            raise ValidationError(
                _("We do not know this code, or it has been used already. Check the letter.")
            )
        return code

    def signup(self, request: HttpRequest, user: User) -> None:
        join_buurtsite(
            user,
            display_name=self.cleaned_data["display_name"],
            code=self.cleaned_data.get("code", ""),
            house_rules_version=self.site_settings.house_rules_version,
        )


class TopicsField(forms.CharField):
    """Skills or interests typed as a list with commas."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        return parse_topics(text or "")


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Fill in your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    area = forms.CharField(
        label=_("Your street or part of the neighbourhood"),
        max_length=100,
        required=False,
        help_text=_("For example: Berg en Dalseweg. You do not need to give your house number."),
    )
    about = forms.CharField(
        label=_("About you"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for your neighbours. At most 1000 characters."),
    )
    offer = forms.CharField(
        label=_("What you like to do for neighbours"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: I like to help with the computer, or walk a dog."),
    )
    skills = TopicsField(
        label=_("What you are good at"),
        max_length=600,
        required=False,
        help_text=_("Put a comma between them. For example: gardening, cooking, computers"),
    )
    interests = TopicsField(
        label=_("What you are interested in"),
        max_length=600,
        required=False,
        help_text=_("Put a comma between them. For example: walking, chess, history"),
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError(_("Fill in your name."))
        return name


class PrivacyForm(forms.Form):
    area_visibility = forms.ChoiceField(
        label=_("Who may see your street?"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )
    photo_visibility = forms.ChoiceField(
        label=_("Who may see your photo?"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    about_visibility = forms.ChoiceField(
        label=_("Who may see your text, skills and interests?"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )
    in_directory = forms.BooleanField(
        label=_("Show me in the list of neighbours, so people can find me"), required=False
    )
    notify_messages = forms.ChoiceField(
        label=NoticeKind.MESSAGES.label, choices=Channel.choices, widget=forms.RadioSelect
    )
    notify_moderation = forms.ChoiceField(
        label=NoticeKind.MODERATION.label, choices=Channel.choices, widget=forms.RadioSelect
    )
    weekly_digest = forms.BooleanField(
        label=_("Send me a weekly e-mail with what happened in the neighbourhood"),
        required=False,
        help_text=_("Only in weeks with news. You can stop it with one click in every e-mail."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail we send you"),
        choices=[("", _("The language of this buurtsite (Dutch)")), *settings.LANGUAGES],
        required=False,
    )

    @classmethod
    def for_profile(cls, profile: Profile) -> PrivacyForm:
        return cls(
            initial={
                "area_visibility": profile.area_visibility,
                "photo_visibility": profile.photo_visibility,
                "about_visibility": profile.about_visibility,
                "in_directory": profile.in_directory,
                "notify_messages": profile.notify_messages,
                "notify_moderation": profile.notify_moderation,
                "weekly_digest": profile.weekly_digest,
                "language": profile.language,
            }
        )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Choose a photo"),
        error_messages={
            "required": _("Choose a photo first."),
            "empty": _("This file is empty. Choose another photo."),
            "invalid": _(
                "This file is not a photo we can use. Choose a JPG, PNG, GIF or WebP photo."
            ),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, skill or interest"), max_length=100, required=False
    )
    topic = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class JoiningForm(forms.Form):
    joining_mode = forms.ChoiceField(
        label=_("How do new neighbours join?"),
        choices=JoiningMode.choices,
        widget=forms.RadioSelect,
    )
    house_rules = forms.CharField(
        label=_("House rules"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Leave this empty to use the standard house rules. "
            "When you change them, new members accept the new version."
        ),
    )


class JoinCodesForm(forms.Form):
    addresses = forms.CharField(
        label=_("Addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One address per line, for example: Berg en Dalseweg 12, 6522 BC Nijmegen"),
        error_messages={"required": _("Fill in at least one address.")},
    )

    def clean_addresses(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["addresses"].splitlines()]
        addresses = [line[:200] for line in lines if line]
        if not addresses:
            raise ValidationError(_("Fill in at least one address."))
        if len(addresses) > MAX_CODES_AT_ONCE:
            raise ValidationError(
                _("Make at most %(count)s codes at once.") % {"count": MAX_CODES_AT_ONCE}
            )
        return addresses


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in MEMBER_ROLES],
        error_messages={"invalid_choice": _("Choose one of the roles.")},
    )


class ConfirmDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and my personal data"),
        error_messages={"required": _("Tick the box to confirm that you want to leave.")},
    )


class InvitationForm(forms.Form):
    """Accepting an invitation: a name, a password twice, and the house rules."""

    display_name = forms.CharField(label=_("Your name"), max_length=100)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    house_rules = forms.BooleanField(label=_("I accept the house rules"))

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
