// The structured API's samples (seed 003): the full envelope with details,
// field and a request id in `meta`.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  BadRequestError,
  Code,
  fromParts,
  isRateLimitError,
  NotFoundError,
} from "@structured/errors";

test("the documented envelope, field-specific", () => {
  const body = JSON.stringify({
    success: false,
    error: {
      code: "PROMPT_TOO_LONG",
      message: "Prompt exceeds maximum length",
      details: { field: "prompt", issue: "4100 tokens, limit is 4096" },
    },
    meta: { request_id: "req_1234567890", timestamp: "2024-01-01T00:00:00Z" },
  });
  const e = fromParts(400, {}, body);
  assert.ok(e instanceof BadRequestError);
  assert.equal(e.code, Code.PromptTooLong);
  assert.equal(e.message, "Prompt exceeds maximum length");
  assert.equal(e.field, "prompt");
  assert.equal(e.context.issue, "4100 tokens, limit is 4096");
  assert.deepEqual(e.details, {
    field: "prompt",
    issue: "4100 tokens, limit is 4096",
  });
  assert.equal(e.requestId, "req_1234567890");
});

test("the request-id sample", () => {
  const body =
    '{"error":{"code":"INVALID_REQUEST","message":"The request was invalid"},"meta":{"request_id":"req_1234567890"}}';
  const e = fromParts(400, {}, body);
  assert.equal(e.code, Code.InvalidRequest);
  assert.equal(e.requestId, "req_1234567890");
  assert.equal(e.field, undefined);
  assert.deepEqual(e.context, {});
});

test("the field falls back to the definition's", () => {
  const body = '{"error":{"code":"INVALID_TEMPERATURE","message":"too hot"}}';
  const e = fromParts(400, {}, body);
  assert.equal(e.field, "temperature");
  assert.equal(e.message, "too hot");
});

test("a mistyped context field is absent, the raw details stay", () => {
  const body = '{"error":{"code":"INVALID_REQUEST","details":{"issue":42}}}';
  const e = fromParts(400, {}, body);
  assert.equal(e.context.issue, undefined);
  assert.deepEqual(e.details, { issue: 42 });
  assert.equal(e.message, "The request was invalid");
});

test("rate limits and not-found codes map to their classes", () => {
  const limited = fromParts(
    429,
    { "Retry-After": "12" },
    '{"error":{"code":"CONCURRENT_LIMIT_EXCEEDED","message":"Too many concurrent requests"}}',
  );
  assert.ok(isRateLimitError(limited));
  assert.equal(limited.retryAfterMs, 12_000);
  assert.equal(limited.retryable, true);
  const missing = fromParts(
    404,
    {},
    '{"error":{"code":"MODEL_NOT_FOUND","message":"Model not found"}}',
  );
  assert.ok(missing instanceof NotFoundError);
});
