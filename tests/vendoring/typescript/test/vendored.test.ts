import assert from "node:assert/strict";
import { test } from "node:test";

import { APIError, Code, RateLimitError, check } from "../src/index.js";

test("failed calls throw the vendored error types", () => {
  check(200, {}, "{}");
  const body = '{"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}';
  assert.throws(
    () => check(429, { "retry-after": "1" }, body),
    (err: unknown) =>
      err instanceof RateLimitError &&
      err.code === Code.RateLimitExceeded &&
      err.retryAfterMs === 1000,
  );
  assert.throws(() => check(502, {}, "<html>bad gateway</html>"), APIError);
});
