// Runs the README's usage example (example.ts) against a stubbed fetch.

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { AuthenticationError } from "@novita/errors";

import { listModels } from "./example.js";

const realFetch = globalThis.fetch;
const realError = console.error;
afterEach(() => {
  globalThis.fetch = realFetch;
  console.error = realError;
});

test("the example returns the body of a successful response", async () => {
  globalThis.fetch = () =>
    Promise.resolve(new Response('{"data": []}', { status: 200 }));
  assert.deepEqual(await listModels("sk_test"), { data: [] });
});

test("the example throws a typed error without retrying a bad key", async () => {
  const logged: string[] = [];
  console.error = (line: string) => logged.push(line);
  let calls = 0;
  globalThis.fetch = () => {
    calls++;
    return Promise.resolve(
      new Response(
        '{"code":403,"reason":"INVALID_API_KEY","message":"invalid api-key"}',
        { status: 403, headers: { "x-request-id": "req_7" } },
      ),
    );
  };
  await assert.rejects(listModels("sk_bad"), AuthenticationError);
  assert.equal(calls, 1);
  assert.deepEqual(logged, ["check NOVITA_API_KEY (request req_7)"]);
});
