from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from provisioning.models import Order


class OrderForm(forms.ModelForm):  # type: ignore[type-arg]
    """The fields a municipality fills in; the checks themselves live in `orders.place_order`."""

    class Meta:
        model = Order
        fields = [
            "municipality_name",
            "cbs_code",
            "buurtsite_name",
            "slug",
            "own_domain",
            "plan",
            "contact_name",
            "contact_email",
            "buurtverbinder_email",
        ]
        help_texts = {
            "cbs_code": _("The code of your municipality at CBS, for example GM0268 for Nijmegen."),
            "slug": _(
                "The buurtsite will be at <slug>.mijnbuurtje.nl. Lower-case letters, digits and "
                "hyphens, for example lindenholt."
            ),
            "own_domain": _("Optional. For example lindenholtleeft.nl."),
            "buurtverbinder_email": _(
                "Who will run the buurtsite? We send this person an invitation. "
                "Empty: the contact person."
            ),
        }
        widgets = {
            "cbs_code": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "slug": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "own_domain": forms.TextInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "buurtverbinder_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "plan": forms.RadioSelect,
        }
