from django.urls import URLPattern, URLResolver, path

from desk.console.views import api_tokens

urlpatterns: list[URLPattern | URLResolver] = [
    path("api-tokens/", api_tokens.api_tokens, name="api_tokens"),
    path("api-tokens/<int:token_id>/revoke/", api_tokens.api_token_revoke, name="api_token_revoke"),
]
