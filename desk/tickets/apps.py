from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "desk.tickets"
    label = "tickets"

    def ready(self) -> None:
        from desk.search import registry
        from desk.tickets import text_search

        registry.register(text_search.KIND, text_search.rebuild_index)
