"""Every `{"error": ...}` example of NovaKit's errors page (seed 004).

NovaKit sends no code: the package recognises each error by its message.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import novakit_errors as api

SAMPLES: list[tuple[int, dict[str, Any], type[api.APIError], str | None]] = [
    (400, {"error": "prompt is required"}, api.BadRequestError, "PROMPT_REQUIRED"),
    (
        400,
        {"error": "input text cannot be empty"},
        api.BadRequestError,
        "INPUT_TEXT_EMPTY",
    ),
    (
        400,
        {"error": "speed must be between 0.25 and 4.0"},
        api.BadRequestError,
        "SPEED_OUT_OF_RANGE",
    ),
    (400, {"error": "Invalid operation"}, api.BadRequestError, "INVALID_OPERATION"),
    (
        400,
        {"error": "mask is required for inpainting"},
        api.BadRequestError,
        "MASK_REQUIRED",
    ),
    (401, {"error": "Invalid API key"}, api.AuthenticationError, "INVALID_API_KEY"),
    (401, {"error": "API key not found"}, api.AuthenticationError, "API_KEY_NOT_FOUND"),
    (
        401,
        {"error": "API key has been revoked"},
        api.AuthenticationError,
        "API_KEY_REVOKED",
    ),
    (
        402,
        {"error": "Credits limit exceeded"},
        api.QuotaExceededError,
        "CREDITS_LIMIT_EXCEEDED",
    ),
    (
        402,
        {"error": "Video seconds limit exceeded"},
        api.QuotaExceededError,
        "VIDEO_SECONDS_LIMIT_EXCEEDED",
    ),
    (
        402,
        {"error": "Agent run quota exceeded"},
        api.QuotaExceededError,
        "AGENT_RUN_QUOTA_EXCEEDED",
    ),
    (
        403,
        {"error": "Missing required scope: image"},
        api.APIPermissionError,
        "MISSING_SCOPE",
    ),
    (
        403,
        {"error": "Model tier not allowed"},
        api.APIPermissionError,
        "MODEL_TIER_NOT_ALLOWED",
    ),
    (
        403,
        {"error": "AI Agents are not available on your current plan"},
        api.APIPermissionError,
        "FEATURE_NOT_ON_PLAN",
    ),
    (404, {"error": "Agent not found"}, api.NotFoundError, "AGENT_NOT_FOUND"),
    (404, {"error": "Job not found"}, api.NotFoundError, "JOB_NOT_FOUND"),
    (404, {"error": "Webhook not found"}, api.NotFoundError, "WEBHOOK_NOT_FOUND"),
    (500, {"error": "Internal server error"}, api.ServerError, "INTERNAL_ERROR"),
    (500, {"error": "Generation failed"}, api.ServerError, "GENERATION_FAILED"),
    (500, {"error": "Something nobody documented"}, api.ServerError, None),
]


@pytest.mark.parametrize(("status", "body", "cls", "code"), SAMPLES)
def test_documented_examples(
    status: int, body: dict[str, Any], cls: type[api.APIError], code: str | None
) -> None:
    err = api.from_parts(status, {}, json.dumps(body).encode())
    assert type(err) is cls
    assert err.code == code
    assert err.message == body["error"]


def test_quota_context_fields() -> None:
    body = {
        "error": "Image generation limit exceeded",
        "generations_remaining": 0,
        "generations_needed": 1,
        "quota_multiplier": 1.5,
        "credits_estimated": 15,
    }
    err = api.from_parts(402, {}, json.dumps(body).encode())
    assert isinstance(err, api.QuotaExceededError)
    assert err.code is api.Code.IMAGE_GENERATION_LIMIT_EXCEEDED
    assert err.context.generations_remaining == 0
    assert err.context.generations_needed == 1
    assert err.context.quota_multiplier == 1.5
    assert err.context.credits_estimated == 15.0
    assert not err.retryable


def test_tts_and_stt_context_fields() -> None:
    tts = {
        "error": "TTS character limit exceeded",
        "chars_remaining": 0,
        "chars_needed": 500,
    }
    err = api.from_parts(402, {}, json.dumps(tts).encode())
    assert err.code is api.Code.TTS_CHARACTER_LIMIT_EXCEEDED
    assert (err.context.chars_remaining, err.context.chars_needed) == (0, 500)
    stt = {"error": "STT limit exceeded", "seconds_remaining": 0, "seconds_needed": 60}
    err = api.from_parts(402, {}, json.dumps(stt).encode())
    assert err.code is api.Code.STT_LIMIT_EXCEEDED
    assert (err.context.seconds_remaining, err.context.seconds_needed) == (0.0, 60.0)


def test_rate_limit_retry_after_30() -> None:
    body = {"error": "Rate limit exceeded. Try again in 30 seconds.", "retry_after": 30}
    err = api.from_parts(429, {}, json.dumps(body).encode())
    assert isinstance(err, api.RateLimitError)
    assert err.code is api.Code.RATE_LIMIT_EXCEEDED
    assert err.context.retry_after == 30
    assert err.retry_after == 30.0
    assert err.retryable
    assert err.retry_delay(1) == 30.0
    slept: list[float] = []
    calls: list[int] = []

    def request(attempt: api.Attempt) -> str:
        calls.append(attempt.number)
        if len(calls) < 3:
            raise err
        return "done"

    assert api.with_retries(request, sleep=slept.append) == "done"
    assert slept == [30.0, 30.0]
    assert calls == [1, 2, 3]
