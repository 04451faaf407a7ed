"""Moderation services, without HTTP: accepting each kind; one page per contribution."""

import io

from PIL import Image
from wagtail.models import BaseViewRestriction, Page, WorkflowPage, WorkflowState

from cms.storage import private_storage
from pages.contributions.drafts import MODERATORS_GROUP, PRIVATE_COLLECTION, PUBLIC_COLLECTION, ModerationError
from pages.models import (
    AccessMode,
    Contribution,
    ContributionKind,
    ContributionStatus,
    CulturalCentre,
    DossierPage,
    DossierStatus,
    LinkPage,
    PlatformDocument,
    Province,
    ResourcePage,
    ResourceType,
)
from tests.factories import CulturalCentreFactory
from tests.factories.contributions import ContributionFactory, ContributionFileFactory
from tests.pages.contributions.moderation_base import ModerationTestCase, in_progress_workflow
from tests.pages.upload_samples import PRIVATE_WORDS, is_red, photo_with_metadata


class AcceptResourceTests(ModerationTestCase):
    def setUp(self):
        self.contribution = ContributionFactory(
            kind=ContributionKind.RESOURCE,
            title="Canevas d'entretien avec les habitants",
            url="https://www.cc-rochefort.be/canevas",
            themes=[self.tree.theme["autres"], self.tree.theme["analyse-partagee"]],
        )
        self.files = [ContributionFileFactory(contribution=self.contribution) for _ in range(2)]
        self.private_names = [f.file.name for f in self.files]

    def test_a_resource_becomes_a_draft_resource_page_under_its_first_theme(self):
        page = self.accept(self.contribution)

        self.assertIsInstance(page, ResourcePage)
        self.assertEqual(page.get_parent().pk, self.tree.theme["analyse-partagee"].pk)
        self.assertEqual(list(page.secondary_themes.all()), [self.tree.theme["autres"]])
        self.assertFalse(page.live)
        self.assertIsNone(page.first_published_at)
        self.assertEqual(page.title, "Canevas d'entretien avec les habitants")
        self.assertEqual(page.summary, self.contribution.description)
        self.assertEqual(page.resource_type, ResourceType.OTHER)
        self.assertEqual(page.external_url, "https://www.cc-rochefort.be/canevas")
        self.assertEqual(page.owner, self.moderator)

    def test_the_draft_is_a_revision_submitted_to_the_moderation_workflow(self):
        page = self.accept(self.contribution)

        self.assertIsNotNone(page.latest_revision)
        self.assertEqual(page.latest_revision.user, self.moderator)
        state = in_progress_workflow(page)
        self.assertIsNotNone(state, "the draft must be in a workflow")
        self.assertEqual(state.requested_by, self.moderator)
        self.assertTrue(page.workflow_in_progress)
        # Modérateurs can approve the task of Wagtail's default workflow.
        task = state.current_task_state.task.specific
        self.assertIn(MODERATORS_GROUP, [group.name for group in task.groups.all()])

    def test_the_draft_is_not_reachable_by_visitors(self):
        page = self.accept(self.contribution)
        self.client.logout()
        response = self.client.get(f"/boite-a-outils/analyse-partagee/{page.slug}/")
        self.assertEqual(response.status_code, 404)

    def test_files_become_public_documents_attached_to_the_page_and_the_private_copies_are_deleted(self):
        page = self.accept(self.contribution)

        documents = [item.document for item in page.documents.order_by("sort_order")]
        self.assertEqual(len(documents), 2)
        for contribution_file, document in zip(self.files, documents, strict=True):
            contribution_file.refresh_from_db()
            self.assertEqual(contribution_file.document, document)
            self.assertEqual(document.collection.name, PUBLIC_COLLECTION)
            self.assertFalse(document.collection.get_view_restrictions().exists())
            self.assertEqual(document.file_size, contribution_file.size)
            with document.file.open("rb") as handle:
                self.assertTrue(handle.read().startswith(b"%PDF-"))
            self.assertEqual(contribution_file.file.name, "")
        for name in self.private_names:
            self.assertFalse(private_storage.exists(name), name)
        response = self.client.get(documents[0].url)
        self.assertEqual(response.status_code, 200)

    def test_a_photo_becomes_a_document_editors_can_still_edit(self):
        photo = ContributionFileFactory(
            contribution=self.contribution, original_name="affiche.png", file_type="png", content=b"\x89PNG\r\n\x1a\n"
        )
        self.accept(self.contribution)
        photo.refresh_from_db()
        self.assertTrue(photo.document.file.name.endswith(".png"))
        photo.document.full_clean()  # the admin's document form validates the extension

    def test_a_contributed_photo_is_published_upright_without_its_exif_gps_xmp_iptc_or_comment(self):
        photos = {
            name: ContributionFileFactory(
                contribution=self.contribution,
                original_name=name,
                file_type=file_type,
                content=photo_with_metadata(image_format),
            )
            for name, file_type, image_format in (("reunion.jpg", "jpeg", "JPEG"), ("affiche.png", "png", "PNG"))
        }
        self.accept(self.contribution)
        for name, photo in photos.items():
            photo.refresh_from_db()
            with photo.document.file.open("rb") as handle:
                published = handle.read()
            with self.subTest(name), Image.open(io.BytesIO(published)) as image:
                for private in PRIVATE_WORDS:
                    self.assertNotIn(private, published)
                self.assertNotIn(b"Exif\x00\x00", published)
                self.assertEqual(dict(image.getexif()), {})
                self.assertFalse({"exif", "xmp", "comment", "photoshop", "Author"} & set(image.info))
                # Stored 64 × 48 with « rotate 90° » in its EXIF: published 48 × 64, its red corner top right.
                self.assertEqual(image.size, (48, 64))
                pixels = image.convert("RGB")
                self.assertTrue(is_red(pixels.getpixel((47, 0))))
                self.assertFalse(is_red(pixels.getpixel((0, 0))))
                self.assertEqual(photo.document.file_size, len(published))

    def test_the_contribution_records_who_accepted_it_and_its_page(self):
        page = self.accept(self.contribution)
        self.contribution.refresh_from_db()

        self.assertEqual(self.contribution.status, ContributionStatus.ACCEPTED)
        self.assertEqual(self.contribution.processed_by, self.moderator)
        self.assertIsNotNone(self.contribution.processed_at)
        self.assertEqual(self.contribution.page_id, page.pk)

    def test_accepting_twice_creates_one_page(self):
        first = self.accept(self.contribution)
        stale = Contribution.objects.get(pk=self.contribution.pk)
        second = self.accept(stale)
        third = self.accept(ContributionFactory.build(pk=self.contribution.pk))

        self.assertEqual(first.pk, second.pk)
        self.assertEqual(first.pk, third.pk)
        self.assertEqual(ResourcePage.objects.filter(title=self.contribution.title).count(), 1)
        self.assertEqual(PlatformDocument.objects.filter(collection__name=PUBLIC_COLLECTION).count(), 2)
        self.assertEqual(WorkflowState.objects.filter(object_id=str(first.pk)).count(), 1)

    def test_a_long_description_is_cut_in_the_summary_and_kept_whole_in_the_body(self):
        self.contribution.description = "Une phrase sur l'analyse partagée. " * 40
        self.contribution.save()
        page = self.accept(self.contribution)

        self.assertLessEqual(len(page.summary), 600)
        self.assertEqual(page.body[0].value.source.count("analyse partagée."), 40)

    def test_a_resource_without_theme_goes_under_autres(self):
        contribution = ContributionFactory(kind=ContributionKind.RESOURCE)
        page = self.accept(contribution)
        self.assertEqual(page.get_parent().pk, self.tree.theme["autres"].pk)

    def test_without_a_workflow_on_the_tree_the_default_one_is_assigned(self):
        WorkflowPage.objects.all().delete()
        page = self.accept(self.contribution)

        state = in_progress_workflow(page)
        self.assertIsNotNone(state)
        self.assertTrue(WorkflowPage.objects.filter(page=Page.get_first_root_node()).exists())


class AcceptLinkTests(ModerationTestCase):
    def test_a_link_becomes_a_draft_link_page_in_the_library_filed_under_a_classer(self):
        contribution = ContributionFactory(
            kind=ContributionKind.LINK,
            title="Le portail des Centres culturels",
            url="https://www.centres-culturels.be/",
            themes=[self.tree.theme["expliquer-le-decret"]],
        )
        page = self.accept(contribution)

        self.assertIsInstance(page, LinkPage)
        self.assertEqual(page.get_parent().pk, self.tree.link_library.pk)
        self.assertFalse(page.live)
        self.assertEqual(page.link_url, "https://www.centres-culturels.be/")
        self.assertIsNone(page.document)
        self.assertEqual(page.category.name, "À classer")
        self.assertEqual(list(page.themes.all()), [self.tree.theme["expliquer-le-decret"]])
        self.assertIsNotNone(in_progress_workflow(page))

    def test_a_link_without_address_points_to_its_first_file(self):
        contribution = ContributionFactory(kind=ContributionKind.LINK, url="")
        first = ContributionFileFactory(contribution=contribution, original_name="guide.pdf")
        ContributionFileFactory(contribution=contribution, original_name="annexe.pdf")
        page = self.accept(contribution)

        first.refresh_from_db()
        self.assertEqual(page.link_url, "")
        self.assertEqual(page.document, first.document)
        self.assertEqual(page.document.collection.name, PUBLIC_COLLECTION)

    def test_the_a_classer_category_is_created_once(self):
        self.accept(ContributionFactory(kind=ContributionKind.LINK, url="https://example.org/a"))
        self.accept(ContributionFactory(kind=ContributionKind.LINK, url="https://example.org/b"))
        from pages.models import LinkCategory

        self.assertEqual(LinkCategory.objects.filter(name="À classer").count(), 1)

    def test_a_link_with_neither_address_nor_file_is_not_accepted_and_nothing_is_created(self):
        contribution = ContributionFactory(kind=ContributionKind.LINK, url="")
        with self.assertRaisesMessage(ModerationError, "ni adresse ni fichier"):
            self.accept(contribution)
        contribution.refresh_from_db()
        self.assertEqual(contribution.status, ContributionStatus.PENDING)
        self.assertFalse(LinkPage.objects.exists())


class AcceptDossierTests(ModerationTestCase):
    def test_a_dossier_of_a_new_centre_creates_the_centre_and_a_draft_dossier_page(self):
        contribution = ContributionFactory(
            kind=ContributionKind.DOSSIER,
            title="Dossier de reconnaissance de Chênée",
            new_centre_name="Centre culturel de Chênée",
            new_centre_commune="Chênée",
            new_centre_province=Province.LIEGE,
            dossier_status=DossierStatus.APPROVED,
            dossier_year=2022,
            access_mode=AccessMode.DOWNLOAD,
            contextualisation="Un quartier de Liège.\nUne équipe de quatre.\n\n<script>alert(1)</script> Nos choix.",
            themes=[self.tree.theme["constituer-son-dossier"]],
        )
        ContributionFileFactory(contribution=contribution)
        page = self.accept(contribution)

        self.assertIsInstance(page, DossierPage)
        self.assertEqual(page.get_parent().pk, self.tree.dossier_library.pk)
        self.assertFalse(page.live)
        centre = CulturalCentre.objects.get(name="Centre culturel de Chênée")
        self.assertEqual((centre.commune, centre.province), ("Chênée", Province.LIEGE))
        self.assertEqual(page.centre, centre)
        self.assertEqual(page.status, DossierStatus.APPROVED)
        self.assertEqual(page.submission_year, 2022)
        self.assertEqual(page.access_mode, AccessMode.DOWNLOAD)
        self.assertEqual(
            page.contextualisation,
            "<p>Un quartier de Liège.<br/>Une équipe de quatre.</p>"
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; Nos choix.</p>",
        )
        self.assertEqual(list(page.themes.all()), [self.tree.theme["constituer-son-dossier"]])
        document = page.documents.get().document
        self.assertEqual(document.collection.name, PUBLIC_COLLECTION)
        self.assertIsNotNone(in_progress_workflow(page))

    def test_a_dossier_of_an_existing_centre_is_linked_to_it(self):
        centre = CulturalCentreFactory(name="Centre culturel de Jette", commune="Jette", province=Province.BRUXELLES)
        contribution = ContributionFactory(
            kind=ContributionKind.DOSSIER, centre=centre, access_mode=AccessMode.DOWNLOAD
        )
        page = self.accept(contribution)

        self.assertEqual(page.centre, centre)
        self.assertEqual(CulturalCentre.objects.filter(name="Centre culturel de Jette").count(), 1)
        # No contextualisation given: the description stands in for it (the field is required).
        self.assertEqual(page.contextualisation, f"<p>{contribution.description}</p>".replace("'", "&#x27;"))

    def test_a_new_centre_name_matching_an_existing_centre_reuses_it(self):
        centre = CulturalCentreFactory(name="Centre culturel de Dinant", commune="Dinant", province=Province.NAMUR)
        contribution = ContributionFactory(kind=ContributionKind.DOSSIER, new_centre_name="centre culturel de dinant")
        page = self.accept(contribution)
        self.assertEqual(page.centre, centre)

    def test_person_to_person_documents_go_to_a_collection_only_moderators_can_open(self):
        contribution = ContributionFactory(
            kind=ContributionKind.DOSSIER,
            new_centre_name="Centre culturel de Marchin",
            new_centre_commune="Marchin",
            new_centre_province=Province.LIEGE,
            access_mode=AccessMode.PERSON_TO_PERSON,
        )
        ContributionFileFactory(contribution=contribution)
        page = self.accept(contribution)

        self.assertEqual(page.access_mode, AccessMode.PERSON_TO_PERSON)
        document = page.documents.get().document
        self.assertEqual(document.collection.name, PRIVATE_COLLECTION)
        restriction = document.collection.get_view_restrictions().get()
        self.assertEqual(restriction.restriction_type, BaseViewRestriction.GROUPS)
        self.assertEqual([group.name for group in restriction.groups.all()], [MODERATORS_GROUP])

        self.client.logout()
        self.assertNotEqual(self.client.get(document.url).status_code, 200)
        self.client.force_login(self.moderator)
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))


class AcceptRefusedTests(ModerationTestCase):
    def test_a_processed_contribution_cannot_be_accepted(self):
        for status in (ContributionStatus.REFUSED, ContributionStatus.SPAM):
            contribution = ContributionFactory(status=status)
            with self.assertRaisesMessage(ModerationError, "déjà été traitée"):
                self.accept(contribution)
        self.assertFalse(ResourcePage.objects.exists())
