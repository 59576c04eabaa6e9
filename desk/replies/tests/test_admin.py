"""Staff keep shared canned replies in the admin, with the same placeholder check."""

from __future__ import annotations

from django.urls import reverse

from desk.replies.models import CannedReply


def test_staff_add_a_shared_reply_and_an_unknown_placeholder_is_refused(client, staff_admin):
    # given
    client.force_login(staff_admin)
    url = reverse("admin:replies_cannedreply_add")
    form = {"title": "Hello", "body": "Hi {customer_name}", "language": "en"}
    # when refused
    refused = client.post(url, {**form, "body": "Hi {nick}"})
    # then
    assert refused.status_code == 200
    assert "{nick}" in str(refused.context["adminform"].form.errors["body"])
    assert not CannedReply.objects.exists()
    # when accepted
    added = client.post(url, form)
    # then
    assert added.status_code == 302
    reply = CannedReply.objects.get()
    assert (reply.title, reply.body, reply.owner, reply.department) == (
        "Hello",
        "Hi {customer_name}",
        None,
        None,
    )
    # and it can be edited there
    changed = client.post(
        reverse("admin:replies_cannedreply_change", args=[reply.pk]), {**form, "title": "Hi"}
    )
    assert changed.status_code == 302
    reply.refresh_from_db()
    assert reply.title == "Hi"
