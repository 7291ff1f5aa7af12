from tests.members.factories import _media_in_a_temporary_folder
from tests.organisations.factories import (
    admin_client,
    editor_client,
    org_admin,
    org_editor,
    organisation,
    other_organisation,
)

__all__ = [
    "_media_in_a_temporary_folder",
    "admin_client",
    "editor_client",
    "org_admin",
    "org_editor",
    "organisation",
    "other_organisation",
]
