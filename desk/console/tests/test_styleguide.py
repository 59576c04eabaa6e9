"""The styleguide: staff only, every component, both languages, drawn by the real includes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.billing.models import OrderStatus
from desk.catalog.models import Plan
from desk.tickets.models import Status


def test_staff_see_every_component_in_english_and_russian(client, staff_admin):
    # given
    client.force_login(staff_admin)

    # when
    response = client.get(reverse("console:styleguide"))

    # then both language sections are there, each marked with its language
    assert response.status_code == 200
    page = response.content.decode()
    assert '<section class="styleguide-kit" id="kit-en" lang="en"' in page
    assert '<section class="styleguide-kit" id="kit-ru" lang="ru"' in page
    english, russian = page.split('id="kit-ru"')
    # and each ticket status, order status and plan has its badge, in each language
    for status in Status:
        assert f'<span class="badge {status.value}">{status.label}</span>' in english
    assert '<span class="badge waiting">Ожидает ответа клиента</span>' in russian
    assert '<span class="badge hotrush">Hotrush</span>' in english
    for order_status in OrderStatus:
        assert f">{order_status.label}</span>" in english
    for plan in Plan.objects.all():
        assert f'data-plan="{plan.code}">{plan.name}</span>' in english
        assert f'data-plan="{plan.code}">{plan.name_ru}</span>' in russian
    # and the form shows a help text, an error, and the chart its axes and table
    assert 'id="id_en-email_helptext"' in english
    assert 'class="errorlist"' in english
    assert "Обязательное поле." in russian
    assert 'class="chart-bar" tabindex="0"' in english
    assert "<caption>First replies by week (an example)</caption>" in english
    assert 'class="countdown overdue"' in english
    assert 'class="pagination"' in russian
    # and the queue table, drawn by the queue's own row include, in both languages
    for kit in (english, russian):
        assert kit.count("<tr data-ticket=") == 3
    assert ">Shipping rates vanish at checkout after the update</td>" in english
    assert ">магазин<wbr>.рф</td>" in russian
    assert '<span class="muted">nobody</span>' in english
    assert 'data-unrouted="no_speaker"' in russian
    assert ">Страница счёта пустая на телефоне</td>" in russian
    assert 'id="pick-900001"' in english
    assert 'id="pick-900101"' in russian


@pytest.mark.parametrize("who", ["anonymous", "customer", "engineer"])
def test_everyone_but_staff_gets_404(client, alice, engineer_en, who):
    if who == "customer":
        client.force_login(alice)
    if who == "engineer":
        client.force_login(engineer_en.user)

    assert client.get(reverse("console:styleguide")).status_code == 404
