"""The production check (`make check-production`, run by CI after the tests).

The Dockerfile's command (`gunicorn cms.wsgi:application --workers 2`, `cms.settings.production`) serves the
platform against a PostgreSQL cluster of its own (initdb into a temporary directory, so that it can be
stopped), Redis and static files collected as the image does, on loopback only:

1. smoke: /healthz/, /readyz/, the home page, a resource, the search and the API answer 200;
1b. hostile inputs (tests/production_check/hostile.py): issue 13's probes (NUL and control characters, 150 search
   words, an unknown search operator, JSON nested 5,000 deep on the write API) get their French 400; a resource
   published with a document of a restricted collection shows nothing of it (page, API, search); the admin login
   locks out after 10 failures from one address, or on one account from several; no ERROR logged;
2. load: 60 s of mixed reads from several threads and 5 contributions per second through the write API and
   the HTML form, from several client addresses of 127.0.0.0/8, one of them past CONTRIBUTION_RATE_LIMIT:
   no read fails, every accepted contribution is in the database, the others got the French 429;
2b. slow clients: two slowloris connections take the bare gunicorn down; then Debian's nginx with the
   repository's configuration (deploy/nginx/) in front of it: static files and PURGE answered by nginx,
   /healthz/ and a page prompt throughout while slowloris headers, a stalled body and trickling bodies are
   open, the first two cut at nginx's timeouts;
3. faults: PostgreSQL stopped (before and during a submission: French 503, nothing stored, the site answers
   again once it is back), Redis down (pages served uncached), the search engine down (publishing works,
   the search answers from the database with its French notice);
4. media on S3 (moto's server), then the store down during an upload;
5. cache flood: private redis-servers on Unix sockets (the page cache's bounded and evicting, the rate limit's
   bounded and never evicting): junk query strings on pages and the API add no page-cache key, canonical URLs
   stay hits; with the page cache's Redis full the site answers and the rate limit still counts; with the
   rate limit's Redis full a contribution is refused (French 429), not let through.

Everything it starts (the cluster, the gunicorn masters and workers) is stopped when it ends, however it
ends; it gives up after `--max-seconds`. Exit status 0 when every assertion held, 1 otherwise.
`python -m tests.production_check --help` lists the options (ports, Redis database, durations).
"""
