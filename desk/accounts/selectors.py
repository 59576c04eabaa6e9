from __future__ import annotations

from django.db.models import QuerySet

from desk.accounts.models import Department, Engineer


def departments_for_requests() -> QuerySet[Department]:
    """Departments a customer may open a web request in."""
    return Department.objects.filter(accepts_requests=True)


def departments_for_contact() -> QuerySet[Department]:
    """Every department, in display order, as the public contact page lists them."""
    return Department.objects.order_by("sort_order", "id")


def active_engineers() -> QuerySet[Engineer]:
    return Engineer.objects.filter(is_active=True, user__is_active=True).select_related("user")
