from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("melden/<slug:kind>/<int:object_id>/", views.report_content, name="report"),
    path("buurtverbinder/gemeld/", views.queue, name="queue"),
    path("buurtverbinder/gemeld/<int:report_id>/", views.report_detail, name="report_detail"),
    path("buurtverbinder/gemeld/<int:report_id>/terugzetten/", views.restore, name="restore"),
    path("buurtverbinder/leden/<int:member_id>/waarschuwen/", views.warn_member, name="warn"),
    path("buurtverbinder/leden/<int:member_id>/blokkeren/", views.block_member, name="block"),
    path("buurtverbinder/leden/<int:member_id>/deblokkeren/", views.unblock_member, name="unblock"),
    path("buurtverbinder/logboek/", views.audit_trail, name="audit_trail"),
]
