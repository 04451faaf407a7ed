from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Contenus de la Plateforme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import dates, generation_cache, page_cache
        from pages import image_metadata, roles
        from pages.api.caching import connect_signals
        from pages.contributions.views import connect_form_views
        from pages.models.media import connect_restriction_receivers

        roles.connect_receivers()
        connect_restriction_receivers()  # a collection's restriction moves its documents' files (private/public)
        connect_signals()  # publishing purges the page's API URLs from the front-end cache
        page_cache.connect_signals()  # and puts the anonymous page cache's entries out of use
        generation_cache.install()  # sites, restricted sections: read once per generation by requests
        image_metadata.connect_receivers()  # images uploaded in the admin lose their EXIF, GPS, XMP…
        connect_form_views()  # the contribution and dossier request pages route to the public forms' views
        dates.register_admin_fields()  # the admin's date fields read 20/11/2026 or 2026-11-20, refuse the rest
