from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("berichten/", views.inbox, name="inbox"),
    path("berichten/<int:conversation_id>/", views.conversation, name="conversation"),
    path("berichten/aan/<int:member_id>/", views.new_message, name="new_message"),
    path("berichten/geblokkeerd/", views.blocked, name="blocked"),
    path("berichten/blokkeren/<int:member_id>/", views.block, name="block"),
    path("berichten/deblokkeren/<int:member_id>/", views.unblock, name="unblock"),
]
