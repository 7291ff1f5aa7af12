from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from clubs import pages
        from digest import sections as digest_sections
        from members import privacy
        from moderation import registry
        from news.actions import erase_news_data
        from news.reporting import COMMENTS
        from news.sections import club_news_section, news_digest_section
        from news.selectors import news_data

        registry.register(COMMENTS)
        privacy.register("news", export=news_data, erase=erase_news_data)
        digest_sections.register("news", news_digest_section, order=20)
        pages.register("news", club_news_section, order=10)
