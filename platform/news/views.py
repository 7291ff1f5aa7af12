"""Pages for news. The list, an article and the RSS feed are public on purpose (neighbourhood
news is for everyone in the buurt); comments are for members. Everything that writes is
guarded by `require`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.permissions import MemberRequest, can_moderate, is_member, require
from members.photos import photo_response
from news import actions, selectors
from news.forms import ArticleForm, CommentForm, CommentStateForm
from news.models import Article, Comment
from news.permissions import can_edit_article, can_see_article, can_write_news


def _visible_article(request: HttpRequest, article_id: int) -> Article:
    """The article, or a 404 for a draft the viewer may not see (as if it did not exist)."""
    article = selectors.get_article(article_id)
    if article is None or not can_see_article(request.user, article):
        raise Http404
    return article


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_articles(), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "news/article_list.html",
        {"page": page, "can_write": can_write_news(request.user)},
    )


def _article_page(
    request: HttpRequest, article: Article, *, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    viewer_is_member = is_member(request.user)
    moderator = can_moderate(request.user)
    context = {
        "article": article,
        "comments": selectors.comments_on(article, include_hidden=moderator)
        if viewer_is_member
        else [],
        "comment_form": form or CommentForm(),
        "viewer_is_member": viewer_is_member,
        "can_moderate": moderator,
        "can_edit": can_edit_article(request.user, article),
    }
    return render(request, "news/article_detail.html", context, status=status)


@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    return _article_page(request, _visible_article(request, article_id))


@require_GET
def article_photo(request: HttpRequest, article_id: int) -> FileResponse:
    article = _visible_article(request, article_id)
    # A draft's photo is for its writers only: never kept by a shared cache.
    return photo_response(
        article.photo.name if article.photo else "",
        cache_control="public, max-age=3600" if article.is_published else "private, no-store",
    )


def _save(
    request: MemberRequest, form: ArticleForm, article: Article | None
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    publish = "publish" in request.POST
    try:
        saved = actions.save_article(
            article, draft=form.draft(), publish=publish, acting_user=request.user
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(
        request,
        _("The article has been published.") if publish else _("The draft has been saved."),
    )
    return redirect(saved.get_absolute_url())


@require_http_methods(["GET", "POST"])
@require(can_write_news)
def new_article(request: MemberRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ArticleForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if posted and (response := _save(request, form, None)) is not None:
        return response
    return render(
        request,
        "news/article_form.html",
        {"form": form, "article": None},
        status=400 if posted else 200,
    )


@require_http_methods(["GET", "POST"])
@require(is_member)
def edit_article(request: MemberRequest, article_id: int) -> HttpResponse:
    article = _visible_article(request, article_id)
    if not can_edit_article(request.user, article):
        return render(request, "members/forbidden.html", status=403)
    posted = request.method == "POST"
    form = ArticleForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        article=article,
    )
    if posted and (response := _save(request, form, article)) is not None:
        return response
    return render(
        request,
        "news/article_form.html",
        {"form": form, "article": article},
        status=400 if posted else 200,
    )


@require_GET
@require(can_write_news)
def drafts(request: MemberRequest) -> HttpResponse:
    articles = selectors.drafts_for(request.user, everyone=can_moderate(request.user))
    page = Paginator(articles, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/drafts.html", {"page": page})


@require_POST
@require(is_member)
def add_comment(request: MemberRequest, article_id: int) -> HttpResponse:
    article = _visible_article(request, article_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = actions.add_comment(
                article, body=form.cleaned_data["body"], acting_user=request.user
            )
        except actions.RateLimited:
            return render(request, "members/rate_limited.html", status=429)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            return redirect(f"{article.get_absolute_url()}#reactie-{comment.pk}")
    return _article_page(request, article, form=form, status=400)


@require_POST
@require(can_moderate)
def moderate_comment(request: MemberRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    form = CommentStateForm(request.POST)
    if not form.is_valid():
        return render(
            request, "members/refused.html", {"errors": [_("Choose what to do.")]}, status=400
        )
    actions.set_comment_state(comment, state=form.cleaned_data["state"], acting_user=request.user)
    messages.success(
        request,
        _("The comment is hidden.")
        if form.cleaned_data["state"] == "hidden"
        else _("The comment can be seen again."),
    )
    return redirect(f"{comment.article.get_absolute_url()}#reactie-{comment.pk}")
