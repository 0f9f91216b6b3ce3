"""A hand-written SDK for the Novita AI API; its errors are errcat's module
vendored as ``novita_sdk._errors``, not a dependency."""

from ._client import check
from ._errors import APIError, RateLimitError

__all__ = ["APIError", "RateLimitError", "check"]
