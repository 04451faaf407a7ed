"""Search statistics: per-day counters without personal data, and the admin's « Statistiques de recherche »."""

import datetime
from unittest import mock

from django.contrib.auth.models import Group, Permission
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from search import analytics
from search.analytics import (
    OTHER_QUERIES,
    daily_totals,
    normalise_query,
    other_queries,
    record_search,
    top_queries,
    zero_result_queries,
)
from search.models import SearchQueryStat

STATS_URL = "/admin/statistiques-recherche/"
DAY = datetime.date(2025, 3, 10)


def stat(query, date, searches, zero_results=0):
    return SearchQueryStat.objects.create(query=query, date=date, searches=searches, zero_results=zero_results)


class RecordSearchTests(TestCase):
    def test_the_model_stores_a_query_a_day_and_two_counters_nothing_else(self):
        fields = {field.name for field in SearchQueryStat._meta.get_fields()}
        self.assertEqual(fields, {"id", "query", "date", "searches", "zero_results"})

    def test_queries_are_normalised(self):
        self.assertEqual(normalise_query("  Décret   DU\t21 "), "décret du 21")
        self.assertEqual(normalise_query("carto\x00graphie\x1b"), "cartographie")
        self.assertEqual(len(normalise_query("m" * 300)), 200)
        self.assertFalse(normalise_query("mot " * 100).endswith(" "))
        self.assertEqual(normalise_query(" \x00 "), "")

    def test_one_row_per_query_per_day_with_counts(self):
        with mock.patch.object(analytics, "today", return_value=DAY):
            record_search("Décret", 12)
            record_search("  décret ", 12)
            record_search("DÉCRET", 0)
            record_search("analyse", 3)
        with mock.patch.object(analytics, "today", return_value=DAY + datetime.timedelta(days=1)):
            record_search("décret", 4)
        rows = SearchQueryStat.objects.order_by("date", "query").values_list(
            "query", "date", "searches", "zero_results"
        )
        self.assertEqual(
            list(rows),
            [
                ("analyse", DAY, 1, 0),
                ("décret", DAY, 3, 1),
                ("décret", DAY + datetime.timedelta(days=1), 1, 0),
            ],
        )

    def test_zero_result_searches_are_counted(self):
        for _ in range(3):
            record_search("zxqwv", 0)
        record_search("zxqwv", 1)
        row = SearchQueryStat.objects.get()
        self.assertEqual((row.searches, row.zero_results), (4, 3))

    def test_empty_queries_are_not_recorded(self):
        for query in ("", "   ", "\x00", None):
            record_search(query, 0)
        self.assertFalse(SearchQueryStat.objects.exists())

    def test_a_row_created_meanwhile_by_another_request_is_counted_into(self):
        """The race: another request inserts today's row between our update and our insert."""
        real_update = SearchQueryStat.objects.none().update.__func__

        def update_after_a_concurrent_insert(queryset, **kwargs):
            if not SearchQueryStat.objects.exists():
                stat("décret", analytics.today(), 1)
                return 0  # our update ran before the other request's insert
            return real_update(queryset, **kwargs)

        with mock.patch("django.db.models.query.QuerySet.update", update_after_a_concurrent_insert):
            record_search("décret", 5)
        row = SearchQueryStat.objects.get()
        self.assertEqual((row.query, row.searches), ("décret", 2))

    @override_settings(SEARCH_STATS_MAX_QUERIES_PER_DAY=3)
    def test_past_the_days_cap_new_queries_are_counted_together(self):
        with mock.patch.object(analytics, "today", return_value=DAY):
            for query in ("décret", "analyse", "budget", "quatrième", "cinquième", "cinquième"):
                record_search(query, 0 if query == "cinquième" else 2)
            record_search("Décret", 5)  # a query of its own keeps being counted in its row
        with mock.patch.object(analytics, "today", return_value=DAY + datetime.timedelta(days=1)):
            record_search("quatrième", 1)  # a new day, a new allowance
        rows = SearchQueryStat.objects.order_by("date", "query").values_list(
            "query", "date", "searches", "zero_results"
        )
        self.assertEqual(
            list(rows),
            [
                ("(Autres recherches)", DAY, 3, 2),
                ("analyse", DAY, 1, 0),
                ("budget", DAY, 1, 0),
                ("décret", DAY, 2, 0),
                ("quatrième", DAY + datetime.timedelta(days=1), 1, 0),
            ],
        )

    @override_settings(SEARCH_STATS_MAX_QUERIES_PER_DAY=20)
    def test_a_flood_of_unique_queries_adds_one_row_past_the_cap(self):
        with mock.patch.object(analytics, "today", return_value=DAY):
            for n in range(500):
                record_search(f"requête unique {n}", 0)
        self.assertEqual(SearchQueryStat.objects.count(), 21)
        self.assertEqual(SearchQueryStat.objects.get(query=OTHER_QUERIES).searches, 480)
        self.assertEqual(daily_totals(DAY, DAY), [{"date": DAY, "searches": 500, "zero_results": 500}])

    @override_settings(SEARCH_STATS_MAX_QUERIES_PER_DAY=1)
    def test_no_visitor_can_search_into_the_other_searches_row(self):
        with mock.patch.object(analytics, "today", return_value=DAY):
            record_search("(Autres recherches)", 1)
        self.assertEqual(list(SearchQueryStat.objects.values_list("query", flat=True)), ["(autres recherches)"])

    def test_the_day_is_brusselss(self):
        # 23:30 UTC on 9 March is 00:30 on 10 March in Brussels.
        late = datetime.datetime(2025, 3, 9, 23, 30, tzinfo=datetime.UTC)
        with mock.patch("django.utils.timezone.now", return_value=late):
            record_search("décret", 1)
        self.assertEqual(SearchQueryStat.objects.get().date, DAY)


class ReportsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        stat("décret", DAY, 5)
        stat("décret", DAY - datetime.timedelta(days=1), 4, 1)
        stat("analyse partagée", DAY, 6)
        stat("subvention fwb", DAY, 3, 3)
        stat("formulaire", DAY - datetime.timedelta(days=2), 2, 2)
        stat("hors période", DAY - datetime.timedelta(days=30), 50, 50)

    def test_top_queries_sum_the_days_of_the_period(self):
        start = DAY - datetime.timedelta(days=6)
        self.assertEqual(
            top_queries(start, DAY, 10),
            [
                {"query": "décret", "searches": 9, "zero_results": 1},
                {"query": "analyse partagée", "searches": 6, "zero_results": 0},
                {"query": "subvention fwb", "searches": 3, "zero_results": 3},
                {"query": "formulaire", "searches": 2, "zero_results": 2},
            ],
        )
        self.assertEqual([row["query"] for row in top_queries(start, DAY, 2)], ["décret", "analyse partagée"])
        self.assertEqual([row["query"] for row in top_queries(DAY, DAY, 10)][0], "analyse partagée")

    def test_zero_result_queries(self):
        start = DAY - datetime.timedelta(days=6)
        self.assertEqual(
            zero_result_queries(start, DAY, 10),
            [
                {"query": "subvention fwb", "zero_results": 3, "searches": 3},
                {"query": "formulaire", "zero_results": 2, "searches": 2},
                {"query": "décret", "zero_results": 1, "searches": 9},
            ],
        )

    def test_searches_past_the_cap_are_in_the_totals_not_in_the_tables(self):
        stat(OTHER_QUERIES, DAY, 40, 25)
        stat(OTHER_QUERIES, DAY - datetime.timedelta(days=1), 10, 5)
        start = DAY - datetime.timedelta(days=6)
        self.assertNotIn(OTHER_QUERIES, [row["query"] for row in top_queries(start, DAY, 10)])
        self.assertNotIn(OTHER_QUERIES, [row["query"] for row in zero_result_queries(start, DAY, 10)])
        self.assertEqual(other_queries(start, DAY), {"searches": 50, "zero_results": 30})
        self.assertEqual(other_queries(DAY, DAY), {"searches": 40, "zero_results": 25})
        self.assertEqual(daily_totals(DAY, DAY)[0]["searches"], 14 + 40)

    def test_daily_totals_cover_every_day_of_the_period(self):
        days = daily_totals(DAY - datetime.timedelta(days=3), DAY)
        self.assertEqual(
            [(d["date"].day, d["searches"], d["zero_results"]) for d in days],
            [(7, 0, 0), (8, 2, 2), (9, 4, 1), (10, 14, 3)],
        )


class StatisticsAdminTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        today = analytics.today()
        stat("décret", today, 7)
        stat("analyse partagée", today - datetime.timedelta(days=2), 4)
        stat("subvention fwb", today - datetime.timedelta(days=1), 3, 3)
        stat("très ancien", today - datetime.timedelta(days=200), 99, 99)
        cls.superuser = cls.create_superuser("admin", email="admin@astrac.be", password="x")
        cls.editor = cls.create_user("redaction", email="redaction@astrac.be", password="x")
        # An editor: admin access, no right on the statistics.
        cls.editor.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )

    def get(self, user=None, **params):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(STATS_URL, params)

    def test_superuser_sees_tables_and_chart(self):
        response = self.get(self.superuser)
        self.assertEqual(response.status_code, 200)
        soup = self.get_soup(response.content)
        self.assertIn("Statistiques de recherche", soup.title.get_text())
        top = soup.find(id="top-title").find_parent("section").select("tbody tr")
        self.assertEqual(
            [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in top],
            [["décret", "7", "0"], ["analyse partagée", "4", "0"], ["subvention fwb", "3", "3"]],
        )
        zero = soup.find(id="zero-title").find_parent("section").select("tbody tr")
        self.assertEqual([[c.get_text(strip=True) for c in row.find_all(["th", "td"])] for row in zero], [
            ["subvention fwb", "3", "3"]
        ])  # fmt: skip
        self.assertNotContains(response, "très ancien")
        svg = soup.select_one("svg[role=img]")
        self.assertIsNotNone(svg.find("title"))
        self.assertIsNotNone(svg.find("desc"))
        self.assertEqual(len(svg.select("rect.chart__searches")), 3)
        self.assertEqual(len(svg.select("rect.chart__zero")), 1)
        # No decimal comma in the SVG geometry, whatever the locale.
        self.assertNotIn(",", svg.select_one("rect.chart__searches")["x"])
        data_rows = soup.select(".search-stats__data tbody tr")
        self.assertEqual(len(data_rows), 30)
        self.assertContains(response, "14 recherches")
        self.assertNotContains(response, "cdn.")

    def test_searches_past_the_cap_are_explained_under_the_tables(self):
        self.assertNotContains(self.get(self.superuser), "ne figurent pas dans ces tableaux")
        stat(OTHER_QUERIES, analytics.today(), 1234, 56)
        response = self.get()
        soup = self.get_soup(response.content)
        for section in ("top-title", "zero-title"):
            self.assertNotIn("Autres recherches", soup.find(id=section).find_parent("section").get_text())
        self.assertIn(
            "1 234 recherches (dont 56 sans résultat) ne figurent pas dans ces tableaux : au-delà de 2 000 "
            "recherches différentes en un jour, les nouvelles sont comptées ensemble, sans leur texte. Elles sont "
            "comprises dans les totaux et le graphique.",
            normalise_text(soup),
        )
        self.assertContains(response, "1248 recherches")  # 7 + 4 + 3 + 1234 in the last 30 days

    def test_presets_choose_the_period(self):
        response = self.get(self.superuser, jours="7")
        soup = self.get_soup(response.content)
        self.assertEqual(len(soup.select(".search-stats__data tbody tr")), 7)
        self.assertEqual(normalise_text(soup.select_one(".search-stats__presets [aria-current]")), "7 derniers jours")
        response = self.get(jours="90")
        self.assertEqual(len(self.get_soup(response.content).select(".search-stats__data tbody tr")), 90)

    def test_explicit_dates(self):
        today = analytics.today()
        start = today - datetime.timedelta(days=1)
        response = self.get(self.superuser, debut=start.isoformat(), fin=today.isoformat())
        soup = self.get_soup(response.content)
        self.assertEqual(len(soup.select(".search-stats__data tbody tr")), 2)
        self.assertContains(response, "10 recherches")
        self.assertNotContains(response, "analyse partagée")

    def test_bad_periods_give_a_french_error(self):
        self.client.force_login(self.superuser)
        cases = [
            ({"debut": "2025-02-30"}, "Saisissez une date de début valide."),
            ({"fin": "demain"}, "Saisissez une date de fin valide."),
            ({"debut": "2025-03-10", "fin": "2025-03-01"}, "La date de début doit précéder la date de fin."),
            ({"debut": "2020-01-01", "fin": "2025-01-01"}, "Choisissez une période d'un an au plus."),
            ({"jours": "12"}, "Choisissez une période de 7, 30 ou 90 jours."),
            ({"debut": "0000-00-00"}, "Saisissez une date de début valide."),
        ]
        for params, message in cases:
            with self.subTest(params=params):
                response = self.get(**params)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, normalise_text(self.get_soup(response.content)))
                # The last 30 days are shown meanwhile.
                self.assertEqual(len(self.get_soup(response.content).select(".search-stats__data tbody tr")), 30)

    def test_anonymous_visitors_are_sent_to_the_login(self):
        response = self.client.get(STATS_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_editors_without_the_permission_are_refused(self):
        response = self.get(self.editor)
        self.assertIn(response.status_code, (302, 403))
        self.assertNotContains(response, "subvention fwb", status_code=response.status_code)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), "Statistiques de recherche")

    def test_editors_with_the_permission_see_the_statistics(self):
        self.editor.user_permissions.add(
            Permission.objects.get(content_type__app_label="platform_search", codename="view_searchquerystat")
        )
        response = self.get(self.editor)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "subvention fwb")

    def test_menu_items_in_french(self):
        self.client.force_login(self.superuser)
        home = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn("Statistiques de recherche", home)
        self.assertIn("Promotions de recherche", home)
        self.assertIn(STATS_URL, home)

    def test_search_promotions_admin_is_usable(self):
        self.client.force_login(self.superuser)
        self.assertEqual(self.client.get(reverse("wagtailsearchpromotions:index")).status_code, 200)
        self.assertEqual(self.client.get(reverse("wagtailsearchpromotions:add")).status_code, 200)

    def test_the_permission_can_be_given_to_a_group(self):
        self.client.force_login(self.superuser)
        group = Group.objects.create(name="Communication")
        response = self.client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
        permission = Permission.objects.get(content_type__app_label="platform_search", codename="view_searchquerystat")
        self.assertContains(response, f'value="{permission.pk}"')


def normalise_text(element):
    return " ".join(element.get_text().split())
