"""Stores: a customer's shop, identified by its canonical URL (see `canonical.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.core import clock
from desk.stores.canonical import display_store_url


class Store(models.Model):
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stores"
    )
    canonical_url = models.CharField(_("canonical URL"), max_length=300, unique=True)
    entered_url = models.CharField(_("URL as entered"), max_length=2000)
    has_customization_agreement = models.BooleanField(_("customization agreement"), default=False)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("canonical_url",)
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        indexes = [models.Index(fields=["customer", "canonical_url"], name="store_customer_idx")]

    def __str__(self) -> str:
        return self.display_url

    @property
    def display_url(self) -> str:
        """The URL as people write it, an IDN host in Unicode (the canonical form is ASCII)."""
        return display_store_url(self.canonical_url)
