from collections.abc import Mapping

from ._errors import from_parts


def check(status: int, headers: Mapping[str, str], body: bytes) -> None:
    """What the SDK's HTTP layer does with a response: nothing for a 2xx,
    else raise the typed error."""
    if not 200 <= status < 300:
        raise from_parts(status, headers, body)
