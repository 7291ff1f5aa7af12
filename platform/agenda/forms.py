from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agenda.actions import ActivityDetails
from agenda.models import Activity
from clubs.models import Club
from clubs.selectors import clubs_for_publishing
from members.permissions import can_plan_activities


class ActivityForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        error_messages={"required": _("Give the activity a title.")},
    )
    description = forms.CharField(
        label=_("What is it about?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell neighbours what the activity is about.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": _("Choose a date."),
            "invalid": _("Fill in a date like 21-06-2026."),
        },
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Fill in when it starts."),
            "invalid": _("Fill in a time like 19:30."),
        },
    )
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Fill in a time like 21:00.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        error_messages={"required": _("Fill in where it is.")},
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        help_text=_("Leave empty when there is no limit."),
        required=False,
        min_value=1,
        max_value=10000,
        error_messages={
            "invalid": _("Fill in a whole number."),
            "min_value": _("The number of places must be at least 1, or leave it empty."),
            "max_value": _("That is more places than we can handle. Use at most 10000."),
        },
    )
    club = forms.ModelChoiceField(
        label=_("Organised by a club"),
        queryset=Club.objects.none(),
        required=False,
        empty_label=_("No club"),
        error_messages={"invalid_choice": _("Choose one of the clubs in the list.")},
    )

    def __init__(
        self, *args: Any, user: User, activity: Activity | None = None, **kwargs: Any
    ) -> None:
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": activity.title,
                "description": activity.description,
                "date": activity.date,
                "start_time": activity.start_time,
                "end_time": activity.end_time,
                "place": activity.place,
                "capacity": activity.capacity,
                "club": activity.club_id,
            }
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["club"])  # type: ignore[type-arg]
        field.queryset = clubs_for_publishing(user)
        if not can_plan_activities(user):
            field.required = True
            field.empty_label = None
            field.error_messages["required"] = _("Choose the club that organises this activity.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data

    def details(self) -> ActivityDetails:
        data = self.cleaned_data
        return ActivityDetails(
            title=data["title"],
            description=data["description"],
            date=data["date"],
            start_time=data["start_time"],
            end_time=data.get("end_time"),
            place=data["place"],
            capacity=data.get("capacity"),
            club=data.get("club"),
        )
