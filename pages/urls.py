"""The public URLs that are not pages: feeds, sitemap, robots.txt, the keywords' listings and the subscriptions by
theme (included before Wagtail's pages)."""

from django.urls import include, path
from wagtail.contrib.sitemaps.views import sitemap

from pages import feeds, subscription_views, views

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
    path("abonnements/", subscription_views.subscribe, name="subscribe"),
    path("abonnements/confirmer/<str:token>/", subscription_views.confirm, name="subscription_confirm"),
    path("abonnements/gerer/<str:token>/", subscription_views.manage, name="subscription_manage"),
    path("abonnements/desinscrire/<str:token>/", subscription_views.unsubscribe, name="subscription_unsubscribe"),
]
