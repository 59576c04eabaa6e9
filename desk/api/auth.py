"""How a caller signs in to the API: a Bearer token (`desk.tokens`), else the session.

A token request needs no CSRF token (no cookie is involved, so no browser can forge it); the
session keeps CSRF on unsafe methods. A token that is presented and refused is the answer
(401/403/429 with a code): the API never falls back to the session behind it.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from desk.accounts.throttle import client_address
from desk.tokens.models import ApiToken
from desk.tokens.services import authenticate_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer sdt_…`: a personal or service token from the portal or console."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        api_token = authenticate_token(
            raw=token,
            address=client_address(request),
            writes=(request.method or "GET").upper() not in SAFE_METHODS,
        )
        request.user = api_token.user
        return api_token


token_auth = ApiTokenAuth()
