// CloudRPC (Google AIP-193): the code, domain and metadata are in the
// ErrorInfo element of `details`, the delay in RetryInfo, messages are
// templates whose parameters are in the metadata.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  Code,
  formatMessage,
  formatModelUnavailable,
  formatRateLimitExceeded,
  fromParts,
  GRPC_CODE_NUMBERS,
  GrpcCode,
  grpcCodeForStatus,
  isFailedPreconditionError,
  isResourceExhaustedError,
} from "@cloudrpc/errors";

const ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
const RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

function body(details: unknown[], message?: string, status?: string) {
  return JSON.stringify({ error: { code: 429, message, status, details } });
}

test("selections find the ErrorInfo and RetryInfo wherever they are", () => {
  const e = fromParts(
    429,
    {},
    body([
      { "@type": RETRY_INFO, retryDelay: "2.5s" },
      { "@type": "other", reason: "NOT_THIS" },
      {
        "@type": ERROR_INFO,
        reason: "RATE_LIMIT_EXCEEDED",
        domain: "cloudrpc.example",
        metadata: { service: "s", consumer: "projects/1", limit: 5 },
      },
    ]),
  );
  assert.ok(isResourceExhaustedError(e));
  assert.equal(e.code, Code.RateLimitExceeded);
  assert.equal(e.domain, "cloudrpc.example");
  assert.deepEqual(e.metadata, { service: "s", consumer: "projects/1" });
  assert.deepEqual(e.context, { service: "s", consumer: "projects/1" });
  assert.equal(e.retryAfterMs, 2500);
  assert.equal(e.grpc, GrpcCode.ResourceExhausted);
  assert.equal(GRPC_CODE_NUMBERS[e.grpc], 8);
});

test("Duration delays: units required, fractions of a ms rounded down", () => {
  const delay = (retryDelay: unknown) =>
    fromParts(429, {}, body([{ "@type": RETRY_INFO, retryDelay }]))
      .retryAfterMs;
  assert.equal(delay("30s"), 30_000);
  assert.equal(delay("4.35s"), 4350);
  assert.equal(delay("0.0009s"), 0);
  for (const bad of ["30", "-1s", "1.5 s", "s", 30, "1e3s"]) {
    assert.equal(delay(bad), undefined, String(bad));
  }
});

test("typed formatters and the by-code formatter agree", () => {
  const params = {
    quotaMetric: "Queries",
    quotaLimit: "Queries per minute",
    service: "storage.cloudrpc.example",
    consumer: "projects/123",
  };
  const text = formatRateLimitExceeded(params);
  assert.equal(
    text,
    "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'storage.cloudrpc.example' for consumer 'projects/123'.",
  );
  assert.equal(
    formatMessage(Code.RateLimitExceeded, {
      quota_metric: "Queries",
      quota_limit: "Queries per minute",
      service: "storage.cloudrpc.example",
      consumer: "projects/123",
    }),
    text,
  );
  assert.equal(
    formatModelUnavailable({ model: "<region>", region: "eu" }),
    "Model <region> is not available in eu.",
  );
  assert.equal(formatMessage("NO_SUCH_CODE", {}), undefined);
});

test("without a message the template is filled from the metadata", () => {
  const e = fromParts(
    404,
    {},
    body([
      {
        "@type": ERROR_INFO,
        reason: "MODEL_UNAVAILABLE",
        metadata: { model: "gemma-9" },
      },
    ]),
  );
  assert.equal(e.message, "Model gemma-9 is not available in <region>.");
});

test("a body discriminator gives the class and its gRPC code", () => {
  const e = fromParts(
    400,
    {},
    body([], "bucket not empty", "FAILED_PRECONDITION"),
  );
  assert.ok(isFailedPreconditionError(e));
  assert.equal(e.grpc, GrpcCode.FailedPrecondition);
  assert.equal(grpcCodeForStatus(504), "DEADLINE_EXCEEDED");
  assert.equal(grpcCodeForStatus(418), "UNKNOWN");
});
