"""Links that stay alive (pages/link_checker.py): the external links of live pages are collected, checked against
real local HTTP servers answering 200, 301, 404, 500, slowly and not at all (HEAD then GET, redirects recorded, a
timeout, one request at a time per host, a bounded total time), kept per URL with the date of the first failure,
and shown to editors in « Liens à vérifier » and on the dashboard."""

import datetime
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pages import link_checker
from pages import models as m
from pages.roles import EDITORS_GROUP
from pages.tasks import check_links_task
from tests.factories import LinkPageFactory, ResourcePageFactory
from tests.factories.pages import paragraph
from tests.pages.base import SiteTreeTestCase, normalise

HOST = "127.0.0.2"  # a loopback address that is not one of the site's own hosts


class Handler(BaseHTTPRequestHandler):
    server_version = "TestServer/1.0"

    def log_message(self, *args):
        pass

    def answer(self, body):
        server = self.server
        with server.lock:
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
            server.started.append((time.monotonic(), self.command, self.path))
        try:
            path = self.path.split("?")[0]
            if path == "/slow":
                time.sleep(1.5)
            status, headers = {
                "/ok": (200, {}),
                "/slow": (200, {}),
                "/moved": (301, {"Location": "/ok"}),
                "/loop": (302, {"Location": "/loop"}),
                "/missing": (404, {}),
                "/error": (500, {}),
                "/no-head": (405 if self.command == "HEAD" else 200, {}),
            }.get(path, (404, {}))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2" if body else "0")
            self.end_headers()
            if body:
                self.wfile.write(b"ok")
        finally:
            with server.lock:
                server.in_flight -= 1

    def do_HEAD(self):
        self.answer(body=False)

    def do_GET(self):
        self.answer(body=True)


class LocalServer:
    def __enter__(self):
        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.lock = threading.Lock()
        self.server.in_flight = self.server.most_in_flight = 0
        self.server.started = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def url(self, path):
        return f"http://{HOST}:{self.server.server_address[1]}{path}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def closed_port_url():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    return f"http://{HOST}:{port}/gone"  # nothing listens there any more


class CheckTests(SiteTreeTestCase):
    def test_each_answer_is_read_as_a_visitor_would_meet_it(self):
        with LocalServer() as server:
            results = link_checker.check_links(
                [server.url(path) for path in ("/ok", "/moved", "/loop", "/missing", "/error", "/no-head", "/slow")]
                + [closed_port_url()],
                delay=0,
                timeout=0.5,
            )
            found = {url.rsplit("/", 1)[-1] if HOST in url else url: r for url, r in results.items()}
            ok_url = server.url("/ok")
        self.assertEqual((found["ok"].state, found["ok"].status_code), ("ok", 200))
        self.assertEqual(found["moved"].state, "redirige")
        self.assertEqual((found["moved"].final_url, found["moved"].redirects), (ok_url, [[301, ok_url]]))
        self.assertEqual(found["loop"].state, "casse")
        self.assertIn("Trop de redirections", found["loop"].error)
        self.assertEqual((found["missing"].state, found["missing"].error), ("casse", "Le serveur répond 404."))
        self.assertEqual((found["error"].state, found["error"].status_code), ("casse", 500))
        self.assertEqual((found["no-head"].state, found["no-head"].status_code), ("ok", 200))  # GET after HEAD
        self.assertEqual(found["slow"].state, "casse")
        self.assertIn("Délai dépassé", found["slow"].error)
        self.assertIn("Connexion impossible", found["gone"].error)

    def test_one_request_at_a_time_per_host_a_delay_apart(self):
        with LocalServer() as server:
            link_checker.check_links([server.url(f"/ok?n={n}") for n in range(4)], delay=0.3, workers=4)
            started = [when for when, method, _path in server.server.started]
            most = server.server.most_in_flight
        self.assertEqual(most, 1)
        gaps = [later - earlier for earlier, later in zip(started, started[1:], strict=False)]
        self.assertTrue(all(gap >= 0.29 for gap in gaps), gaps)

    def test_the_total_time_is_bounded(self):
        with LocalServer() as server:
            results = link_checker.check_links([server.url(f"/ok?n={n}") for n in range(20)], delay=0.2, budget=0.5)
        # No request starts after the budget, and each one after the first waits the delay: four at most.
        self.assertTrue(1 <= len(results) <= 4, len(results))


class StoredChecksTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = get_user_model().objects.create_user("camille", "camille@astrac.be", "x")
        cls.editor.groups.add(Group.objects.get(name=EDITORS_GROUP))

    def make_pages(self, server):
        self.link = LinkPageFactory(parent=self.tree.link_library, title="Gallilex", link_url=server.url("/missing"))
        self.resource = ResourcePageFactory(
            parent=self.tree.theme["autres"],
            title="Le décret commenté",
            external_url=server.url("/moved"),
            body=[paragraph(f'Voir <a href="{server.url("/missing")}">le texte</a> et <a href="/interne/">ici</a>.')],
        )
        ResourcePageFactory(
            parent=self.tree.theme["autres"], title="Brouillon", external_url=server.url("/error"), live=False
        )

    def test_links_are_collected_from_live_pages_fields_rich_text_and_bodies(self):
        with LocalServer() as server:
            self.make_pages(server)
            links = link_checker.collect_links()
            expected = {
                server.url("/missing"): sorted([self.link.pk, self.resource.pk]),
                server.url("/moved"): [self.resource.pk],
            }
        self.assertEqual(links, expected)  # the draft's link and the site's own are left out

    def test_a_check_is_stored_with_its_pages_and_the_first_failure_kept(self):
        with LocalServer() as server:
            self.make_pages(server)
            call_command("check_links", delay=0, timeout=2, stdout=io.StringIO())
            broken = m.LinkCheck.objects.get(url=server.url("/missing"))
            first = broken.first_failure_at
            self.assertEqual(
                (broken.state, sorted(broken.page_ids)), ("casse", sorted([self.link.pk, self.resource.pk]))
            )
            self.assertEqual(m.LinkCheck.objects.get(url=server.url("/moved")).state, "redirige")
            m.LinkCheck.objects.filter(pk=broken.pk).update(first_failure_at=first - datetime.timedelta(days=3))
            link_checker.run_check(delay=0, timeout=2)
            self.assertEqual(m.LinkCheck.objects.get(pk=broken.pk).first_failure_at, first - datetime.timedelta(days=3))
            # Mended, then gone from the pages.
            self.link.link_url = server.url("/ok")
            self.link.save()
            self.resource.body = []
            self.resource.save()
            link_checker.run_check(delay=0, timeout=2)
            self.assertFalse(m.LinkCheck.objects.filter(url=server.url("/missing")).exists())
            ok = m.LinkCheck.objects.get(url=server.url("/ok"))
        self.assertEqual((ok.state, ok.first_failure_at), ("ok", None))

    def test_the_command_shows_its_progress_and_a_summary(self):
        with LocalServer() as server:
            self.make_pages(server)
            out = io.StringIO()
            call_command("check_links", delay=0, timeout=2, stdout=out)
        lines = out.getvalue().splitlines()
        self.assertEqual(len([line for line in lines if line.startswith("[")]), 2)
        self.assertIn("CASSÉ", out.getvalue())
        self.assertEqual(lines[-1], "2 lien(s) externe(s) ; vérifiés : 2 — 0 ok, 1 redirigé(s), 1 cassé(s).")

    def test_the_tasks_worker_runs_the_check(self):
        with LocalServer() as server:
            self.make_pages(server)
            result = check_links_task.enqueue()  # the immediate backend of the tests runs it at once, once
        self.assertEqual(result.return_value["total"], 2)
        self.assertEqual(m.LinkCheck.objects.count(), 2)

    def test_editors_see_the_broken_and_redirected_links_with_their_pages(self):
        with LocalServer() as server:
            self.make_pages(server)
            link_checker.run_check(delay=0, timeout=2)
            missing = server.url("/missing")
        self.client.force_login(self.editor)
        response = self.client.get(reverse("link_checks_report"))
        soup = self.get_soup(response.content)
        broken = soup.find(id="broken-title").find_parent("section")
        row = [normalise(cell.get_text()) for cell in broken.select("tbody tr")[0].select("th, td")]
        self.assertEqual(row[0], missing)
        self.assertEqual(row[1], "Le serveur répond 404.")
        self.assertEqual(row[2], timezone.localdate().strftime("%-d ") + row[2].split(" ", 1)[1])
        self.assertEqual(set(row[3].split(", ")), {"Gallilex", "Le décret commenté"})
        redirected = soup.find(id="redirected-title").find_parent("section")
        self.assertIn("Redirigé vers", redirected.get_text())
        dashboard = self.get_soup(self.client.get(reverse("wagtailadmin_home")).content)
        panel = normalise(dashboard.find(id="link-checks-section").get_text(" "))
        self.assertIn("1 lien cassé et 1 lien redirigé dans les pages publiées.", panel)
