// The server side of the package (`errcat-under-test/server`, README
// "Serving errors"). `conformance/serve.json` beside the spec's catalog
// (ERRCAT_CATALOG): every case's builder makes exactly the expected status,
// headers and body bytes (rule 24), and `fromParts` reads every expected
// response into the expected result. Then a fast-check property: random
// builders, parameters, context values and request ids parse back as given.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";

import fc from "fast-check";

import * as pkg from "errcat-under-test";
import * as server from "errcat-under-test/server";

/** Runs of the round-trip property. */
const NUM_RUNS = 500;

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
}

interface Case {
  name: string;
  code: string | number;
  status: number;
  params: Record<string, unknown>;
  context: Record<string, unknown>;
  request_id: string | null;
  retry_after_ms: number | null;
  response: { status: number; headers: [string, string][]; body: string };
  expect: Expect;
}

interface WireField {
  name: string;
  type: "string" | "integer" | "number" | "boolean";
}

interface WireError {
  code: string;
  status: number;
  message: string;
  params?: string[];
  fields: string[];
  retry: {
    policy: string;
    initial_delay_ms: number;
    max_retry_after_ms: number;
  };
}

const catalogPath = process.env["ERRCAT_CATALOG"] ?? "";
const catalog = JSON.parse(readFileSync(catalogPath, "utf8")) as {
  fields: WireField[];
  domains: { errors: WireError[] }[];
  envelope: { context: string | null };
};
const cases = (
  JSON.parse(
    readFileSync(
      join(dirname(catalogPath), "conformance", "serve.json"),
      "utf8",
    ),
  ) as { cases: Case[] }
).cases;

type AnyBuilder = (options: Record<string, unknown>) => server.ErrorResponse;

function builder(code: string | number, status: number): AnyBuilder {
  const found = server.BUILDERS.get(`${code} ${status}`);
  assert.ok(found !== undefined, `a builder for ${code} ${status}`);
  return found as unknown as AnyBuilder;
}

/** Builder options from wire-named params and context fields. */
function options(
  values: Record<string, unknown>,
  requestId: string | null,
  retryAfterMs: number | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const key = server.OPTION_KEYS.get(name);
    assert.ok(key !== undefined, `an option for ${name}`);
    out[key] = value;
  }
  if (requestId !== null) out["requestId"] = requestId;
  if (retryAfterMs !== null) out["retryAfterMs"] = retryAfterMs;
  return out;
}

/** The error's typed context by wire name. */
function wireContext(e: pkg.APIError): Record<string, unknown> {
  const context = e.context as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of pkg.CONTEXT_FIELDS) {
    if (Object.hasOwn(context, f.key)) {
      out[f.name] = context[f.key];
    }
  }
  return out;
}

function check(e: pkg.APIError, status: number, x: Expect) {
  assert.ok(e instanceof pkg.APIError);
  assert.equal(e.status, status);
  assert.equal(e.errorClass ?? null, x.class, "class");
  assert.equal(e.code ?? null, x.code, "code");
  assert.equal(e.code !== undefined && pkg.isKnownCode(e.code), x.known_code);
  assert.equal(e.message, x.message, "message");
  assert.equal(e.requestId ?? null, x.request_id, "request_id");
  assert.equal(e.field ?? null, x.field, "field");
  assert.equal(e.retryable, x.retryable, "retryable");
  assert.equal(e.retryAfterMs ?? null, x.retry_after_ms, "retry_after_ms");
  assert.deepEqual(wireContext(e), x.context, "context");
}

describe("serve.json: the server side builds each case exactly", () => {
  test("there are cases", () => assert.ok(cases.length > 0));
  for (const c of cases) {
    test(c.name, () => {
      const values = { ...c.params, ...c.context };
      const build = builder(c.code, c.status);
      const response = build(options(values, c.request_id, c.retry_after_ms));
      assert.equal(response.status, c.response.status);
      assert.deepEqual(
        response.headers.map(([n, v]) => [n, v]),
        c.response.headers,
      );
      assert.equal(new TextDecoder().decode(response.body), c.response.body);
      assert.deepEqual(
        response.body,
        new TextEncoder().encode(c.response.body),
      );
    });
  }
});

describe("serve.json: the client side parses each response back", () => {
  for (const c of cases) {
    test(c.name, () => {
      const r = c.response;
      check(pkg.fromParts(r.status, r.headers, r.body), r.status, c.expect);
    });
  }
});

describe("custom: the escape hatch", () => {
  test("sends any status and message", () => {
    const custom = server.custom as (
      ...args: unknown[]
    ) => server.ErrorResponse;
    const response =
      server.custom.length >= 3
        ? custom(499, "NOT_IN_THE_CATALOG", "made up", {})
        : custom(499, "made up", {});
    const e = pkg.fromParts(response.status, response.headers, response.body);
    assert.equal(e.status, 499);
    if (server.custom.length >= 3) {
      assert.equal(e.code, "NOT_IN_THE_CATALOG");
      assert.equal(e.message, "made up");
    }
  });
});

const fieldTypes = new Map(catalog.fields.map((f) => [f.name, f.type]));
const firstErrors: WireError[] = [];
for (const error of catalog.domains.flatMap((d) => d.errors)) {
  if (
    !firstErrors.some((e) => e.code === error.code && e.status === error.status)
  ) {
    firstErrors.push(error);
  }
}
const buildable = firstErrors.filter((e) =>
  server.BUILDERS.has(`${e.code} ${e.status}`),
);

function valueOf(type: string | undefined): fc.Arbitrary<unknown> {
  switch (type) {
    case "integer":
      return fc.maxSafeInteger();
    case "boolean":
      return fc.boolean();
    case "number":
      // -0 is written as 0 (rule 24), which reads back as 0.
      return fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter((x) => !Object.is(x, -0));
    default:
      return fc.string({ unit: "grapheme", maxLength: 20 });
  }
}

// Request ids as rule 7 reads them back: one trimmed item, no comma.
const requestIds = fc.stringMatching(/^[!-+\--~]{1,30}$/);

// Whether the envelope can carry a request id at all.
const takesId = cases.some((c) => c.request_id !== null);

describe("round trip: random inputs parse back as given", () => {
  test("every builder", () => {
    assert.ok(buildable.length > 0);
    const inContext = catalog.envelope.context !== null;
    const arbitrary = fc.constantFrom(...buildable).chain((error) => {
      const params = error.params ?? [];
      const fields = inContext ? error.fields : params;
      const values = fc.record(
        Object.fromEntries(
          fields.map((f) => [f, valueOf(fieldTypes.get(f))]),
        ) as Record<string, fc.Arbitrary<unknown>>,
        { requiredKeys: params },
      );
      return fc.tuple(
        fc.constant(error),
        values,
        fc.option(requestIds, { nil: null }),
        fc.option(fc.nat(100_000_000), { nil: null }),
      );
    });
    fc.assert(
      fc.property(arbitrary, ([error, values, requestId, delay]) => {
        const build = builder(error.code, error.status);
        const r = build(options(values, takesId ? requestId : null, delay));
        const e = pkg.fromParts(r.status, r.headers, r.body);
        assert.equal(e.status, error.status);
        assert.equal(String(e.code), error.code);
        if (takesId) assert.equal(e.requestId ?? null, requestId);
        if (inContext) assert.deepEqual(wireContext(e), { ...values });
        const wanted =
          delay ??
          (error.retry.policy === "retry_after"
            ? error.retry.initial_delay_ms
            : null);
        if (wanted !== null) {
          // Whole seconds, rounded up, read back as sent (rules 10, 24).
          assert.equal(e.retryAfterMs, Math.ceil(wanted / 1000) * 1000);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// The client half of the cross-language check (xtask's serve suite): with
// ERRCAT_SERVE_URL set, every case, served there by another language's
// server side at `/<i>`, is fetched and must read back as expected.
const servedAt = process.env["ERRCAT_SERVE_URL"];
describe("served over HTTP by another language", { skip: !servedAt }, () => {
  cases.forEach((c, i) => {
    test(c.name, async () => {
      const e = await pkg.fromResponse(await fetch(`${servedAt}/${i}`));
      check(e, c.response.status, c.expect);
    });
  });
});
