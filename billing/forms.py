from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import BillingAccount, Plan, vat_validator


class BillingDetailsForm(forms.Form):
    """What goes on a municipality's invoices; kept by an operator in the console."""

    name = forms.CharField(label=_("Name on the invoice"), max_length=150)
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail address for invoices"))
    address_line = forms.CharField(label=_("Address"), max_length=150, required=False)
    postal_code = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=80, required=False)
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=20,
        required=False,
        help_text=_("For example NL001234567B01."),
    )
    purchase_order = forms.CharField(
        label=_("Purchase order number"),
        max_length=60,
        required=False,
        help_text=_("Printed on every invoice, as the municipality asks."),
    )
    payment_method = forms.ChoiceField(
        label=_("How the municipality pays"),
        choices=[
            choice
            for choice in BillingAccount.PaymentMethod.choices
            if choice[0] != BillingAccount.PaymentMethod.CARD
        ],
    )

    def clean_vat_number(self) -> str:
        value = str(self.cleaned_data["vat_number"]).upper().replace(" ", "").replace(".", "")
        if value:
            vat_validator(value)
        return value


class LicencePlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("How do you want to pay?"),
        queryset=Plan.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose how you want to pay.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["plan"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Plan.objects.filter(kind=Plan.Kind.LICENCE, is_active=True).order_by(
            "interval"
        )
        field.label_from_instance = lambda plan: (  # type: ignore[method-assign,assignment]
            f"{plan.name}: € {plan.amount_euros}"
        )
