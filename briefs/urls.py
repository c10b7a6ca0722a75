"""Public pages of the site, and their feeds."""

from django.urls import path

from . import feeds, preview, views

app_name = "briefs"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("feed/", feeds.LatestBriefsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestBriefsAtomFeed(), name="feed-atom"),
    path("briefs/", views.brief_list, name="brief-list"),
    path("briefs/<slug:slug>/", views.brief_detail, name="brief-detail"),
    path("preview/<str:token>/", preview.shared_preview, name="brief-preview"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<slug:slug>/", views.CountryPage.as_view(), name="country-detail"),
    path("countries/<slug:slug>/feed/", feeds.CountryBriefsFeed(), name="country-feed"),
    path(
        "countries/<slug:slug>/feed/atom/",
        feeds.CountryBriefsAtomFeed(),
        name="country-feed-atom",
    ),
    path("blocs/", views.bloc_list, name="bloc-list"),
    path("blocs/<slug:slug>/", views.BlocPage.as_view(), name="bloc-detail"),
    path("blocs/<slug:slug>/feed/", feeds.BlocBriefsFeed(), name="bloc-feed"),
    path("blocs/<slug:slug>/feed/atom/", feeds.BlocBriefsAtomFeed(), name="bloc-feed-atom"),
    path("organizations/", views.organization_list, name="organization-list"),
    path(
        "organizations/<slug:slug>/", views.OrganizationPage.as_view(), name="organization-detail"
    ),
    path(
        "organizations/<slug:slug>/feed/",
        feeds.OrganizationBriefsFeed(),
        name="organization-feed",
    ),
    path(
        "organizations/<slug:slug>/feed/atom/",
        feeds.OrganizationBriefsAtomFeed(),
        name="organization-feed-atom",
    ),
    path("models/", views.aimodel_list, name="aimodel-list"),
    path("models/<slug:slug>/", views.AIModelPage.as_view(), name="aimodel-detail"),
    path("models/<slug:slug>/feed/", feeds.AIModelBriefsFeed(), name="aimodel-feed"),
    path("models/<slug:slug>/feed/atom/", feeds.AIModelBriefsAtomFeed(), name="aimodel-feed-atom"),
    path("people/<slug:slug>/", views.PersonPage.as_view(), name="person-detail"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator-detail"),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.EventPage.as_view(), name="event-detail"),
    path("topics/<slug:slug>/", views.TopicPage.as_view(), name="topic-detail"),
    path("topics/<slug:slug>/feed/", feeds.TopicBriefsFeed(), name="topic-feed"),
    path("topics/<slug:slug>/feed/atom/", feeds.TopicBriefsAtomFeed(), name="topic-feed-atom"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
]
