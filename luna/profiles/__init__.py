"""Luna's memory of the people it talks to: birth profiles keyed by (channel, sender_id).

At action-server start, from every replica: ``upgrade_database(url)``; then
``store = ProfileStore.from_url(url)`` (connects on first use) and, in an action,
``profile = await store.get(channel, sender_id)``.
"""

from .errors import ProfileStoreError
from .migrate import head_revision, upgrade_database
from .profile import Profile
from .store import ProfileStore

__all__ = ["Profile", "ProfileStore", "ProfileStoreError", "head_revision", "upgrade_database"]
