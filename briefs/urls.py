"""Public pages of the site, and their feeds."""

from django.urls import path, register_converter

from . import exports, feeds, preview, views

app_name = "briefs"


class DownloadFormatConverter:
    """The file suffix of a table download: csv, xlsx, metadata.json or zip."""

    regex = "|".join(fmt.replace(".", r"\.") for fmt in exports.FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DownloadFormatConverter, "download")


def table_download(route: str, table: str, name: str):
    return path(route, views.table_download, {"table": table}, name=name)


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
    path("compare/", views.compare, name="compare"),
    # Every data table's downloads (exports.FORMATS), beside the page that shows it.
    table_download(
        "indicators/<slug:slug>/<int:year>.<download:fmt>", "edition", "edition-download"
    ),
    table_download(
        "countries/<slug:slug>/rankings.<download:fmt>",
        "country-rankings",
        "country-rankings-download",
    ),
    table_download(
        "countries/<slug:slug>/key-figures.<download:fmt>",
        "country-figures",
        "country-figures-download",
    ),
    table_download(
        "organizations/<slug:slug>/key-figures.<download:fmt>",
        "organization-figures",
        "organization-figures-download",
    ),
    table_download(
        "blocs/<slug:slug>/members.<download:fmt>", "bloc-members", "bloc-members-download"
    ),
    table_download("models/index.<download:fmt>", "aimodel-index", "aimodel-index-download"),
    table_download("compare/comparison.<download:fmt>", "compare", "compare-download"),
]
