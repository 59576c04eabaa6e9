"""Service scope (PRODUCT.md §6): what a request may be about, and what is quoted for a fee."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    STORE_SETUP = "store_setup", _("Store setup")
    CONFIGURATION = "configuration", _("Shipping, payment, tax and language configuration")
    CONVERSION = "conversion", _("Customer conversion consulting")
    PHP_MYSQL = "php_mysql", _("PHP and MySQL errors")
    HTML_CSS = "html_css", _("HTML and CSS problems")
    DESIGN_TWEAKS = "design_tweaks", _("Minor template and CSS design adjustments")
    PHP_TWEAKS = "php_tweaks", _("Minor PHP adjustments")
    BUGFIX = "bugfix", _("Bugfixes and security patches")
    TROUBLESHOOTING = "troubleshooting", _("Troubleshooting")
    INSTALLATION = "installation", _("Installation (subscriptions)")
    BILLING = "billing", _("Billing and account questions")


NOT_INCLUDED = (
    _("Data migration"),
    _("Custom development"),
    _("Web design"),
    _("Template integration"),
    _("Development support"),
    _("Third-party modifications"),
    _("Upgrades other than by automated tools"),
    _("Performance tuning"),
    _("Custom SEO"),
)

# Categories that only a subscription covers (installation is "included" for subscriptions only).
SUBSCRIPTION_ONLY = frozenset({Category.INSTALLATION})
