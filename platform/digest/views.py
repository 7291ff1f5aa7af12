"""Unsubscribing from the weekly digest with the signed link in each e-mail, no sign-in.

The signed token is the permission: it names one member of this buurtsite. The link in the
e-mail unsubscribes at once (GET) and the page offers to undo; mail programs unsubscribe with
a POST to the same address (RFC 8058 one-click), which carries no CSRF token by design.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from digest import actions
from digest.links import member_for_token


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    member = member_for_token(token)
    if member is None:
        return render(request, "digest/bad_link.html", status=400)
    actions.set_digest_choice(member, weekly_digest=False)
    return render(request, "digest/unsubscribed.html", {"token": token, "email": member.email})


@require_POST
def resubscribe(request: HttpRequest, token: str) -> HttpResponse:
    member = member_for_token(token)
    if member is None:
        return render(request, "digest/bad_link.html", status=400)
    actions.set_digest_choice(member, weekly_digest=True)
    return render(request, "digest/resubscribed.html", {"token": token})
