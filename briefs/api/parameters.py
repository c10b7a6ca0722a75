"""Strict query parameters: an endpoint accepts only the parameters it documents.

A typo (``?countr=ru``) would otherwise return the unfiltered list, and a repeated
parameter (``country=ru&country=cn``) would silently keep the last value. So an
unknown parameter, an empty one or one given twice is a 400 naming it; several
values go comma-separated into one parameter where the schema says so.

Each view states what it accepts in ``query_parameters()``; for the resource
viewsets that is their FilterSet, their paginator and ``fields`` (and what the view
adds), the same parts drf-spectacular reads for the schema, so the two agree
(tests/api/test_strict_params.py checks every documented operation).
"""

from rest_framework.exceptions import ValidationError


def check_query_parameters(query_params, accepted: set[str]) -> None:
    problems = {}
    for name, values in query_params.lists():
        if name not in accepted:
            known = ", ".join(sorted(accepted)) or "none"
            problems[name] = [f"Unknown parameter. This endpoint takes: {known}."]
        elif len(values) > 1:
            problems[name] = [
                "Given more than once. Give it once; where it takes several values, "
                "separate them with commas."
            ]
        elif not values[0].strip():
            problems[name] = ["Empty. Give a value, or leave the parameter out."]
    if problems:
        raise ValidationError(problems)


class StrictQueryParametersMixin:
    """Refuses, before any work, a request with a parameter the endpoint does not take."""

    def query_parameters(self) -> set[str]:
        return set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            check_query_parameters(request.query_params, self.query_parameters())
