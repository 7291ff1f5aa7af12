from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.activity_list, name="list"),
    path("agenda/geweest/", views.past_list, name="past"),
    path("agenda/agenda.ics", views.calendar_feed, name="feed"),
    path("agenda/nieuw/", views.new_activity, name="new"),
    path("agenda/<int:activity_id>/", views.activity_detail, name="detail"),
    path("agenda/<int:activity_id>/agenda.ics", views.activity_calendar, name="calendar"),
    path("agenda/<int:activity_id>/wijzigen/", views.edit_activity, name="edit"),
    path("agenda/<int:activity_id>/aanmelden/", views.sign_up, name="sign_up"),
    path("agenda/<int:activity_id>/afmelden/", views.cancel, name="cancel"),
]
