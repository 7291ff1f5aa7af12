"""Form widgets shared by the apps' pages. Nothing here knows an app.

`FilterSelect` is for the filters above lists and searches (vraag en aanbod, the marketplace,
the social map), which render on every such page: Django's select template includes two more
templates for every option, which made up most of a filter form's rendering. Its template
writes each option in the loop; a Select's options carry no attributes of their own, only
`selected`. Labels, help texts, errors and their aria attributes still come from Django's
field template, so the markup is Django's apart from whitespace.
"""

from __future__ import annotations

from django import forms


class FilterSelect(forms.Select):
    template_name = "ui/widgets/select.html"
