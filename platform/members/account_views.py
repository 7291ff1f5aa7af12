"""allauth's pages for joining, signing in and a new password, answering 400 on bad input.

allauth shows an invalid form again with status 200; our forms answer 400 (a client error)
everywhere, so a person, a test and a monitoring tool can all tell that nothing was saved.
"""

from __future__ import annotations

from typing import Any

from allauth.account.views import (
    LoginView,
    PasswordResetFromKeyView,
    PasswordResetView,
    SignupView,
)
from django.http import HttpResponse


class _BadRequestOnInvalidForm:
    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class JoinView(_BadRequestOnInvalidForm, SignupView):
    pass


class SignInView(_BadRequestOnInvalidForm, LoginView):
    pass


class ForgotPasswordView(_BadRequestOnInvalidForm, PasswordResetView):
    pass


class NewPasswordView(_BadRequestOnInvalidForm, PasswordResetFromKeyView):
    pass


join = JoinView.as_view()
sign_in = SignInView.as_view()
forgot_password = ForgotPasswordView.as_view()
new_password = NewPasswordView.as_view()
