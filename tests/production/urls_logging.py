"""A URLconf for one test: a view that logs a line while it answers."""

import logging

from django.http import HttpResponse
from django.urls import path


def logged(request):
    logging.getLogger("briefs.test").warning("inside the view")
    return HttpResponse("ok")


urlpatterns = [path("logged/", logged)]
