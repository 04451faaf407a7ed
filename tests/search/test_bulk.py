"""The bulk builder (search/bulk.py) makes exactly the entries `refresh_entry` makes, page by page."""

import gc
import io
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.search.models import IndexEntry

from pages import models as m
from search import bulk, entries, indexing
from search.models import LexiconWord, SearchEntry, TrackedTerm
from tests.factories import (
    DocumentFactory,
    DossierPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree):
    """One page of each searchable type with every relation an entry reads, plus pages that have none."""
    themes = site_tree.theme
    private = Collection.get_first_root_node().add_child(name="Documents internes")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    public_doc = DocumentFactory(title="Grille d'analyse", text_content="Une grille pour l'autoévaluation partagée.")
    other_doc = DocumentFactory(title="Annexe budgétaire", text_content="Le budget du contrat-programme.")
    secret_doc = DocumentFactory(title="Notes internes", text_content="Confidentiel", collection=private)

    resource = ResourcePageFactory(
        parent=themes["analyse-partagee"],
        title="Guide de l'analyse partagée",
        secondary_themes=[themes["expliquer-le-decret"], themes["analyse-partagee"]],
        documents=[
            m.ResourcePageDocument(document=public_doc, sort_order=0),
            m.ResourcePageDocument(document=secret_doc, sort_order=1),
            m.ResourcePageDocument(document=other_doc, sort_order=2),
        ],
    )
    resource.tags.add("décret", "médiation")
    resource.save()
    downloadable = DossierPageFactory(
        parent=site_tree.dossier_library,
        access_mode=m.AccessMode.DOWNLOAD,
        status=m.DossierStatus.PENDING,
        themes=[themes["constituer-son-dossier"]],
        documents=[m.DossierPageDocument(document=other_doc), m.DossierPageDocument(document=public_doc)],
    )
    person_to_person = DossierPageFactory(
        parent=site_tree.dossier_library, listing_summary="Résumé pour les cartes.", themes=[]
    )
    link = LinkPageFactory(
        parent=site_tree.link_library, document=public_doc, link_url="", themes=[themes["autres"], themes["autres"]]
    )
    workshop = WorkshopReportPageFactory(
        parent=site_tree.workshop_index,
        themes=[themes["analyse-partagee"], themes["expliquer-le-decret"]],
        participants=[
            m.WorkshopParticipant(name="Anne Dupont", function="Animatrice", organisation="Centre culturel de Huy"),
            m.WorkshopParticipant(name="Marc Leroy", function="Directeur", organisation="ASTRAC"),
        ],
        documents=[m.WorkshopDocument(document=secret_doc)],
    )
    standard = StandardPageFactory(parent=site_tree.home, title="Le projet")
    members = StandardPageFactory(parent=site_tree.home, title="Espace membres")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    hidden = ResourcePageFactory(parent=members, title="Ressource réservée aux membres")
    draft = ResourcePageFactory(parent=themes["autres"], title="Brouillon", live=False)
    return [
        resource,
        downloadable,
        person_to_person,
        link,
        workshop,
        standard,
        members,
        hidden,
        draft,
        *themes.values(),
    ]


def snapshot():
    """Every entry by page id: its columns, themes and documents, and what the search backend stored of it."""
    entry_type = ContentType.objects.get_for_model(SearchEntry)
    stored = {
        row[0]: row[1:]
        for row in IndexEntry.objects.filter(content_type=entry_type).values_list(
            "object_id", "title", "body", "autocomplete"
        )
    }
    result = {}
    for entry in SearchEntry.objects.prefetch_related("themes", "documents"):
        columns = {name: getattr(entry, name) for name in entries.ENTRY_FIELDS if name != "primary_theme"}
        result[entry.page_id] = {
            **columns,
            "primary_theme": entry.primary_theme_id,
            "themes": sorted(theme.pk for theme in entry.themes.all()),
            "documents": sorted(doc.pk for doc in entry.documents.all()),
            "index": stored.get(str(entry.pk)),
        }
    return result


def reference(pages):
    SearchEntry.objects.all().delete()
    for page in pages:
        indexing.refresh_entry(page)
    return snapshot()


def test_bulk_entries_are_identical_to_refresh_entry(pages):
    expected = reference(pages)
    # Only live public pages of the searchable types have an entry: not the draft, not the members' pages.
    assert {p.pk for p in pages} - set(expected) == {pages[6].pk, pages[7].pk, pages[8].pk}
    resource = expected[pages[0].pk]
    assert "Notes internes" not in resource["documents_text"]
    assert resource["documents_text"].index("Grille") < resource["documents_text"].index("Annexe")
    assert expected[pages[1].pk]["documents"] and not expected[pages[2].pk]["documents"]
    assert all(entry["index"] for entry in expected.values())

    SearchEntry.objects.all().delete()
    bulk.build_entries(Page.objects.filter(pk__in=[p.pk for p in pages]), batch_size=4)
    assert snapshot() == expected


def test_bulk_builder_updates_existing_entries_and_removes_unsearchable_ones(pages):
    expected = reference(pages)
    SearchEntry.objects.update(title="Ancien titre", body="", year=1999)
    m.ResourcePage.objects.filter(pk=pages[0].pk).update(live=False)
    builder = bulk.build_entries(Page.objects.filter(pk__in=[p.pk for p in pages]))
    del expected[pages[0].pk]
    assert snapshot() == expected
    assert builder.removed == 1


def test_queries_per_batch_do_not_grow_with_the_batch(site_tree):
    parent = site_tree.theme["analyse-partagee"]
    counts = []
    for size in (2, 8):
        group = [ResourcePageFactory(parent=parent) for _ in range(size)]
        with CaptureQueriesContext(connection) as queries:
            bulk.build_entries(Page.objects.filter(pk__in=[p.pk for p in group]))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_lexicon_counts_the_entries_containing_each_word(site_tree):
    parent = site_tree.theme["autres"]
    pages = [ResourcePageFactory(parent=parent, title=f"Cartographie sensible {n}") for n in range(3)]
    LexiconWord.objects.all().delete()
    bulk.build_entries(Page.objects.filter(pk__in=[p.pk for p in pages[:2]]))
    assert LexiconWord.objects.get(word="cartographie").frequency == 2
    bulk.build_entries(Page.objects.filter(pk=pages[2].pk))
    assert LexiconWord.objects.get(word="cartographie").frequency == 3


def test_rebuild_command_rebuilds_entries_and_lexicon(pages):
    expected = reference(pages)
    SearchEntry.objects.filter(page_id=pages[1].pk).delete()
    # An unchanged entry whose row Wagtail's index lacks gets it again (the others are not rewritten).
    entry_type = ContentType.objects.get_for_model(SearchEntry)
    entry_id = str(SearchEntry.objects.get(page_id=pages[0].pk).pk)
    IndexEntry.objects.filter(content_type=entry_type, object_id=entry_id).delete()
    # Relations gone wrong while the columns are right: a theme lost, a stray document.
    SearchEntry.themes.through.objects.filter(searchentry__page_id=pages[4].pk).first().delete()
    SearchEntry.documents.through.objects.create(
        searchentry=SearchEntry.objects.get(page_id=pages[5].pk),
        platformdocument_id=expected[pages[0].pk]["documents"][0],
    )
    LexiconWord.objects.create(word="obsolete", frequency=9)
    out = io.StringIO()
    call_command("rebuild_search_entries", stdout=out, stderr=io.StringIO())
    assert snapshot() == expected
    assert not LexiconWord.objects.filter(word="obsolete").exists()
    assert LexiconWord.objects.filter(word="guide").exists()
    assert f"{len(expected)} entrées à jour" in out.getvalue()


def test_generate_content_creates_the_entries_of_its_pages(site_tree):
    call_command("generate_content", resources=3, dossiers=2, workshops=2, seed=5, stdout=io.StringIO())
    generated = Page.objects.type(m.ResourcePage, m.DossierPage, m.WorkshopReportPage).filter(live=True)
    assert set(SearchEntry.objects.values_list("page_id", flat=True)) >= set(generated.values_list("pk", flat=True))
    built = snapshot()
    expected = reference(generated)
    assert {pk: built[pk] for pk in expected} == expected


def test_bulk_reads_the_documents_of_panels_and_rich_text_like_refresh_entry(site_tree):
    private = Collection.get_first_root_node().add_child(name="Notes du conseil")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    programme = DocumentFactory(title="Programme", text_content="Les ornithorynques de la vallée du Bocq.")
    minutes = DocumentFactory(title="Procès-verbal", text_content="Une fanfare de xylophonistes.")
    secret = DocumentFactory(title="Note interne", text_content="Confidentiel", collection=private)
    blocks = [{"type": "paragraph", "value": f'<p>Lire <a linktype="document" id="{minutes.pk}">le PV</a>.</p>'}]
    pages = [
        StandardPageFactory(
            parent=site_tree.home,
            title="La saison",
            body=blocks,
            documents=[m.StandardPageDocument(document=programme), m.StandardPageDocument(document=secret)],
        ),
        ResourcePageFactory(
            parent=site_tree.theme["autres"], body=[], documents=[m.ResourcePageDocument(document=programme)]
        ),
    ]
    expected = reference(pages)
    assert [expected[page.pk]["documents"] for page in pages] == [sorted([programme.pk, minutes.pk]), [programme.pk]]
    assert "xylophonistes" in expected[pages[0].pk]["documents_text"]
    assert "Confidentiel" not in expected[pages[0].pk]["documents_text"]

    SearchEntry.objects.all().delete()
    bulk.build_entries(Page.objects.filter(pk__in=[p.pk for p in pages]))
    assert snapshot() == expected


def test_an_entry_holds_the_words_of_the_blocks_not_their_layout_choices_nor_addresses(site_tree):
    page = ResourcePageFactory(
        parent=site_tree.theme["autres"],
        title="Le bibliobus",
        body=[
            {"type": "heading", "value": {"text": "Un parcours des villages", "level": "h3"}},
            {
                "type": "video",
                "value": {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "Le film", "caption": ""},
            },
        ],
    )
    indexing.refresh_entry(page)
    body = SearchEntry.objects.get(page=page).body
    assert "Un parcours des villages" in body
    assert "Le film" in body
    assert not {"Sous-titre", "H3", "h3", "youtube", "https"} & set(body.replace("(", " ").replace(")", " ").split())


def writes_to_search_tables(queries):
    """The SQL statements among `queries` that write the search's tables (entries, their relations, Wagtail's index,
    the kept counts)."""
    tables = ("platform_search", "wagtailsearch")
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        and any(table in query["sql"] for table in tables)
        and "lexicon" not in query["sql"]  # the lexicon is recounted from the built entries, as it always was
    ]


def test_a_rebuild_that_finds_every_entry_unchanged_writes_none_and_keeps_the_kept_counts(pages):
    expected = reference(pages)
    if connection.vendor == "postgresql":
        # A word tracked by the counts (too rare to be tracked again by a recount): it stays if nothing is recounted.
        TrackedTerm.objects.create(lexeme="ornithorynque")
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("rebuild_search_entries", stdout=out, stderr=io.StringIO())
    assert writes_to_search_tables(queries.captured_queries) == []
    assert snapshot() == expected
    assert f"{len(expected)} entrées à jour, dont 0 réécrites ; 0 supprimées." in out.getvalue()
    if connection.vendor == "postgresql":
        assert TrackedTerm.objects.filter(lexeme="ornithorynque").exists()

    # One page changed: its entry alone is written, and the counts are recounted from the entries.
    m.ResourcePage.objects.filter(pk=pages[0].pk).update(title="Guide revu de l'analyse partagée")
    out = io.StringIO()
    call_command("rebuild_search_entries", stdout=out, stderr=io.StringIO())
    assert "dont 1 réécrites" in out.getvalue()
    assert SearchEntry.objects.get(page_id=pages[0].pk).title == "Guide revu de l'analyse partagée"
    if connection.vendor == "postgresql":
        assert not TrackedTerm.objects.filter(lexeme="ornithorynque").exists()


def test_a_forced_rebuild_writes_every_entry_again(pages):
    expected = reference(pages)
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("rebuild_search_entries", "--force", stdout=out, stderr=io.StringIO())
    entry_writes = [sql for sql in writes_to_search_tables(queries.captured_queries) if 'searchentry"' in sql]
    assert entry_writes, "the entries are written"
    assert f"{len(expected)} entrées à jour, dont {len(expected)} réécrites" in out.getvalue()
    assert snapshot() == expected


def test_the_builder_leaves_the_garbage_collector_as_it_found_it(site_tree):
    before = gc.get_threshold()
    page = ResourcePageFactory(parent=site_tree.theme["autres"])
    bulk.build_entries(Page.objects.filter(pk=page.pk))
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    with pytest.raises(ZeroDivisionError), bulk.fewer_collections():
        assert gc.get_threshold()[0] == 50_000
        1 / 0  # noqa: B018
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)


def lexicon():
    return set(LexiconWord.objects.values_list("word", "display", "stem", "frequency"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as the other transactional tests
@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes build entries on PostgreSQL")
def test_a_rebuild_by_two_processes_makes_the_entries_and_lexicon_of_one(pages):
    # Committed here, the documents' text is extracted from their files: what one process builds is the reference.
    call_command("rebuild_search_entries", "--jobs=1", stdout=io.StringIO(), stderr=io.StringIO())
    expected, expected_lexicon = snapshot(), lexicon()
    assert len(expected) == len(pages) - 3 and expected_lexicon  # all but the draft and the members' pages

    # Entries missing, changed or stale, a wrong lexicon: two processes, batches of three pages.
    SearchEntry.objects.filter(page_id=pages[1].pk).delete()
    SearchEntry.objects.filter(page_id=pages[0].pk).update(title="Ancien titre", year=1999)
    LexiconWord.objects.all().delete()
    # The command run as from the shell, on this test database: a process without other threads, which forks.
    out = run_command("rebuild_search_entries", "--jobs=2", "--batch-size=3")
    assert snapshot() == expected
    assert lexicon() == expected_lexicon
    assert f"{len(expected)} entrées à jour, dont 2 réécrites ; 0 supprimées, en 2 processus." in out

    out = run_command("rebuild_search_entries", "--jobs=2", "--force")
    assert snapshot() == expected
    assert lexicon() == expected_lexicon
    assert f"dont {len(expected)} réécrites ; 0 supprimées, en 2 processus." in out


def run_command(*args):
    """`manage.py <args>` in a new process, on the test database (committed data: transactional tests only)."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}"
    env = {**os.environ, "DATABASE_URL": f"{url}/{database['NAME']}", "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_worker_processes_are_not_forked_from_a_process_with_other_threads(pages):
    # (A TestCase's transaction alone already keeps the build in this process: checked with it left aside.)
    connection.in_atomic_block, in_atomic = False, connection.in_atomic_block
    try:
        assert bulk.can_use_processes() == (connection.vendor == "postgresql" and threading.active_count() == 1)
        waiting = threading.Event()
        thread = threading.Thread(target=waiting.wait)
        thread.start()
        try:
            assert not bulk.can_use_processes()
        finally:
            waiting.set()
            thread.join()
    finally:
        connection.in_atomic_block = in_atomic


def test_a_progress_bar_s_monitoring_thread_is_stopped_before_workers_are_forked():
    from tqdm import tqdm
    from tqdm._monitor import TMonitor

    def monitors():
        return [thread for thread in threading.enumerate() if isinstance(thread, TMonitor)]

    interval, tqdm.monitor_interval = tqdm.monitor_interval, 10
    try:
        with tqdm(total=1, file=io.StringIO()) as bar:
            assert monitors(), "tqdm starts its monitoring thread with a bar"
            bulk.stop_progress_monitor()
            assert not monitors()
            bar.update(1)  # the bar goes on without it
        assert bar.n == 1
    finally:
        tqdm.monitor_interval = interval
