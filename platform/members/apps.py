from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from members import attention, privacy
        from members.actions import erase_member_data
        from members.sections import new_members_section, pending_members_section
        from members.selectors import members_data

        privacy.register("account", export=members_data, erase=erase_member_data)
        attention.register("pending_members", pending_members_section, order=10)
        attention.register("new_members", new_members_section, order=40)
