from __future__ import annotations

from django.db.models import QuerySet

from desk.accounts.models import Department, Engineer
from desk.core.prepared import PreparedQuery


def departments_for_requests() -> QuerySet[Department]:
    """Departments a customer may open a request on a support entitlement in, from the web."""
    return Department.objects.filter(accepts_requests=True, requires_entitlement=True)


def departments_without_entitlement() -> QuerySet[Department]:
    """Departments anyone may write to, spending nothing (Customer Service, Sales)."""
    return Department.objects.filter(requires_entitlement=False).order_by("sort_order", "id")


def departments_for_queue() -> QuerySet[Department]:
    """Every department, in display order: the engineers' queue filters by any of them."""
    return Department.objects.order_by("sort_order", "id")


def every_department() -> list[Department]:
    """`departments_for_queue()` read (its SQL compiled once: desk.core.prepared): the queue's
    and search's filters and the department choices of the console's forms."""
    return _EVERY_DEPARTMENT.rows()


_EVERY_DEPARTMENT = PreparedQuery(Department, departments_for_queue, arity=0)


def departments_for_contact() -> QuerySet[Department]:
    """Every department with its phone lines, in display order, as the contact page lists them."""
    return Department.objects.order_by("sort_order", "id").prefetch_related("contact_lines")


def active_engineers() -> QuerySet[Engineer]:
    return Engineer.objects.filter(is_active=True, user__is_active=True).select_related("user")
