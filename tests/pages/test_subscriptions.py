"""Subscriptions by theme (pages/subscriptions.py, pages/subscription_views.py): double opt-in by a signed link, the
digest of what was first published (Django's mail outbox, and through the tasks worker), nothing for an empty
period, one-click unsubscribe with its headers, changes without an account, GDPR export and purge, the forms'
French errors and rate limit."""

import datetime
import html
import re
import time
from unittest import mock

from django.core import mail, signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages import subscriptions
from pages.contributions.privacy import erase_expired_personal_data, export_contributor_data
from pages.models import Frequency, Subscription
from pages.subscription_views import SubscribeForm
from pages.tasks import send_digests_task
from search.indexing import refresh_entry
from tests.factories import DossierPageFactory, LinkPageFactory, ResourcePageFactory
from tests.pages.base import SiteTreeTestCase, normalise
from tests.pages.contribution_helpers import signed_token

ADDRESS = "camille@centre-culturel.be"
URL = re.compile(r"https?://[^\s\"<>]+")


def published(page, when):
    """`page` as first published at `when` (a publication sets it), with its search entry."""
    type(page).objects.filter(pk=page.pk).update(first_published_at=when)
    page.refresh_from_db()
    refresh_entry(page)
    return page


class SubscriptionTestCase(SiteTreeTestCase):
    def form_data(self, **overrides):
        data = {
            "email": ADDRESS,
            "themes": [self.tree.theme["analyse-partagee"].pk],
            "dossiers": "on",
            "frequency": Frequency.WEEKLY,
            "form_token": signed_token(SubscribeForm),
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    def subscribe(self, **overrides):
        return self.client.post(reverse("subscribe"), self.form_data(**overrides))

    def confirmed(self, when=None):
        self.subscribe()
        subscription = Subscription.objects.get(email=ADDRESS)
        subscription.confirmed_at = subscription.covered_until = when or timezone.now()
        subscription.save()
        mail.outbox.clear()
        return subscription


class SubscribeTests(SubscriptionTestCase):
    def test_subscribing_sends_a_confirmation_link_and_nothing_else_until_it_is_followed(self):
        response = self.subscribe()
        self.assertEqual(response.status_code, 200)
        self.assertShows(response, "Plus qu'une étape : confirmez votre adresse.")
        subscription = Subscription.objects.get(email=ADDRESS)
        self.assertIsNone(subscription.confirmed_at)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual((message.to, message.subject), ([ADDRESS], "[Plateforme ASTRAC] Confirmez votre abonnement"))
        link = next(url for url in URL.findall(message.body) if "/abonnements/confirmer/" in url)
        self.assertEqual(subscriptions.send_digests(timezone.now() + datetime.timedelta(days=30)), (0, 0))

        response = self.client.get(link.split("localhost", 1)[-1])
        self.assertShows(response, "Votre abonnement est confirmé.", "L'analyse partagée, Dossiers de reconnaissance")
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.confirmed_at)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_a_known_address_gets_the_same_answer_and_its_choices_are_replaced(self):
        self.subscribe()
        response = self.subscribe(dossiers=None, workshops="on", frequency=Frequency.DAILY)
        self.assertShows(response, "Plus qu'une étape : confirmez votre adresse.")
        subscription = Subscription.objects.get(email=ADDRESS)
        self.assertEqual(
            (subscription.dossiers, subscription.workshops, subscription.frequency), (False, True, "quotidien")
        )
        self.assertEqual(len(mail.outbox), 2)

    def test_bad_inputs_get_french_errors_and_nothing_is_stored(self):
        for overrides, message in (
            ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
            (
                {"themes": [], "dossiers": None},
                "Choisissez au moins une thématique, les dossiers ou les rencontres-ateliers.",
            ),
            ({"themes": [999999]}, "Sélectionnez un choix valide."),
            ({"site_web": "https://spam.example"}, "Votre envoi n'a pas pu être accepté"),
        ):
            with self.subTest(message):
                response = self.subscribe(**overrides)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, normalise(html.unescape(response.content.decode())))
        self.assertFalse(Subscription.objects.exists())
        self.assertEqual(len(mail.outbox), 0)

    @override_settings(CONTRIBUTION_RATE_LIMIT="2/h")
    def test_the_form_is_rate_limited_like_the_other_forms(self):
        statuses = [self.subscribe(email=f"a{n}@exemple.be").status_code for n in range(3)]
        self.assertEqual(statuses, [200, 200, 429])

    def test_an_altered_or_expired_confirmation_link_is_refused_in_french(self):
        self.subscribe()
        subscription = Subscription.objects.get(email=ADDRESS)
        with mock.patch("time.time", return_value=time.time() - 8 * 24 * 3600):
            old = signing.dumps(subscription.pk, salt=subscriptions.CONFIRM_SALT)
        for token in (old, "abc", subscriptions.token_for(subscription)):  # the last: a manage link, not a confirm one
            with self.subTest(token=token[:10]):
                response = self.client.get(reverse("subscription_confirm", args=[token]))
                self.assertEqual(response.status_code, 404)
                self.assertShows(response, "Ce lien ne fonctionne plus")
        subscription.refresh_from_db()
        self.assertIsNone(subscription.confirmed_at)


class DigestTests(SubscriptionTestCase):
    def setUp(self):
        super().setUp()
        self.start = timezone.now() - datetime.timedelta(days=8)
        self.subscription = self.confirmed(self.start)
        theme = self.tree.theme
        later = self.start + datetime.timedelta(days=2)
        self.followed = published(
            ResourcePageFactory(parent=theme["analyse-partagee"], title="Grille d'entretien"), later
        )
        self.link = published(
            LinkPageFactory(
                parent=self.tree.link_library, title="Le portail des communes", themes=[theme["analyse-partagee"]]
            ),
            later,
        )
        self.dossier = published(
            DossierPageFactory(parent=self.tree.dossier_library, title="Dossier de Marchin"), later
        )
        published(ResourcePageFactory(parent=theme["autres"], title="Hors de mes thématiques"), later)
        published(
            ResourcePageFactory(parent=theme["analyse-partagee"], title="Plus ancienne"),
            self.start - datetime.timedelta(days=1),
        )
        draft = ResourcePageFactory(parent=theme["analyse-partagee"], title="Brouillon secret", live=False)
        type(draft).objects.filter(pk=draft.pk).update(first_published_at=later)
        private_theme = theme["constituer-son-dossier"]
        PageViewRestriction.objects.create(page=private_theme, restriction_type=PageViewRestriction.LOGIN)
        self.subscription.themes.add(private_theme)
        published(ResourcePageFactory(parent=private_theme, title="Réservée aux membres"), later)

    def test_the_digest_lists_what_was_first_published_and_followed_with_one_click_unsubscribe(self):
        sent, empty = subscriptions.send_digests(timezone.now())
        self.assertEqual((sent, empty), (1, 0))
        message = mail.outbox[0]
        self.assertEqual(message.subject, "[Plateforme ASTRAC] 3 nouveautés sur la Plateforme")
        for title in ("Grille d'entretien", "Le portail des communes", "Dossier de Marchin"):
            self.assertIn(title, message.body)
        for title in ("Hors de mes thématiques", "Plus ancienne", "Brouillon secret", "Réservée aux membres"):
            self.assertNotIn(title, message.body)
            self.assertNotIn(title, message.alternatives[0][0])
        unsubscribe = subscriptions.unsubscribe_url(self.subscription)
        self.assertEqual(message.extra_headers["List-Unsubscribe"], f"<{unsubscribe}>")
        self.assertEqual(message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn(unsubscribe, message.body)
        self.assertIn(subscriptions.manage_url(self.subscription), message.body)

        # The period is closed: nothing twice, and nothing for a period without news.
        self.assertEqual(subscriptions.send_digests(timezone.now() + datetime.timedelta(days=8)), (0, 1))
        self.assertEqual(len(mail.outbox), 1)

    def test_a_daily_subscriber_gets_it_a_day_later_a_weekly_one_a_week_later(self):
        Subscription.objects.filter(pk=self.subscription.pk).update(
            covered_until=timezone.now() - datetime.timedelta(hours=30), frequency=Frequency.DAILY
        )
        published(
            ResourcePageFactory(parent=self.tree.theme["analyse-partagee"], title="D'hier"),
            timezone.now() - datetime.timedelta(hours=3),
        )
        self.assertEqual(subscriptions.send_digests(timezone.now()), (1, 0))
        self.assertIn("D'hier", mail.outbox[0].body)
        Subscription.objects.filter(pk=self.subscription.pk).update(
            covered_until=timezone.now() - datetime.timedelta(days=3), frequency=Frequency.WEEKLY
        )
        self.assertEqual(subscriptions.send_digests(timezone.now()), (0, 0))  # not due yet

    def test_the_tasks_worker_sends_the_digests(self):
        result = send_digests_task.enqueue()  # the immediate backend of the tests runs it at once, once
        self.assertEqual(result.return_value, {"sent": 1, "empty": 0})
        self.assertEqual(len(mail.outbox), 1)


class ManageAndUnsubscribeTests(SubscriptionTestCase):
    def test_a_subscriber_changes_their_choices_from_the_link_without_an_account(self):
        subscription = self.confirmed()
        url = reverse("subscription_manage", args=[subscriptions.token_for(subscription)])
        response = self.client.get(url)
        self.assertShows(response, f"Abonnement de {ADDRESS}")
        response = self.client.post(url, {"workshops": "on", "frequency": Frequency.DAILY})
        self.assertShows(response, "Vos choix sont enregistrés.")
        subscription.refresh_from_db()
        self.assertEqual(
            (list(subscription.themes.all()), subscription.dossiers, subscription.workshops, subscription.frequency),
            ([], False, True, "quotidien"),
        )
        response = self.client.post(url, {"frequency": Frequency.DAILY})
        self.assertEqual(response.status_code, 400)
        self.assertShows(response, "Choisissez au moins une thématique")
        self.assertEqual(self.client.get(reverse("subscription_manage", args=["abc"])).status_code, 404)

    def test_one_click_unsubscribe_deletes_the_subscription_without_a_csrf_token(self):
        subscription = self.confirmed()
        url = reverse("subscription_unsubscribe", args=[subscriptions.token_for(subscription)])
        self.assertShows(self.client.get(url), "Me désabonner")
        self.assertTrue(Subscription.objects.filter(pk=subscription.pk).exists())  # a GET (a link preview) keeps it
        mail_client = Client(enforce_csrf_checks=True)
        response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.assertShows(response, "Votre abonnement est supprimé et votre adresse effacée.")
        self.assertFalse(Subscription.objects.filter(pk=subscription.pk).exists())
        self.assertEqual(mail_client.post(url).status_code, 200)  # twice: still fine
        self.assertEqual(self.client.get(url).status_code, 404)


class PrivacyTests(SubscriptionTestCase):
    def test_subscriptions_are_exported_and_unconfirmed_ones_purged(self):
        subscription = self.confirmed()
        data = export_contributor_data(ADDRESS.upper())
        self.assertEqual(data["subscriptions"][0]["themes"], ["L'analyse partagée"])
        self.assertTrue(data["subscriptions"][0]["dossiers"])
        self.client.post(reverse("subscribe"), self.form_data(email="jamais@exemple.be"))
        Subscription.objects.filter(email="jamais@exemple.be").update(
            created_at=timezone.now() - datetime.timedelta(days=8)
        )
        self.assertEqual(erase_expired_personal_data()["subscriptions"], 1)
        self.assertEqual(list(Subscription.objects.all()), [subscription])
