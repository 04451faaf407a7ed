"""What search engines read in a page's schema.org JSON-LD (pages/json_ld.py): the network, each content type's
description, the breadcrumbs; never a private document or e-mail."""

import datetime

from django.utils import timezone

from pages import json_ld
from tests.factories import (
    ResourcePageFactory,
    WorkshopReportPageFactory,
)
from tests.pages.test_seo import PRIVATE_EMAIL, ROOT, SeoTestCase


class JsonLdTests(SeoTestCase):
    def test_home_describes_the_network_and_the_site(self):
        graph = self.json_ld(self.get_page(self.tree.home))
        organization = graph["Organization"]
        self.assertEqual(organization["name"], "Réseau des professionnels en Centres culturels")
        self.assertEqual(organization["alternateName"], "ASTRAC asbl")
        self.assertEqual(organization["url"], ROOT + "/")
        self.assertEqual(organization["address"]["addressLocality"], "Jamoigne")
        self.assertEqual(organization["address"]["postalCode"], "6810")
        self.assertEqual(graph["WebSite"]["inLanguage"], "fr-BE")
        self.assertEqual(
            graph["WebSite"]["potentialAction"]["target"]["urlTemplate"], ROOT + "/recherche/?q={search_term_string}"
        )
        self.assertNotIn("BreadcrumbList", graph)

    def test_rencontre_is_an_event_in_brussels_time_with_its_place(self):
        graph = self.json_ld(self.get_page(self.workshop))
        event = graph["Event"]
        self.assertEqual(event["name"], "Rencontre à Rochefort")
        self.assertEqual(event["startDate"], "2026-03-12T09:30:00+01:00")
        self.assertEqual(event["endDate"], "2026-03-12T16:00:00+01:00")
        self.assertEqual(event["url"], ROOT + self.workshop.url)
        self.assertEqual(event["description"], "Une journée d'échanges sur l'analyse partagée.")
        self.assertEqual(event["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode")
        self.assertEqual(event["eventStatus"], "https://schema.org/EventScheduled")
        self.assertEqual(
            event["location"],
            {
                "@type": "Place",
                "name": "Centre culturel de Rochefort",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "Rue Jacquet 4",
                    "postalCode": "5580",
                    "addressLocality": "Rochefort",
                    "addressCountry": "BE",
                },
            },
        )
        self.assertEqual(event["organizer"]["name"], "Réseau des professionnels en Centres culturels")
        self.assertEqual(
            event["performer"],
            [
                {
                    "@type": "Person",
                    "name": "Marie Dupont",
                    "jobTitle": "Directrice",
                    "affiliation": {"@type": "Organization", "name": "Centre culturel de Rochefort"},
                }
            ],
        )
        # Past: registration is closed, no offer.
        self.assertNotIn("offers", event)
        self.assertEqual([theme["name"] for theme in event["about"]], ["L'analyse partagée"])

    def test_upcoming_rencontre_offers_its_registration(self):
        workshop = WorkshopReportPageFactory(
            parent=self.tree.workshop_index,
            date=timezone.localdate() + datetime.timedelta(days=30),
            registration_url="https://www.astrac.be/inscription",
        )
        event = self.json_ld(self.get_page(workshop))["Event"]
        self.assertEqual(event["offers"], {"@type": "Offer", "url": "https://www.astrac.be/inscription"})

    def test_summer_rencontre_without_end_time_has_the_summer_offset_and_no_end(self):
        workshop = WorkshopReportPageFactory(
            parent=self.tree.workshop_index, date=datetime.date(2026, 7, 2), start_time=datetime.time(14, 0)
        )
        event = self.json_ld(self.get_page(workshop))["Event"]
        self.assertEqual(event["startDate"], "2026-07-02T14:00:00+02:00")
        self.assertNotIn("endDate", event)

    def test_resource_is_a_creative_work_about_its_themes_with_its_public_documents_only(self):
        graph = self.json_ld(self.get_page(self.resource))
        work = graph["CreativeWork"]
        self.assertEqual(work["name"], "Guide de l'analyse partagée")
        self.assertEqual(work["inLanguage"], "fr-BE")
        self.assertEqual(work["datePublished"], "2024-03-01")
        self.assertEqual(datetime.datetime.fromisoformat(work["dateModified"]), self.resource.last_published_at)
        self.assertEqual(work["author"], {"@type": "Organization", "name": "ASTRAC"})
        self.assertEqual([theme["name"] for theme in work["about"]], ["L'analyse partagée", "Expliquer le décret"])
        self.assertEqual(sorted(work["keywords"].split(", ")), ["participation", "territoire"])
        self.assertEqual([media["name"] for media in work["associatedMedia"]], ["Guide à télécharger"])
        media = work["associatedMedia"][0]
        self.assertEqual(media["contentUrl"], ROOT + self.public_document.url)
        self.assertEqual(media["encodingFormat"], "application/pdf")

    def test_private_document_never_appears_in_json_ld(self):
        for page in (self.resource, self.dossier):
            script = self.get_soup(self.get_page(page).content).select_one('script[type="application/ld+json"]')
            self.assertNotIn("Annexe réservée", script.string)
            self.assertNotIn(self.private_document.url, script.string)

    def test_dossier_is_a_report_by_its_centre_without_the_private_email(self):
        response = self.get_page(self.dossier)
        report = self.json_ld(response)["Report"]
        self.assertEqual(report["name"], "Dossier du Centre culturel de Dinant")
        self.assertEqual(report["author"]["name"], "Centre culturel de Dinant")
        self.assertEqual(report["author"]["address"]["addressLocality"], "Dinant")
        self.assertEqual(report["temporalCoverage"], "2024/2028")
        self.assertEqual([media["name"] for media in report["associatedMedia"]], ["Guide à télécharger"])
        self.assertNeverInHtml(response, PRIVATE_EMAIL)

    def test_person_to_person_dossier_lists_no_document(self):
        report = self.json_ld(self.get_page(self.person_to_person))["Report"]
        self.assertNotIn("associatedMedia", report)

    def test_inner_pages_have_a_breadcrumb_list(self):
        breadcrumbs = self.json_ld(self.get_page(self.resource))["BreadcrumbList"]
        self.assertEqual(
            [(item["position"], item["name"], item["item"]) for item in breadcrumbs["itemListElement"]],
            [
                (1, "Accueil", ROOT + "/"),
                (2, "Boîte à outils", ROOT + "/boite-a-outils/"),
                (3, "L'analyse partagée", ROOT + "/boite-a-outils/analyse-partagee/"),
                (4, "Guide de l'analyse partagée", ROOT + self.resource.url),
            ],
        )

    def test_a_title_with_a_closing_script_tag_cannot_escape_the_json_ld(self):
        title = 'Guide </script><script>alert("x")</script> & <!-- fin'
        resource = ResourcePageFactory(parent=self.tree.theme["autres"], title=title, slug="guide-script")
        response = self.get_page(resource)
        html = response.content.decode()
        self.assertNotIn('<script>alert("x")</script>', html)
        soup = self.get_soup(response.content)
        self.assertEqual(len(soup.select('script[type="application/ld+json"]')), 1)
        self.assertEqual(self.json_ld(response)["CreativeWork"]["name"], title)

    def test_json_ld_script_escapes_markup_characters(self):
        rendered = json_ld.json_ld_script({"name": "</script>&<!--"})
        self.assertEqual(rendered.count("</script>"), 1)
        self.assertIn("\\u003C/script\\u003E\\u0026\\u003C!--", rendered)
