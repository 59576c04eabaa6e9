from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from desk.api.schemas import PlanOut
from desk.catalog.models import Plan
from desk.catalog.selectors import plans_on_sale

router = Router(tags=["catalog"])


@router.get("/plans", response=list[PlanOut], auth=None)
@paginate(PageNumberPagination, page_size=50)
def list_plans(request: HttpRequest) -> QuerySet[Plan]:
    """Plans on sale, in catalog order. Public."""
    return plans_on_sale()
