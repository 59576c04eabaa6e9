# No `from __future__ import annotations`: ninja resolves the string annotations of a
# paginated view in the pagination module, where the query schemas are not defined.

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from desk.api.pagination import DeskPagination
from desk.api.schemas import PlanOut, error_responses
from desk.catalog.models import Plan
from desk.catalog.selectors import plans_on_sale

router = Router(tags=["catalog"])


@router.get("/plans", response={200: list[PlanOut], **error_responses(public=True)}, auth=None)
@paginate(DeskPagination, page_size=50)
def list_plans(request: HttpRequest) -> QuerySet[Plan]:
    """Plans on sale, in catalog order. Public."""
    return plans_on_sale()
