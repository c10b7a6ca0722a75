"""Strict query parameters: an endpoint accepts only the parameters it documents.

A typo (``?countr=ru``) would otherwise return the unfiltered list, and a repeated
parameter would silently keep the last value. So an unknown parameter, an empty one
or one given twice is a 400 naming it. Parameters that take several values take
them comma-separated (``country=ru,cn``, as the schema documents them: ``style:
form, explode: false``); given twice, such a parameter means the same as its values
joined, since many generated clients (openapi-python-client among them) send an
array as ``country=ru&country=cn`` whatever the schema says.

Each view states what it accepts in ``query_parameters()``; for the resource
viewsets that is their FilterSet, their paginator and ``fields`` (and what the view
adds), the same parts drf-spectacular reads for the schema, so the two agree
(tests/api/test_strict_params.py checks every documented operation).
"""

from rest_framework.exceptions import ValidationError


def check_query_parameters(query_params, accepted: set[str], several: set[str]) -> None:
    """`accepted`: the parameters the endpoint takes; `several`: those taking several
    values."""
    problems = {}
    for name, values in query_params.lists():
        if name not in accepted:
            known = ", ".join(sorted(accepted)) or "none"
            problems[name] = [f"Unknown parameter. This endpoint takes: {known}."]
        elif len(values) > 1 and name not in several:
            problems[name] = ["Given more than once: give it once."]
        elif not all(value.strip() for value in values):
            problems[name] = ["Empty. Give a value, or leave the parameter out."]
    if problems:
        raise ValidationError(problems)


def several_values(query_params, name: str) -> list[str] | None:
    """The values of a parameter taking several: comma-separated, in one or more copies."""
    if name not in query_params:
        return None
    return [item for value in query_params.getlist(name) for item in value.split(",")]


class StrictQueryParametersMixin:
    """Refuses, before any work, a request with a parameter the endpoint does not take."""

    def query_parameters(self) -> set[str]:
        """A list's FilterSet and paginator parameters: what the schema documents for it."""
        action = getattr(self, "action", None)
        accepted = set()
        filterset_class = getattr(self, "filterset_class", None)
        if action != "retrieve" and filterset_class is not None:
            accepted |= set(filterset_class.base_filters)
        paginator = getattr(self, "paginator", None)
        if action == "list" and paginator is not None:
            parameters = paginator.get_schema_operation_parameters(self)
            accepted |= {parameter["name"] for parameter in parameters}
        return accepted

    def parameters_taking_several_values(self) -> set[str]:
        return set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            check_query_parameters(
                request.query_params,
                self.query_parameters(),
                self.parameters_taking_several_values(),
            )
