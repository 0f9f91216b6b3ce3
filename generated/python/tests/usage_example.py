import json

import httpx
import requests

from novita_errors import (
    APIError,
    Attempt,
    AuthenticationError,
    async_with_retries,
    from_response,
    from_response_async,
    with_retries,
)

BASE = "https://api.novita.ai"


def list_models(api_key: str, base: str = BASE) -> object:
    def get(attempt: Attempt) -> object:  # requests
        headers = {"Authorization": f"Bearer {api_key}", **attempt.headers}
        r = requests.get(f"{base}/v3/openai/models", headers=headers, timeout=30)
        try:
            r.raise_for_status()
        except requests.HTTPError as http_error:  # any error status, typed:
            raise from_response(http_error) from None
        return r.json()

    try:  # retries 429s and 5xx as the catalog's retry policies say
        return with_retries(get)
    except AuthenticationError as err:
        raise SystemExit(f"check your API key: {err.message}") from err
    except APIError as err:
        print(f"{err.code}: {err.message} (request id {err.request_id})")
        raise


async def list_models_async(
    client: httpx.AsyncClient, api_key: str, base: str = BASE
) -> object:
    async def get(attempt: Attempt) -> object:  # httpx's AsyncClient
        headers = {"Authorization": f"Bearer {api_key}", **attempt.headers}
        url = f"{base}/v3/openai/models"
        async with client.stream("GET", url, headers=headers) as r:
            if r.is_error:  # reads the streamed body (aiohttp's too), typed:
                raise await from_response_async(r)
            return json.loads(await r.aread())

    return await async_with_retries(get)
