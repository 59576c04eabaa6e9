from django.apps import AppConfig


class TrackersConfig(AppConfig):
    name = "desk.trackers"
    label = "trackers"
    verbose_name = "Bug tracker links"
