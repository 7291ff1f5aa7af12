"""News articles of a buurtsite (optionally of one of its clubs) and members' comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clubs.models import Club
from moderation.models import ContentState


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("short introduction"), max_length=300, blank=True)
    # Sanitised HTML (news.richtext): only the allow-list ever reaches this column.
    body = models.TextField(_("text"))
    photo = models.ImageField(_("photo"), upload_to="nieuws/", blank=True)
    photo_alt = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="articles",
        verbose_name=_("author"),
    )
    club = models.ForeignKey(
        Club,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("club"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="news_published")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/nieuws/{self.pk}/"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Comment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="news_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=1000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ContentState.choices, default=ContentState.VISIBLE
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "created_at"], name="news_comment_order")]

    def __str__(self) -> str:
        return f"#{self.pk}"
