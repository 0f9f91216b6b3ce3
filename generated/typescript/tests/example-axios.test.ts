// Runs the README's axios example (example-axios.ts) against a loopback
// server: a 429 retried as its Retry-After says, then the body; a bad key
// typed without a retry; a refused connection left to the caller.

import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";

import axios from "axios";

import { AuthenticationError, Code, isConnectionError } from "@novita/errors";

import { listModelsWithAxios } from "./example-axios.js";

// Loopback only, whatever proxy the environment names.
process.env["NO_PROXY"] = "*";

/** Serves `responses` in turn; the request headers each one got. */
async function serve(
  responses: {
    status: number;
    headers?: Record<string, string>;
    body: string;
  }[],
): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): void }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const r = responses[seen.length - 1] ?? { status: 599, body: "" };
    res.writeHead(r.status, { ...r.headers, connection: "close" }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    seen,
    close: () => server.close(),
  };
}

test("a 429 is retried after its Retry-After, then the body is returned", async () => {
  const limited =
    '{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}';
  const api = await serve([
    { status: 429, headers: { "retry-after": "0" }, body: limited },
    {
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"data":[]}',
    },
  ]);
  try {
    assert.deepEqual(await listModelsWithAxios("sk_test", api.url), {
      data: [],
    });
    assert.equal(api.seen.length, 2);
    assert.equal(api.seen[1]?.authorization, "Bearer sk_test");
  } finally {
    api.close();
  }
});

test("a bad key is a typed error, not retried", async () => {
  const api = await serve([
    {
      status: 403,
      headers: { "x-request-id": "req_9" },
      body: '{"code":403,"reason":"INVALID_API_KEY","message":"invalid api-key"}',
    },
  ]);
  try {
    await assert.rejects(listModelsWithAxios("sk_bad", api.url), (e) => {
      assert.ok(e instanceof AuthenticationError);
      assert.equal(e.code, Code.InvalidApiKey);
      assert.equal(e.requestId, "req_9");
      return true;
    });
    assert.equal(api.seen.length, 1);
  } finally {
    api.close();
  }
});

test("a refused connection is the AxiosError, a connection error", async () => {
  const api = await serve([]);
  api.close();
  await assert.rejects(listModelsWithAxios("sk_test", api.url), (e) => {
    assert.ok(axios.isAxiosError(e) && e.response === undefined);
    assert.ok(isConnectionError(e));
    return true;
  });
});
