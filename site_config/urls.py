from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from briefs import views as site_views
from briefs.sitemaps import SITEMAPS

admin.site.site_header = "AI Geopolitics Briefs: editors"
admin.site.site_title = "AI Geopolitics Briefs admin"
admin.site.index_title = "Knowledge base and briefs"

urlpatterns = [
    path("admin/", admin.site.urls),
    # An index of sections, each in files under the protocol's 50,000 URLs (briefs/sitemaps.py).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", site_views.robots_txt, name="robots"),
    path("api/v1/", include("briefs.api.urls")),
    path("", include("briefs.urls")),
]

handler400 = "briefs.views.bad_request"
handler404 = "briefs.views.page_not_found"
handler500 = "briefs.views.server_error"

if settings.LOADTEST_HELLO_VIEW:
    # The load benchmark's floor: the least a request through this stack can cost.
    urlpatterns.append(path("loadtest/hello/", site_views.hello, name="loadtest-hello"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
