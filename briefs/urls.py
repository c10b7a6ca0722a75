"""Public pages of the site."""

from django.urls import path

from . import preview, views

app_name = "briefs"

urlpatterns = [
    path("", views.home, name="home"),
    path("briefs/", views.brief_list, name="brief-list"),
    path("briefs/<slug:slug>/", views.brief_detail, name="brief-detail"),
    path("preview/<str:token>/", preview.shared_preview, name="brief-preview"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<slug:slug>/", views.country_detail, name="country-detail"),
    path("blocs/", views.bloc_list, name="bloc-list"),
    path("blocs/<slug:slug>/", views.bloc_detail, name="bloc-detail"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("models/", views.aimodel_list, name="aimodel-list"),
    path("models/<slug:slug>/", views.aimodel_detail, name="aimodel-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator-detail"),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
]
