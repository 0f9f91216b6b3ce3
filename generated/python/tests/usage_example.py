import json
import urllib.error
import urllib.request

from novita_errors import (
    APIError,
    Attempt,
    AuthenticationError,
    from_response,
    with_retries,
)


def get_json(url: str, api_key: str, attempt: Attempt) -> object:
    headers = {"Authorization": f"Bearer {api_key}", **attempt.headers}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
            return json.load(r)
    except urllib.error.HTTPError as http_error:  # any error status, typed:
        raise from_response(http_error) from None


def list_models(api_key: str, base: str = "https://api.novita.ai") -> object:
    url = f"{base}/v3/openai/models"
    try:  # retries 429s and 5xx as the catalog's retry policies say
        return with_retries(lambda attempt: get_json(url, api_key, attempt))
    except AuthenticationError as err:
        raise SystemExit(f"check your API key: {err.message}") from err
    except APIError as err:
        print(f"{err.code}: {err.message} (request id {err.request_id})")
        raise
