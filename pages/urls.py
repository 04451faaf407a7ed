"""The public URLs that are not pages: feeds, sitemap, robots.txt and the keywords' listings (included before
Wagtail's pages)."""

from django.urls import include, path
from wagtail.contrib.sitemaps.views import sitemap

from pages import feeds, views

feed_patterns = [
    path("rss/", feeds.LatestContentFeed.as_view(), name="latest_rss"),
    path("atom/", feeds.LatestContentAtomFeed.as_view(), name="latest_atom"),
    path("rencontres.ics", feeds.workshops_calendar, name="workshops_ical"),
    path("<str:slug>/rss/", feeds.ThemeFeed.as_view(), name="theme_rss"),
    path("<str:slug>/atom/", feeds.ThemeAtomFeed.as_view(), name="theme_atom"),
]

urlpatterns = [
    path("flux/", include((feed_patterns, "feeds"))),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("mots-cles/<str:slug>/", views.keyword_pages, name="keyword_pages"),
]
