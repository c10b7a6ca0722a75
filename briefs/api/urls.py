"""/api/v1/: the read API, its schema and its documentation pages."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .views.briefs import BriefViewSet
from .views.changes import ChangeViewSet
from .views.data import IndicatorViewSet, KeyFigureViewSet, RankingViewSet
from .views.docs import RedocView, SwaggerView
from .views.entities import (
    AIModelViewSet,
    BlocViewSet,
    CountryViewSet,
    EventViewSet,
    MembershipViewSet,
    OrganizationViewSet,
    PersonViewSet,
    SourceViewSet,
    TopicViewSet,
)
from .views.root import ApiRootView
from .views.search import SearchView

app_name = "api"

router = SimpleRouter()
router.register("briefs", BriefViewSet, basename="brief")
router.register("countries", CountryViewSet, basename="country")
router.register("blocs", BlocViewSet, basename="bloc")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("ai-models", AIModelViewSet, basename="ai-model")
router.register("people", PersonViewSet, basename="person")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("rankings", RankingViewSet, basename="ranking")
router.register("key-figures", KeyFigureViewSet, basename="key-figure")
router.register("events", EventViewSet, basename="event")
router.register("sources", SourceViewSet, basename="source")
router.register("topics", TopicViewSet, basename="topic")
router.register("changes", ChangeViewSet, basename="change")

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("search/", SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(), name="docs"),
    path("redoc/", RedocView.as_view(), name="redoc"),
    # Any other path is a problem+json 404 (briefs.api.middleware).
    *router.urls,
]
