"""Platform-host endpoints of provisioning."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from provisioning import orders
from provisioning.domains import certificate_allowed
from provisioning.forms import OrderForm

# A public form: a few orders an hour from one address is plenty.
ORDERS_PER_HOUR = 5


@require_GET
def certificate_ask(request: HttpRequest) -> HttpResponse:
    """Caddy's on-demand TLS `ask`: may a certificate be requested for ?domain=<host>?"""
    if certificate_allowed(request.GET.get("domain", "")):
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponseNotFound("no", content_type="text/plain")


@require_http_methods(["GET", "POST"])
def order_buurtsite(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "provisioning/order_form.html", {"form": OrderForm()})

    form = OrderForm(request.POST)
    if _too_many_orders(request):
        return render(
            request, "provisioning/order_form.html", {"form": form, "too_many": True}, status=429
        )
    if form.is_valid():
        try:
            orders.place_order(**form.cleaned_data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("order_received")
    return render(request, "provisioning/order_form.html", {"form": form}, status=400)


@require_GET
def order_received(request: HttpRequest) -> HttpResponse:
    return render(request, "provisioning/order_received.html")


def _too_many_orders(request: HttpRequest) -> bool:
    key = f"order-form:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) > ORDERS_PER_HOUR
