from django.urls import path

from clubs import views

app_name = "clubs"

urlpatterns = [
    path("clubs/", views.club_list, name="list"),
    path("clubs/nieuw/", views.new_club, name="new"),
    path("clubs/<int:club_id>/", views.club_detail, name="detail"),
    path("clubs/<int:club_id>/wijzigen/", views.edit_club, name="edit"),
    path("clubs/<int:club_id>/lid-worden/", views.join, name="join"),
    path("clubs/<int:club_id>/opzeggen/", views.leave, name="leave"),
    path("clubs/<int:club_id>/zichtbaarheid/", views.visibility, name="visibility"),
    path("clubs/<int:club_id>/beheerders/", views.admins, name="admins"),
]
