{% import "macros.py" as m -%}
{% call m::header(notice, "Running a request with retries under the catalog's retry policies.") %}{% endcall %}

import random as _random
import time
from collections.abc import Callable
from typing import TypeVar

from ._errors import APIError

T = TypeVar("T")


def with_retries(
    request: Callable[[], T],
    *,
    sleep: Callable[[float], object] | None = None,
    random: Callable[[], float] | None = None,
    max_attempts: int | None = None,
) -> T:
    """Calls `request()` until it returns, retrying this package's errors.

    On an `APIError` that is retryable, when fewer than the policy's
    `max_attempts` attempts (the first included; `max_attempts` here
    overrides it) were made, sleeps `err.retry_delay(n)` seconds and tries
    again; otherwise the error propagates. Any other exception propagates at
    once (README, rule 13). `sleep` and `random` default to `time.sleep` and
    `random.random`; tests replace them.
    """
    attempt = 1
    while True:
        try:
            return request()
        except APIError as error:
            limit = max_attempts or error.retry_policy.max_attempts
            if not error.retryable or attempt >= limit:
                raise
            delay = error.retry_delay(attempt, random=random or _random.random)
            (sleep or time.sleep)(delay)
            attempt += 1
