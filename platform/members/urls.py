from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("huisregels/", views.house_rules, name="house_rules"),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("buren/", views.directory, name="directory"),
    path("buren/<int:member_id>/", views.profile_detail, name="profile"),
    path("buren/<int:member_id>/foto/", views.profile_photo, name="photo"),
    path("profiel/", views.edit_profile, name="edit_profile"),
    path("profiel/foto/", views.upload_photo, name="upload_photo"),
    path("profiel/foto/verwijderen/", views.remove_photo, name="remove_photo"),
    path("profiel/privacy/", views.privacy, name="privacy"),
    path("profiel/mijn-gegevens/", views.my_data, name="my_data"),
    path("profiel/mijn-gegevens.json", views.export_data, name="export_data"),
    path("profiel/opzeggen/", views.delete_account, name="delete_account"),
    path("meldingen/", views.notices, name="notices"),
    path("buurtverbinder/", views.buurtverbinder_home, name="buurtverbinder_home"),
    path("buurtverbinder/leden/", views.manage_members, name="manage_members"),
    path("buurtverbinder/leden/<int:member_id>/", views.manage_member, name="manage_member"),
    path(
        "buurtverbinder/leden/<int:member_id>/goedkeuren/",
        views.approve_member,
        name="approve_member",
    ),
    path(
        "buurtverbinder/leden/<int:member_id>/weigeren/",
        views.decline_member,
        name="decline_member",
    ),
    path("buurtverbinder/aanmelden/", views.joining_settings, name="joining_settings"),
    path("buurtverbinder/codes/", views.join_codes, name="join_codes"),
    path("buurtverbinder/codes/afdrukken/", views.print_join_codes, name="print_join_codes"),
    path(
        "buurtverbinder/codes/<int:code_id>/verwijderen/",
        views.delete_join_code,
        name="delete_join_code",
    ),
]
