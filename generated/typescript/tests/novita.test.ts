// Novita's own samples: the body from its error-code guide and the codes
// whose spec entries override the class or the retry policy.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  AuthenticationError,
  Code,
  fromParts,
  GrpcCode,
  isAuthenticationError,
  isPermissionError,
  isRateLimitError,
  PermissionError,
  RateLimitError,
  UnavailableError,
} from "@novita/errors";

test("the guide's sample: 403 INVALID_API_KEY", () => {
  const body =
    '{"code":403,"reason":"INVALID_API_KEY","message":"invalid api-key"}';
  const e = fromParts(403, { "X-Request-Id": "req_42" }, body);
  assert.equal(e.code, Code.InvalidApiKey);
  assert.equal(e.message, "invalid api-key");
  assert.equal(e.requestId, "req_42");
  // Defined in media and llm, both with 403: the first domain in order wins.
  assert.equal(e.definition?.domain, "media");
  // The spec files INVALID_API_KEY under authentication, though sent as 403.
  assert.ok(e instanceof AuthenticationError);
  assert.ok(isAuthenticationError(e));
  assert.ok(!(e instanceof PermissionError));
  assert.ok(!isPermissionError(e));
  assert.equal(e.retryable, false);
  assert.equal(
    e.toString(),
    "AuthenticationError: invalid api-key (HTTP 403, code INVALID_API_KEY, request id req_42)",
  );
});

test("metadata is the details object", () => {
  const body = JSON.stringify({
    code: 400,
    reason: "INVALID_REQUEST_BODY",
    message: "bad",
    metadata: { param: "width" },
  });
  const e = fromParts(400, {}, body);
  assert.deepEqual(e.details, { param: "width" });
  assert.equal(e.code, Code.InvalidRequestBody);
});

test("SEND_CODE_TOO_FAST is a rate limit that is never retried", () => {
  const body =
    '{"code":429,"reason":"SEND_CODE_TOO_FAST","message":"slow down"}';
  const e = fromParts(429, { "retry-after": "30" }, body);
  assert.ok(e instanceof RateLimitError && isRateLimitError(e));
  assert.equal(e.retryPolicy.policy, "never");
  assert.equal(e.retryable, false);
  assert.equal(e.retryAfterMs, 30_000);
  assert.match(e.definition?.remedy ?? "", /verification code/);
});

test("503 from the gateway is retried with backoff, four attempts", () => {
  const e = fromParts(503, {}, "<html>Service Unavailable</html>");
  assert.ok(e instanceof UnavailableError);
  assert.equal(e.message, "Service unavailable");
  assert.equal(e.retryPolicy.policy, "backoff");
  assert.equal(e.retryPolicy.maxAttempts, 4);
  assert.equal(e.code, undefined);
});

test("UNKNOWN is defined in several domains; the status picks one", () => {
  const body = '{"code":500,"reason":"UNKNOWN","message":"oops"}';
  const e = fromParts(500, {}, body);
  assert.equal(e.code, Code.Unknown);
  assert.ok((e.definition?.domain ?? "").length > 0);
});

test("gRPC codes follow the HTTP status; no items, domain or sub-codes", () => {
  const limited = fromParts(
    429,
    {},
    '{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}',
  );
  assert.equal(limited.grpc, GrpcCode.ResourceExhausted);
  assert.equal(limited.definition?.grpc, "RESOURCE_EXHAUSTED");
  assert.equal(fromParts(403, {}, "").grpc, GrpcCode.PermissionDenied);
  assert.equal(fromParts(418, {}, "").grpc, GrpcCode.Unknown);
  assert.deepEqual(limited.items, []);
  assert.equal(limited.domain, undefined);
  assert.deepEqual(limited.metadata, {});
  // A numeric reason is a code too (README rule 3), one the spec does not know.
  assert.equal(fromParts(400, {}, '{"reason":4001}').code, "4001");
});
