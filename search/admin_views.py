"""The admin's « Statistiques de recherche »: top queries, zero-result queries and a daily chart.

Reads the per-day counters of `search.analytics`; nothing personal is stored or shown.
"""

import datetime

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search import analytics

PERMISSION = "platform_search.view_searchquerystat"
PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 366
TABLE_LIMIT = 20


def can_view_statistics(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


class PeriodForm(forms.Form):
    """A period of at most a year: explicit dates, or the last 7, 30 or 90 days (`jours`)."""

    jours = forms.TypedChoiceField(
        label=_("Période"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(days, f"{days} derniers jours") for days in PRESETS],
        error_messages={"invalid_choice": _("Choisissez une période de 7, 30 ou 90 jours.")},
    )
    debut = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date de début valide.")},
    )
    fin = forms.DateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date de fin valide.")},
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        today = analytics.today()
        start, end, days = data.get("debut"), data.get("fin"), data.get("jours")
        if days or not (start or end):
            end = today
            start = today - datetime.timedelta(days=(days or DEFAULT_DAYS) - 1)
        else:
            end = end or today
            start = start or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(_("Choisissez une période d'un an au plus."))
        data["debut"], data["fin"], data["jours"] = start, end, days
        return data

    def period(self):
        """(start, end) of a valid form; the last 30 days otherwise."""
        if self.is_valid():
            return self.cleaned_data["debut"], self.cleaned_data["fin"]
        end = analytics.today()
        return end - datetime.timedelta(days=DEFAULT_DAYS - 1), end


def long_date(day):
    return date_format(day, "j F Y")


def preset_links(base_url, start, end):
    """The « 7, 30, 90 derniers jours » links of a period form, the one shown marked current."""
    return [
        {
            "days": preset,
            "url": f"{base_url}?jours={preset}",
            "current": (end - start).days + 1 == preset and end == analytics.today(),
        }
        for preset in PRESETS
    ]


def _nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10ⁿ at least `value` (4 at least, so the grid has 4 steps)."""
    value = max(value, 4)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude * 4 >= value:
                return step * magnitude * 4
        magnitude *= 10


def chart(days, *, value="searches", part="zero_results", width=760, height=260):
    """Geometry of a daily chart, drawn by the template as inline SVG (no library): each day's `value` is a bar, the
    part of it counted by `part` (None: no part) drawn over it in the accent colour. Searches and the part that
    found nothing here; documents' downloads in pages/downloads_admin.py."""
    left, right, top, bottom = 44, 12, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_ceiling(max((day[value] for day in days), default=0))
    slot = plot_w / max(len(days), 1)
    bar_w = max(min(slot * 0.7, 28), 1)

    def y(count):
        return top + plot_h - count * plot_h / peak

    bars = []
    for index, day in enumerate(days):
        x = left + index * slot + (slot - bar_w) / 2
        counted = day.get(part, 0) if part else 0
        bars.append(
            {
                "x": round(x, 2),
                "width": round(bar_w, 2),
                "y": round(y(day[value]), 2),
                "height": round(top + plot_h - y(day[value]), 2),
                "part_y": round(y(counted), 2),
                "part_height": round(top + plot_h - y(counted), 2),
                "date": day["date"],
                "value": day[value],
                "part": counted,
            }
        )
    grid = [{"y": round(y(peak * step / 4), 2), "value": peak * step // 4} for step in range(5)]
    # At most ~8 date labels under the axis, always the first and the last day.
    every = max(1, round(len(days) / 7))
    ticks = [
        {"x": round(left + index * slot + slot / 2, 2), "date": day["date"]}
        for index, day in enumerate(days)
        if index % every == 0 or index == len(days) - 1
    ]
    if len(ticks) > 1 and ticks[-1]["x"] - ticks[-2]["x"] < slot * every * 0.6:
        del ticks[-2]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_h,
        "label_y": top + plot_h + 22,
        "bars": bars,
        "grid": grid,
        "ticks": ticks,
    }


class SearchStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/statistics.html"
    page_title = _("Statistiques de recherche")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_statistics(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PeriodForm(self.request.GET or None)
        start, end = form.period()
        if not form.is_bound or form.is_valid():
            # The date fields show the period shown, whichever way it was chosen.
            form = PeriodForm(initial={"debut": start, "fin": end})
        days = analytics.daily_totals(start, end)
        total = sum(day["searches"] for day in days)
        zero = sum(day["zero_results"] for day in days)
        base_url = reverse("search_statistics")
        context.update(
            {
                "form": form,
                "start": start,
                "end": end,
                "presets": preset_links(base_url, start, end),
                "days": days,
                "total_searches": total,
                "total_zero_results": zero,
                "zero_share": round(100 * zero / total) if total else 0,
                "top_queries": analytics.top_queries(start, end, TABLE_LIMIT),
                "zero_result_queries": analytics.zero_result_queries(start, end, TABLE_LIMIT),
                "other_queries": analytics.other_queries(start, end),
                "max_queries_per_day": settings.SEARCH_STATS_MAX_QUERIES_PER_DAY,
                "chart": chart(days),
                "chart_title": f"Recherches par jour du {long_date(start)} au {long_date(end)}",
                "chart_description": (
                    f"Histogramme : {total} recherche{'s' if total > 1 else ''} sur la période, dont {zero} sans "
                    "résultat. Les données détaillées sont dans le tableau qui suit."
                ),
                "search_url": reverse("search"),
            }
        )
        return context
