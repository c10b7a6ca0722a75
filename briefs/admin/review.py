"""Review as actions: the buttons on a brief's form that move it and say so.

"Submit for review", "Request changes" (with a comment to the authors),
"Publish now", "Schedule for..." and "Withdraw", plus a plain comment. Each is
offered only to the roles ``briefs.workflow`` allows, and checked again here on
the server. A move writes a revision, a line in the audit trail and a notice by
email (``briefs.notifications``); comments are never public.
"""

import reversion
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .. import notifications, workflow
from ..models import EditorialComment

ReviewAction = workflow.ReviewAction

LABELS = {
    ReviewAction.SUBMIT: "Submit for review",
    ReviewAction.REQUEST_CHANGES: "Request changes",
    ReviewAction.PUBLISH: "Publish now",
    ReviewAction.SCHEDULE: "Schedule for…",
    ReviewAction.WITHDRAW: "Withdraw",
    ReviewAction.COMMENT: "Add comment",
}

DONE = {
    ReviewAction.SUBMIT: "Submitted for review; the Publishers have been told.",
    ReviewAction.REQUEST_CHANGES: "Sent back to its authors with your comment.",
    ReviewAction.PUBLISH: "Published: it is on the site now.",
    ReviewAction.SCHEDULE: "Scheduled: it goes live by itself at {when}.",
    ReviewAction.WITHDRAW: "Withdrawn from the site.",
    ReviewAction.COMMENT: "Comment added. Only editors see it.",
}


class ReviewActionForm(forms.Form):
    action = forms.ChoiceField(choices=list(LABELS.items()))
    comment = forms.CharField(required=False, max_length=5000, strip=True)
    publish_at = forms.DateTimeField(
        required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
    )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (ReviewAction.REQUEST_CHANGES, ReviewAction.COMMENT) and not cleaned.get(
            "comment"
        ):
            self.add_error("comment", "Write the comment: say what should change.")
        if action == ReviewAction.SCHEDULE:
            when = cleaned.get("publish_at")
            if when is None and "publish_at" not in self.errors:
                self.add_error("publish_at", "Choose the date and time it should go live.")
            elif when is not None and when <= timezone.now():
                self.add_error("publish_at", "Choose a time in the future.")
        return cleaned


def perform(request, brief, form: ReviewActionForm) -> str:
    """Carry out one review action; returns the message for the editor."""
    user = request.user
    action = form.cleaned_data["action"]
    comment = form.cleaned_data.get("comment", "")
    audit_action = None
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"{LABELS[action].rstrip('…')}.")
        if action == ReviewAction.SUBMIT:
            workflow.submit_for_review(brief, user=user)
            audit_action = workflow.Action.SUBMITTED
        elif action == ReviewAction.REQUEST_CHANGES:
            workflow.request_changes(brief, user=user, comment=comment)
            audit_action = workflow.Action.RETURNED
        elif action == ReviewAction.PUBLISH:
            audit_action = workflow.publish_now(brief, user=user)
        elif action == ReviewAction.SCHEDULE:
            audit_action = workflow.schedule(brief, user=user, at=form.cleaned_data["publish_at"])
        elif action == ReviewAction.WITHDRAW:
            workflow.withdraw(brief, user=user)
        else:
            EditorialComment.objects.create(brief=brief, author=user, body=comment)
        if action != ReviewAction.COMMENT:
            reversion.add_to_revision(brief)
    done = DONE[action]
    if action == ReviewAction.SCHEDULE:
        done = done.format(when=f"{timezone.localtime(brief.publish_at):%d %b %Y %H:%M %Z}")
    if audit_action and not notifications.notify(
        request, brief, audit_action, actor=user, comment=comment
    ):
        done += " The notice email could not be sent; tell the others yourself."
    return done


def review_view(model_admin, request, brief):
    change_url = reverse("admin:briefs_brief_change", args=[brief.pk])
    if request.method != "POST":
        return redirect(change_url)
    form = ReviewActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(change_url)
    if form.cleaned_data["action"] not in workflow.available_actions(request.user, brief):
        raise PermissionDenied
    try:
        done = perform(request, brief, form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(change_url)
    messages.success(request, done)
    return redirect(change_url)


def review_context(request, brief) -> dict:
    """What the change form shows of the review: the buttons and the comments."""
    actions = workflow.available_actions(request.user, brief)
    return {
        "review_actions": [(action, LABELS[action]) for action in actions],
        "review_url": reverse("admin:briefs_brief_review", args=[brief.pk]),
        "editorial_comments": brief.editorial_comments.select_related("author"),
        "schedule_min": f"{timezone.localtime():%Y-%m-%dT%H:%M}",
    }
