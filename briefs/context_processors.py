from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "site_licence_name": settings.SITE_LICENCE_NAME,
        "site_licence_url": settings.SITE_LICENCE_URL,
    }
