"""Where complaint photos live: outside MEDIA_ROOT, with no public URL.

Photos show people's homes and faces; ``complaints.views.photo`` serves them after a permission
check. Operators who move media to S3 point ``COMPLAINTS_PRIVATE_ROOT`` at a private volume (or
replace this storage with a private bucket) rather than the public media storage.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no URL at all: asking for one is a bug (use ``ComplaintPhoto.url``)."""

    def url(self, name):
        raise ValueError("Complaint photos have no public URL; use ComplaintPhoto.url")


class PrivatePhotoStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(
            location=settings.COMPLAINTS_PRIVATE_ROOT, base_url=None, file_permissions_mode=0o640
        )


private_storage = PrivatePhotoStorage()


def private_photo_storage() -> PrivatePhotoStorage:
    """A callable, so migrations do not record the folder of the machine that made them."""
    return private_storage
