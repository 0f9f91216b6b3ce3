// Runs the serving examples over loopback: serve-express.ts (Express) and
// serve-http.ts (node:http), each answered error read back with fetch and
// the package's own fromResponse.

import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";

import {
  AuthenticationError,
  Code,
  fromResponse,
  NotFoundError,
  RateLimitError,
} from "@novita/errors";

import { app } from "./serve-express.js";
import { server } from "./serve-http.js";

async function listening(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function close(s: Server): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    s.close((e) => (e ? reject(e) : resolve())),
  );
}

test("Express answers a built INVALID_API_KEY and a rate limit", async () => {
  const s = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => s.once("listening", resolve));
  const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  try {
    const url = `${base}/v3/async/txt2img`;
    const r = await fetch(url, {
      method: "POST",
      headers: { "x-request-id": "req_7" },
    });
    assert.equal(r.headers.get("content-type"), "application/json");
    const e = await fromResponse(r);
    assert.ok(e instanceof AuthenticationError);
    assert.equal(e.code, Code.InvalidApiKey);
    assert.equal(e.status, 403);
    // The first definition of the code at 403 (media) applies (rule 4).
    assert.equal(e.message, "API Key validation failed");
    assert.equal(e.requestId, "req_7");

    const limited = await fromResponse(
      await fetch(`${url}?burst=1`, {
        method: "POST",
        headers: { authorization: "Bearer k" },
      }),
    );
    assert.ok(limited instanceof RateLimitError);
    assert.equal(limited.code, Code.RateLimitExceeded);
    assert.equal(limited.retryable, true);
    assert.equal(limited.retryAfterMs, 30_000);
  } finally {
    await close(s);
  }
});

test("node:http answers a built MODEL_NOT_FOUND", async () => {
  const base = await listening(server);
  try {
    const r = await fetch(`${base}/v3/openai/models/x`, {
      headers: { "x-request-id": "req_8" },
    });
    const e = await fromResponse(r);
    assert.ok(e instanceof NotFoundError);
    assert.equal(e.code, Code.ModelNotFound);
    assert.deepEqual(
      [e.status, e.message, e.requestId],
      [404, "Model not found", "req_8"],
    );
  } finally {
    await close(server);
  }
});
