import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

from cms.page_cache_wsgi import PageCacheApplication

# Page cache hits are answered before Django's handler (cms/page_cache_wsgi.py); everything else is Django's.
application = PageCacheApplication(get_wsgi_application())
