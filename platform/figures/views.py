"""The figures page and its CSV download, for the buurtverbinders and the municipality."""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from figures import selectors
from figures.charts import bar_chart
from members.permissions import MemberRequest, can_view_figures, require
from tenants.connection import tenant_connection


def _shown_series(figures: selectors.Figures) -> list[selectors.Series]:
    return [
        series
        for series in selectors.SERIES
        if figures.has_exchange or series.key not in selectors.EXCHANGE_SERIES
    ]


@require_GET
@require(can_view_figures)
def figures_page(request: MemberRequest) -> HttpResponse:
    figures = selectors.monthly_figures()
    series = _shown_series(figures)
    return render(
        request,
        "figures/figures.html",
        {
            "figures": figures,
            "series": series,
            "charts": [
                bar_chart(
                    key=item.key,
                    title=item.label,
                    months=figures.months,
                    values=figures.column(item.key),
                )
                for item in series
            ],
            "table": [
                (row.month, [row.values[item.key] for item in series]) for row in figures.rows
            ],
            "totals": [figures.totals[item.key] for item in series],
        },
    )


@require_GET
@require(can_view_figures)
def figures_csv(request: MemberRequest) -> HttpResponse:
    """UTF-8 with a byte order mark and semicolons: what Dutch Excel opens correctly."""
    figures = selectors.monthly_figures()
    series = _shown_series(figures)
    slug = getattr(tenant_connection().tenant, "slug", "buurtsite")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cijfers-{slug}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    # Labels and month names in Dutch, whatever language the reader chose on the site.
    with translation.override(settings.LANGUAGE_CODE):
        writer.writerow([_("Month"), *[str(item.label) for item in series]])
        for row in figures.rows:
            writer.writerow(
                [date_format(row.month, "F Y"), *[row.values[item.key] for item in series]]
            )
        writer.writerow(
            [
                _("Total"),
                *[
                    "" if figures.totals[item.key] is None else figures.totals[item.key]
                    for item in series
                ],
            ]
        )
    return response
