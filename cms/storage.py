"""Where files live, whatever the backend (local directories, or S3 with cms/s3.py):

- `private_storage`: files that must never be served by a public URL (contributions' files, restricted documents):
  STORAGES["private"] when it exists (the S3 location `private/`), otherwise PRIVATE_MEDIA_ROOT, read through
  Django only;
- `document_storage`: Wagtail's documents, in the public media or in `private_storage` by their name
  (`restricted-documents/…` for a collection with a view restriction).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from cms.s3 import signed_url


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name):
        # FileSystemStorage would fall back to MEDIA_URL: a private file has no URL at all.
        raise ValueError("Private files have no URL: moderators download them through the admin.")


class PrivateStorage(LazyObject):
    """Files that must never be served by a public URL.

    STORAGES["private"] when it exists (the S3 location `private/` of cms/s3.py: private objects, signed
    short-lived URLs), otherwise a directory outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT) read through Django only.
    """

    def _setup(self):
        if PRIVATE_STORAGE_ALIAS in settings.STORAGES:
            self._wrapped = storages[PRIVATE_STORAGE_ALIAS]
        else:
            self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


PRIVATE_STORAGE_ALIAS = "private"
private_storage = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    # Tests switch storages with override_settings: the next use reads the new configuration.
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_storage._wrapped = empty


def get_private_storage():
    # A callable keeps the storage's location (which differs per settings) out of the migrations.
    return private_storage


RESTRICTED_DOCUMENTS = "restricted-documents"


def is_restricted_name(name):
    return (name or "").startswith(RESTRICTED_DOCUMENTS + "/")


class DocumentStorage(Storage):
    """Where documents' files live: the public media, or the private storage for restricted collections.

    The file's name says which: `documents/…` is in the default storage (MEDIA_ROOT, or the public S3 location
    `media/`); `restricted-documents/…` (a collection with a view restriction, e.g. person-to-person dossiers)
    is in `private_storage` (PRIVATE_MEDIA_ROOT, or the private S3 location with signed, short-lived URLs).
    Wagtail's serve view checks the collection's restriction first, then streams the file (local storage) or
    redirects to its URL (S3): a restricted document's URL is signed, never public.
    """

    def _storage(self, name):
        if is_restricted_name(name):
            return private_storage
        return default_storage

    def save(self, name, content, max_length=None):
        return self._storage(name).save(name, content, max_length=max_length)

    def _open(self, name, mode="rb"):
        return self._storage(name).open(name, mode)

    def delete(self, name):
        return self._storage(name).delete(name)

    def exists(self, name):
        return self._storage(name).exists(name)

    def size(self, name):
        return self._storage(name).size(name)

    def path(self, name):
        return self._storage(name).path(name)

    def url(self, name):
        try:
            return self._storage(name).url(name)
        except ValueError as error:
            # A local private file has no URL: Wagtail serves it through its view (after the restriction check).
            raise NotImplementedError(str(error)) from error

    def download_url(self, name, *, expire, **response_headers):
        """A signed URL at which a remote (S3) storage answers with these headers (ResponseContentDisposition…),
        for `expire` seconds; None for a local file (Wagtail's view sets the headers itself)."""
        storage = self._storage(name)
        if not hasattr(storage, "bucket"):
            return None
        return signed_url(storage, name, expire=expire, **response_headers)

    def listdir(self, path):
        return self._storage(path + "/" if path else path).listdir(path)

    def get_accessed_time(self, name):
        return self._storage(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._storage(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._storage(name).get_modified_time(name)


document_storage = DocumentStorage()


def get_document_storage():
    # A callable keeps the storages (which differ per settings) out of the migrations.
    return document_storage
