# Production image: Python 3.11 slim, non-root, pinned dependencies, static files collected at build.
# Migrations are a release step (`python manage.py migrate --noinput`), not run at container start.
FROM python:3.11-slim-bookworm AS builder
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends build-essential libpq-dev libjpeg62-turbo-dev zlib1g-dev libwebp-dev \
 && rm -rf /var/lib/apt/lists/* \
 && python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt /
RUN pip install --no-cache-dir -r /requirements.txt

FROM python:3.11-slim-bookworm AS runtime
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends libpq5 libjpeg62-turbo libwebp7 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 wagtail
ENV PYTHONUNBUFFERED=1 \
    PORT=8000 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    PATH="/opt/venv/bin:$PATH"
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY --chown=wagtail:wagtail . .
USER wagtail
# collectstatic needs a key and hosts to import the production settings; they are not kept.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput --clear
EXPOSE 8000
# /healthz/ (cms/health.py) with the first allowed host, so that ALLOWED_HOSTS does not refuse the probe.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,os; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:%s/healthz/' % os.environ.get('PORT', '8000'), headers={'Host': os.environ['ALLOWED_HOSTS'].split(',')[0].strip().lstrip('.')}), timeout=4)"
CMD ["sh", "-c", "gunicorn cms.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-2}"]
