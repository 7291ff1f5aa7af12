"""Our versions of four allauth pages; included before allauth.urls so they take its names."""

from django.urls import path, re_path

from members import account_views

urlpatterns = [
    path("login/", account_views.sign_in, name="account_login"),
    path("signup/", account_views.join, name="account_signup"),
    path("password/reset/", account_views.forgot_password, name="account_reset_password"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.new_password,
        name="account_reset_password_from_key",
    ),
]
