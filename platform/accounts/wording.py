"""allauth's words that our own catalogue re-translates, for one vocabulary across the site.

allauth's Dutch says "Aanmelden" for signing in, a word many residents read as "joining". Our
catalogue (LOCALE_PATHS) takes precedence over allauth's; listing the source strings here is what
brings them into it. The pages themselves are replaced with our own in issue #5.
"""

from django.utils.translation import gettext_noop

ALLAUTH_STRINGS_WE_TRANSLATE = (
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Sign Up"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
)
