// Hub API (GitHub's model): no top-level code, a list of items per 422, one
// code at 403 and 429, and rate limits told by headers.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  Code,
  fromParts,
  isKnownCode,
  isRateLimitError,
  isValidationError,
  type ErrorItem,
} from "@hubapi/errors";

test("items are a typed list; the first item's code is the code", () => {
  const body = JSON.stringify({
    message: "Validation Failed",
    errors: [
      { resource: "Label", code: "already_exists", field: "name" },
      "not an object",
      { resource: "Label", code: "custom", field: "color", message: "bad" },
    ],
  });
  const e = fromParts(422, {}, body);
  assert.ok(isValidationError(e));
  assert.equal(e.code, Code.AlreadyExists);
  assert.equal(e.message, "Validation Failed");
  const expected: ErrorItem[] = [
    {
      code: Code.AlreadyExists,
      message: undefined,
      field: "name",
      location: undefined,
    },
    { code: Code.Custom, message: "bad", field: "color", location: undefined },
  ];
  assert.deepEqual(e.items, expected);
  assert.ok(e.items.every((i) => i.code !== undefined && isKnownCode(i.code)));
});

test("no items: an empty list", () => {
  assert.deepEqual(fromParts(404, {}, '{"message":"Not Found"}').items, []);
  assert.deepEqual(fromParts(422, {}, '{"errors":{"code":"x"}}').items, []);
});

test("one code at two statuses has a definition at each", () => {
  const message = '{"message":"API rate limit exceeded for 1.2.3.4."}';
  const at403 = fromParts(403, {}, message);
  const at429 = fromParts(429, {}, message);
  for (const e of [at403, at429]) {
    assert.ok(isRateLimitError(e));
    assert.equal(e.code, Code.PrimaryRateLimit);
    assert.equal(e.grpc, "RESOURCE_EXHAUSTED");
  }
  assert.equal(at403.definition?.status, 403);
  assert.equal(at429.definition?.status, 429);
});

test("x-ratelimit-remaining 0 on a 403 is a rate limit; the reset header is the delay", () => {
  const now = 1_700_000_000_000;
  const headers = {
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset": "1700000042",
  };
  const e = fromParts(403, headers, '{"message":"whatever"}', {
    now: () => now,
  });
  assert.ok(isRateLimitError(e));
  assert.equal(e.retryAfterMs, 42_000);
  assert.equal(e.retryable, true);
  const other = fromParts(403, { "x-ratelimit-remaining": "1" }, "{}");
  assert.equal(other.errorClass, "forbidden");
  // Past resets are no wait; a longer one than the class honours is
  // reported as asked, and the retry helper gives up on it at once.
  const past = fromParts(403, { ...headers, "X-RateLimit-Reset": "1" }, "{}", {
    now: () => now,
  });
  assert.equal(past.retryAfterMs, 0);
  const far = fromParts(429, { "x-ratelimit-reset": "1800000000" }, "{}", {
    now: () => now,
  });
  assert.equal(far.retryAfterMs, 100_000_000_000);
  assert.equal(far.retryDelay(1), undefined);
  assert.equal(far.rateLimit?.resetMs, 100_000_000_000);
});
