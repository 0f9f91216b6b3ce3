// The shared conformance vectors (tests/vectors/<api>.json, README "Runtime
// semantics"): every vector and every retry scenario, once in process through
// `fromParts` and once over real HTTP (a node:http server on 127.0.0.1, read
// with global fetch and `fromResponse`). The suite sets ERRCAT_SPEC (the spec
// dir) and ERRCAT_VECTORS (the vectors dir); the file whose `spec` is
// ERRCAT_SPEC is the one checked.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import * as pkg from "errcat-under-test";

interface Expect {
  class: string | null;
  code: string | null;
  known_code: boolean;
  message: string;
  request_id: string | null;
  field: string | null;
  retryable: boolean;
  retry_after_ms: number | null;
  context: Record<string, unknown>;
  // Optional, checked when present (README rules 15-18).
  items?: ExpectItem[];
  subcodes?: Record<string, { value: string; known: boolean }>;
  domain?: string | null;
  metadata?: Record<string, string>;
  grpc?: string;
}

interface ExpectItem {
  code: string | null;
  known_code: boolean;
  message: string | null;
  field: string | null;
  location: string | null;
}

const EXPECT_KEYS = new Set([
  "class",
  "code",
  "known_code",
  "message",
  "request_id",
  "field",
  "retryable",
  "retry_after_ms",
  "context",
  "items",
  "subcodes",
  "domain",
  "metadata",
  "grpc",
]);

interface Body {
  body?: string;
  body_base64?: string;
  body_large?: {
    prefix: string;
    repeat: string;
    count: number;
    suffix: string;
  };
}

interface Vector extends Body {
  name: string;
  status: number;
  headers: [string, string][];
  now_unix_ms?: number;
  expect: Expect;
}

interface Served extends Body {
  status: number;
  headers?: [string, string][];
}

interface Scenario {
  name: string;
  responses: Served[];
  attempts: number;
  delays_ms: number[];
  result: "ok" | "error";
  final_status?: number;
}

/** A call of the by-code message formatter (README rule 19). */
interface TemplateCall {
  code: string;
  status: number;
  params: Record<string, string | number | boolean>;
  message: string;
}

interface VectorFile {
  spec: string;
  vectors: Vector[];
  retry: Scenario[];
  templates?: TemplateCall[];
}

/**
 * Vectors this package is known to disagree with, by name, and why. Each
 * entry must be reported; none so far.
 */
const KNOWN_FAILURES: ReadonlyMap<string, string> = new Map();

function load(): VectorFile {
  const dir = process.env["ERRCAT_VECTORS"] ?? "";
  const spec = process.env["ERRCAT_SPEC"] ?? "";
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  const found = files
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as VectorFile)
    .filter((v) => v.spec === spec);
  assert.equal(found.length, 1, `one vectors file for ${spec} in ${dir}`);
  return found[0]!;
}

const file = load();

/** The exact body bytes a vector or a served response stands for. */
function bytes(b: Body): Uint8Array {
  if (b.body_base64 !== undefined) {
    return new Uint8Array(Buffer.from(b.body_base64, "base64"));
  }
  if (b.body_large !== undefined) {
    const { prefix, repeat, count, suffix } = b.body_large;
    return new TextEncoder().encode(prefix + repeat.repeat(count) + suffix);
  }
  return new TextEncoder().encode(b.body ?? "");
}

/** The error's typed context by wire name (CONTEXT_FIELDS maps the keys). */
function wireContext(e: pkg.APIError): Record<string, unknown> {
  const context = e.context as Record<string, unknown>;
  const keys = new Set(pkg.CONTEXT_FIELDS.map((f) => f.key));
  for (const key of Object.keys(context)) {
    assert.ok(keys.has(key), `context key ${key} is a declared field`);
  }
  const out: Record<string, unknown> = {};
  for (const f of pkg.CONTEXT_FIELDS) {
    if (Object.hasOwn(context, f.key)) {
      out[f.name] = context[f.key];
    }
  }
  return out;
}

/** Asserts every `expect` key of `v` against `e`. */
function check(e: pkg.APIError, v: Vector) {
  const x = v.expect;
  for (const key of Object.keys(x)) {
    assert.ok(EXPECT_KEYS.has(key), `unknown expect key ${key}`);
  }
  assert.ok(e instanceof pkg.APIError);
  assert.equal(e.status, v.status);
  assert.equal(e.errorClass ?? null, x.class, "class");
  if (x.class === null) {
    assert.equal(Object.getPrototypeOf(e), pkg.APIError.prototype);
  } else {
    assert.ok(e instanceof pkg.ERROR_TYPES[x.class as pkg.ErrorClassId]);
  }
  assert.equal(e.code ?? null, x.code, "code");
  assert.equal(e.code !== undefined && pkg.isKnownCode(e.code), x.known_code);
  assert.equal(e.message, x.message, "message");
  assert.equal(e.requestId ?? null, x.request_id, "request_id");
  assert.equal(e.field ?? null, x.field, "field");
  assert.equal(e.retryable, x.retryable, "retryable");
  assert.equal(e.retryAfterMs ?? null, x.retry_after_ms, "retry_after_ms");
  assert.deepEqual(wireContext(e), x.context, "context");
  if (x.items !== undefined) {
    assert.deepEqual(
      e.items.map((item) => ({
        code: item.code ?? null,
        known_code: item.code !== undefined && pkg.isKnownCode(item.code),
        message: item.message ?? null,
        field: item.field ?? null,
        location: item.location ?? null,
      })),
      x.items,
      "items",
    );
  }
  if (x.subcodes !== undefined) {
    const present: Record<string, { value: string; known: boolean }> = {};
    for (const info of pkg.SUBCODES) {
      const value: unknown = Reflect.get(e, info.key);
      if (value !== undefined) {
        assert.equal(typeof value, "string", info.name);
        const text = value as string;
        present[info.name] = {
          value: text,
          known: pkg.isKnownSubcode(info.name, text),
        };
      }
    }
    assert.deepEqual(present, x.subcodes, "subcodes");
  }
  if (x.domain !== undefined) {
    assert.equal(e.domain ?? null, x.domain, "domain");
  }
  if (x.metadata !== undefined) {
    assert.deepEqual({ ...e.metadata }, x.metadata, "metadata");
  }
  if (x.grpc !== undefined) {
    assert.equal(e.grpc, x.grpc, "grpc");
    assert.equal(typeof pkg.GRPC_CODE_NUMBERS[e.grpc], "number");
  }
  // Rule 2: the raw body is kept, byte for byte, beside its lenient text.
  const raw = bytes(v);
  assert.deepEqual(e.body, raw, "the raw body is kept");
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(raw);
  assert.ok(e.text === text, "the text is the body decoded leniently");
  // Rule 14, on every vector.
  for (const name of pkg.CREDENTIAL_HEADERS) {
    assert.ok(!Object.hasOwn(e.headers, name), `${name} is not kept`);
  }
}

/** `test`, or a todo that still runs for a vector listed as a known failure. */
function vectorTest(name: string, fn: () => void | Promise<void>) {
  const known = KNOWN_FAILURES.get(name);
  if (known === undefined) {
    test(name, fn);
  } else {
    test(name, { todo: `known failure: ${known}` }, fn);
  }
}

/** Fake effects for the retry helper: random 0.5, sleeps recorded. */
function fakes() {
  const slept: number[] = [];
  return {
    slept,
    options: {
      sleep: (ms: number) => {
        slept.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    },
  };
}

/** Runs scenario `s` with `attempt` serving its responses, checks the outcome. */
async function runScenario(
  s: Scenario,
  attempt: (n: number) => Promise<number>,
) {
  const { slept, options } = fakes();
  let attempts = 0;
  let result: "ok" | "error";
  let finalStatus: number | undefined;
  try {
    await pkg.withRetries((n) => {
      attempts++;
      return attempt(n);
    }, options);
    result = "ok";
  } catch (e) {
    assert.ok(pkg.isAPIError(e), `the package's error, not ${String(e)}`);
    result = "error";
    finalStatus = e.status;
  }
  assert.equal(attempts, s.attempts, "attempts");
  assert.deepEqual(slept, s.delays_ms, "delays_ms");
  assert.equal(result, s.result, "result");
  assert.equal(finalStatus, s.final_status, "final_status");
}

describe(`vectors in process (${file.spec})`, () => {
  test("the file has vectors", () => {
    assert.ok(file.vectors.length > 0);
  });
  for (const v of file.vectors) {
    vectorTest(v.name, () => {
      const now = v.now_unix_ms;
      const options = now === undefined ? undefined : { now: () => now };
      check(pkg.fromParts(v.status, v.headers, bytes(v), options), v);
    });
  }
  for (const s of file.retry) {
    vectorTest(`retry: ${s.name}`, async () => {
      await runScenario(s, (n) => {
        const r = s.responses[n - 1];
        assert.ok(r !== undefined, `no response ${String(n)} to serve`);
        if (r.status >= 200 && r.status <= 299) {
          return Promise.resolve(r.status);
        }
        return Promise.reject(pkg.fromParts(r.status, r.headers, bytes(r)));
      });
    });
  }
});

describe(`message templates (${file.spec})`, () => {
  for (const t of file.templates ?? []) {
    test(`${t.code} (${String(t.status)}): ${t.message}`, () => {
      assert.equal(pkg.formatMessage(t.code, t.params, t.status), t.message);
    });
  }
});

describe(`vectors over HTTP (${file.spec})`, () => {
  let server: Server;
  let base = "";
  // The next response of each retry scenario, by index.
  const served = new Map<number, number>();

  before(async () => {
    server = createServer((req, res) => {
      const [, kind, index] = (req.url ?? "").split("/");
      let item: Served | undefined;
      if (kind === "vector") {
        item = file.vectors[Number(index)];
      } else if (kind === "retry") {
        const n = served.get(Number(index)) ?? 0;
        served.set(Number(index), n + 1);
        item = file.retry[Number(index)]?.responses[n];
      }
      if (item === undefined) {
        res.writeHead(599, { connection: "close" }).end("no such response");
        return;
      }
      const headers = (item.headers ?? []).flat();
      res.writeHead(item.status, [...headers, "Connection", "close"]);
      res.end(bytes(item));
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${String(port)}`;
    // Bounded: the server stops by itself even if a test hangs.
    setTimeout(() => {
      server.closeAllConnections();
      server.close();
    }, 120_000).unref();
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  file.vectors.forEach((v, i) => {
    vectorTest(v.name, async () => {
      const response = await fetch(`${base}/vector/${String(i)}`);
      assert.equal(response.status, v.status);
      const now = v.now_unix_ms;
      const options = now === undefined ? undefined : { now: () => now };
      const e = await pkg.fromResponse(response, options);
      check(e, v);
    });
  });

  file.retry.forEach((s, i) => {
    vectorTest(`retry: ${s.name}`, async () => {
      await runScenario(s, async () => {
        const response = await fetch(`${base}/retry/${String(i)}`);
        if (!response.ok) {
          throw await pkg.fromResponse(response);
        }
        await response.arrayBuffer();
        return response.status;
      });
      assert.equal(served.get(i), s.attempts, "requests the server saw");
    });
  });
});
