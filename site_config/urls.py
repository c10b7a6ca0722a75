from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "AI Geopolitics Briefs: editors"
admin.site.site_title = "AI Geopolitics Briefs admin"
admin.site.index_title = "Knowledge base and briefs"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("briefs.api.urls")),
    path("", include("briefs.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
