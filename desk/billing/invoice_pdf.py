"""An invoice as a PDF document, in the customer's language (reportlab, a TTF font with Cyrillic).

Everything printed comes from the stored invoice (seller, buyer and lines were frozen when it was
issued); only the labels are translated, with the order's state at the time of download.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from desk.billing.models import Invoice, OrderStatus
from desk.billing.services import INVOICE_ZONE
from desk.core.formatting import format_day

FONT: Final = "DeskSans"
DEFAULT_FONT_PATH: Final = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@cache
def _register_font(path: str) -> str:
    if not Path(path).is_file():
        raise ImproperlyConfigured(
            f"invoice font {path} is missing (Debian: apt-get install fonts-dejavu-core)"
        )
    pdfmetrics.registerFont(TTFont(FONT, path))
    return FONT


def invoice_filename(invoice: Invoice) -> str:
    return f"{invoice.number}.pdf"


def render_invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice of an order, as PDF bytes, in its customer's language."""
    font = _register_font(str(getattr(settings, "DESK_INVOICE_FONT", DEFAULT_FONT_PATH)))
    language = invoice.order.customer.language
    buffer = io.BytesIO()
    with translation.override(language):
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            title=_("Invoice %(number)s") % {"number": invoice.number},
            author=str(invoice.seller.get("name", "")),
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
        )
        document.build(_story(invoice, language, font))
    return buffer.getvalue()


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=22, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=font, fontSize=10, leading=13),
        "small": ParagraphStyle("small", fontName=font, fontSize=8.5, leading=11),
    }


def _text(value: Any) -> str:
    """Escape for reportlab's mini-markup: stored values are plain text."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _story(invoice: Invoice, language: str, font: str) -> list[Flowable]:
    styles = _styles(font)
    body = styles["body"]
    order = invoice.order
    seller, buyer = invoice.seller, invoice.buyer
    issued = format_day(invoice.issued_at, language=language, zone=INVOICE_ZONE)
    story: list[Flowable] = [
        Paragraph(_text(_("Invoice %(number)s") % {"number": invoice.number}), styles["title"]),
        Paragraph(_text(_("Issued: %(date)s") % {"date": issued}), body),
        Paragraph(_text(_("Order: %(number)s") % {"number": order.number}), body),
        Paragraph(_text(_status_line(invoice)), body),
        Spacer(1, 6 * mm),
    ]
    parties = [
        [Paragraph(_text(_("Seller")), body), Paragraph(_text(_("Buyer")), body)],
        [
            Paragraph("<br/>".join(_text(v) for v in _seller_lines(seller)), body),
            Paragraph("<br/>".join(_text(buyer.get(key, "")) for key in ("name", "email")), body),
        ],
    ]
    story += [_table(parties, font, header=True, widths=(87 * mm, 87 * mm)), Spacer(1, 6 * mm)]
    story += [_lines_table(invoice, language, styles, font), Spacer(1, 6 * mm)]
    bank = seller.get("bank") or {}
    if order.status == OrderStatus.PENDING and order.provider == "offline" and bank:
        story.append(Paragraph(_text(_("Pay by bank transfer")), body))
        rows = [
            (_("Beneficiary"), bank.get("beneficiary", "")),
            (_("Bank"), bank.get("bank", "")),
            (_("IBAN / account"), bank.get("iban", "")),
            (_("SWIFT / BIC"), bank.get("swift", "")),
            (_("Payment reference"), invoice.number),
        ]
        data = [[Paragraph(_text(k), body), Paragraph(_text(v), body)] for k, v in rows]
        story.append(_table(data, font, header=False, widths=(50 * mm, 124 * mm)))
    return story


def _status_line(invoice: Invoice) -> str:
    order = invoice.order
    if order.status == OrderStatus.PAID and order.paid_at is not None:
        paid = format_day(order.paid_at, zone=INVOICE_ZONE)
        return _("Paid on %(date)s.") % {"date": paid}
    if order.status == OrderStatus.PENDING:
        return _("Awaiting payment.")
    return _("Status: %(status)s.") % {"status": order.get_status_display()}


def _seller_lines(seller: dict[str, Any]) -> list[str]:
    lines = [str(seller.get("name", "")), str(seller.get("address", ""))]
    if seller.get("tax_id"):
        lines.append(_("Tax ID %(tax_id)s") % {"tax_id": seller["tax_id"]})
    return lines


def _describe(line: dict[str, Any], language: str) -> list[str]:
    name = (line.get("description_ru") if language == "ru" else None) or line["description"]
    parts = [str(name)]
    if line.get("store"):
        parts.append(_("Store: %(store)s") % {"store": line["store"]})
    months = line.get("period_months")
    if months:
        parts.append(
            ngettext("Period: %(months)d month", "Period: %(months)d months", months)
            % {"months": months}
        )
    credits = line.get("credits")
    if credits:
        parts.append(
            ngettext("%(credits)d incident credit", "%(credits)d incident credits", credits)
            % {"credits": credits}
        )
    return parts


def _lines_table(
    invoice: Invoice, language: str, styles: dict[str, ParagraphStyle], font: str
) -> Table:
    body, small = styles["body"], styles["small"]
    currency = invoice.currency
    header = [_("Description"), _("Quantity"), _("Unit price"), _("Amount")]
    data: list[list[Any]] = [[Paragraph(_text(h), body) for h in header]]
    for line in invoice.lines:
        first, *details = _describe(line, language)
        cell = [Paragraph(_text(first), body), *(Paragraph(_text(d), small) for d in details)]
        data.append(
            [
                cell,
                Paragraph(_text(line.get("quantity", 1)), body),
                Paragraph(_text(f"{currency} {line.get('unit_price', '')}"), body),
                Paragraph(_text(f"{currency} {line.get('amount', '')}"), body),
            ]
        )
    data.append(["", "", Paragraph(_text(_("Total")), body), Paragraph(_text(invoice.money), body)])
    return _table(data, font, header=True, widths=(86 * mm, 22 * mm, 33 * mm, 33 * mm))


def _table(data: list[list[Any]], font: str, *, header: bool, widths: tuple[float, ...]) -> Table:
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    style: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(style))
    return table
