from django.urls import path

from news import views
from news.feeds import NewsFeed

app_name = "news"

urlpatterns = [
    path("nieuws/", views.article_list, name="list"),
    path("nieuws/rss/", NewsFeed(), name="feed"),
    path("nieuws/schrijven/", views.new_article, name="new"),
    path("nieuws/concepten/", views.drafts, name="drafts"),
    path("nieuws/<int:article_id>/", views.article_detail, name="detail"),
    path("nieuws/<int:article_id>/foto/", views.article_photo, name="photo"),
    path("nieuws/<int:article_id>/wijzigen/", views.edit_article, name="edit"),
    path("nieuws/<int:article_id>/reageren/", views.add_comment, name="comment"),
    path("nieuws/reacties/<int:comment_id>/modereren/", views.moderate_comment, name="moderate"),
]
