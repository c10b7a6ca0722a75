"""The admin index's dashboard (see ``briefs.admin.dashboard``)."""

from django import template

from ..admin import dashboard

register = template.Library()


@register.inclusion_tag("admin/briefs/includes/desk.html", takes_context=True)
def editors_desk(context):
    request = context["request"]
    if not request.user.has_perm("briefs.view_brief"):
        return {"desk": None}  # staff without the newsroom's roles see the model list alone
    return {"desk": dashboard.desk(user=request.user), "request": request}
