"""The API v2 endpoints of the platform: Wagtail's own viewsets, subclassed narrowly.

- pages: anonymous visitors' view of the tree (live, public pages only, Wagtail's rule), the filters of
  `pages.api.filters`, querysets prefetched per page type so that the number of queries of a list
  does not depend on its length, StreamField bodies in the detail view only.
- images, documents: public collections only.
Every answer carries caching headers (`pages.api.caching`) and errors are French JSON (`pages.api.errors`).
`?search=` is checked first (`pages.api.filters.ValidatedSearchFilter`); when the search engine fails, the
database answers and the listing's `meta.notice` says so (search/fallback.py).
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from rest_framework.fields import CharField
from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    LocaleFilter,
    OrderingFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import PageParentField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageDownloadUrlField, ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from pages import models as m
from pages import renditions
from pages.listings import attach_primary_themes
from search import fallback

from . import representations
from .caching import CachingMixin
from .errors import FrenchErrorsMixin
from .fields import FocalPointField, ImageField, PrefetchedTagsField, RenditionsField
from .filters import FILTER_PARAMETERS, PageFiltersBackend, SafeFieldsFilter, ValidatedSearchFilter
from .public import public_pages_queryset
from .shapes import string

MAX_OFFSET = 100_000


def optimise(queryset):
    """`queryset` with the joins and prefetches its model's API fields need."""
    model = queryset.model
    queryset = queryset.select_related("locale")
    if issubclass(model, m.AbstractContentPage):
        # The listing image joined, its renditions in one query.
        queryset = queryset.select_related("listing_image").prefetch_related(
            renditions.prefetch_through(
                "listing_image", *renditions.LISTING_IMAGE_USES, extra=[representations.CARD_SPEC]
            )
        )
        # What the type's api_fields read, fetched with the page list (not once per page).
        if model.api_select_related:
            queryset = queryset.select_related(*model.api_select_related)
        queryset = queryset.prefetch_related(*model.api_prefetches())
    return queryset


class Pagination(WagtailPagination):
    """Wagtail's limit/offset pagination; an offset past any real list is refused (a 400, not a database error)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class IdentifiedItemsMixin:
    """Every item keeps its `id` and `meta.type` whatever `fields` asks (`fields=_,title`, `fields=-id`): a front end
    and a generated client key items by them, and the schema requires them."""

    ALWAYS = ("id", "type")

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        available = {*cls.get_body_fields_names(model), *cls.get_meta_fields_names(model)}
        always = [name for name in cls.ALWAYS if name in available]
        config = [(name, negated, sub) for name, negated, sub in fields_config if not (negated and name in always)]
        if config and config[0][0] == "_":
            config[1:1] = [(name, False, None) for name in always]
        return super()._get_serializer_class(router, model, config, show_details=show_details, nested=nested)


class FallbackNoticeMixin:
    """A listing searched while the search engine failed (the database answered) says so in `meta.notice`."""

    def listing_view(self, request):
        with fallback.watch() as outage:
            response = super().listing_view(request)
        if outage.happened and isinstance(getattr(response, "data", None), dict) and "meta" in response.data:
            response.data["meta"]["notice"] = str(fallback.NOTICE)
        return response


class VisibleParentField(PageParentField):
    """A page's parent when the request may read it, else null (Wagtail's rule), in one query instead of two."""

    def get_attribute(self, instance):
        if instance.depth <= 1:
            return None
        return self.context["base_queryset"].filter(path=instance.path[: -instance.steplen]).first()


class PageWithVisibleParentSerializer(PageSerializer):
    parent = VisibleParentField(read_only=True)


class PagesEndpoint(CachingMixin, FrenchErrorsMixin, FallbackNoticeMixin, IdentifiedItemsMixin, PagesAPIViewSet):
    base_serializer_class = PageWithVisibleParentSerializer
    pagination_class = Pagination
    filter_backends = [
        PageFiltersBackend,
        SafeFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        ValidatedSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(FILTER_PARAMETERS)
    declared_by_filters = FILTER_PARAMETERS  # PageFiltersBackend declares them to the page cache
    # Stream bodies may hold many images and documents: read one page at a time.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "body"]

    def get_base_queryset(self):
        """The pages this request may read, built once (Wagtail builds them four times per request)."""
        if not hasattr(self, "_base_queryset"):
            try:
                self._base_queryset = public_pages_queryset(self.request)
            except ValueError as error:
                raise BadRequestError(str(error)) from error
        return self._base_queryset.all()

    def get_queryset(self):
        return optimise(super().get_queryset())

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and queryset.model is m.ResourcePage:
            page = attach_primary_themes(page)
        return page

    def get_object(self):
        """The page of the detail URL, specific and optimised: its type from the pages this request may read, then the
        page itself with its joins (Wagtail reads the base page, then the specific one, before our optimised one)."""
        if not hasattr(self, "_optimised_object"):
            pages = self.filter_queryset(self.get_queryset()).prefetch_related(None)
            found = pages.filter(pk=self.kwargs["pk"]).values_list("content_type_id", flat=True).first()
            model = ContentType.objects.get_for_id(found).model_class() if found else None
            if model is None:
                raise Http404("not found")
            page = optimise(model.objects.filter(pk=self.kwargs["pk"])).get()
            self.check_object_permissions(self.request, page)
            self._optimised_object = page
        return self._optimised_object


def _with_prefetched_tags(meta_fields):
    return [APIField("tags", serializer=PrefetchedTagsField()) if name == "tags" else name for name in meta_fields]


class AbsoluteImageDownloadUrlField(ImageDownloadUrlField):
    """The original file's URL, absolute as every URL of the API (Wagtail gives the storage's, relative)."""

    def to_representation(self, image):
        return get_full_url(self.context["request"], super().to_representation(image))

    def openapi_schema(self):
        return string(format="uri", description="Adresse absolue de l'image originale.")


class ImageWithAbsoluteUrlSerializer(ImageSerializer):
    download_url = AbsoluteImageDownloadUrlField(read_only=True)


class ImagesEndpoint(CachingMixin, FrenchErrorsMixin, FallbackNoticeMixin, IdentifiedItemsMixin, ImagesAPIViewSet):
    base_serializer_class = ImageWithAbsoluteUrlSerializer
    pagination_class = Pagination
    filter_backends = [SafeFieldsFilter, OrderingFilter, ValidatedSearchFilter]
    meta_fields = _with_prefetched_tags(ImagesAPIViewSet.meta_fields)
    body_fields = [
        *ImagesAPIViewSet.body_fields,
        "description",
        APIField("alt", serializer=CharField(source="default_alt_text")),
        APIField("rendition", serializer=ImageField(representations.LARGE_SPEC, uses=(), source="*")),
        APIField("focal_point", serializer=FocalPointField()),
        APIField("renditions", serializer=RenditionsField()),
    ]

    def get_queryset(self):
        queryset = super().get_queryset().prefetch_related("tags")
        return renditions.prefetch(queryset, *renditions.ALL_USES, extra=[representations.LARGE_SPEC])


class DocumentsEndpoint(
    CachingMixin, FrenchErrorsMixin, FallbackNoticeMixin, IdentifiedItemsMixin, DocumentsAPIViewSet
):
    pagination_class = Pagination
    filter_backends = [SafeFieldsFilter, OrderingFilter, ValidatedSearchFilter]
    meta_fields = _with_prefetched_tags(DocumentsAPIViewSet.meta_fields)

    def get_queryset(self):
        # Anonymous rule whatever the session: a document in a restricted collection is never listed.
        return self.model.objects.public().prefetch_related("tags").order_by("id")
