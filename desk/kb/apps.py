from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "desk.kb"
    label = "kb"

    def ready(self) -> None:
        from desk.kb import text_search
        from desk.search import registry

        registry.register(text_search.KIND, text_search.rebuild_index)
