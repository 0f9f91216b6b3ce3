// Bounded fuzzing of the response constructors (README rule 1): any status,
// headers and body give the package's own error with a message, and nothing
// is ever thrown. Run counts are fixed (NUM_RUNS) and the seed is printed by
// fast-check on failure.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import fc from "fast-check";

import * as pkg from "errcat-under-test";

/** Runs per property; four properties per spec package. */
const NUM_RUNS = 1000;
/** Runs of the async `fromResponse` property (slower: a Response each). */
const RESPONSE_RUNS = 300;

interface WireCatalog {
  envelope: {
    code: string | null;
    message: string[];
    request_id: string | null;
    field: string | null;
    context: string | null;
    details: string | null;
    retry_after: string | null;
    retry_delay: string | null;
    domain: string | null;
    metadata: string | null;
    items: { at: string } | null;
    selections: { name: string; in: string; member: string; equals: string }[];
    headers: {
      request_id: string[];
      retry_after: string;
      retry_after_ms: string | null;
      should_retry: string | null;
      retry_at: string | null;
    };
  };
  classes: {
    statuses: number[];
    when?: { header?: string; body?: string; equals: string }[];
  }[];
  subcodes: { at: string }[];
  codes: Record<string, string[]>;
  domains: { errors: { message: string; matches?: { exact: string[] } }[] }[];
}

const catalog = JSON.parse(
  readFileSync(process.env["ERRCAT_CATALOG"] ?? "", "utf8"),
) as WireCatalog;
const env = catalog.envelope;

const pointers = [
  env.code,
  ...env.message,
  env.request_id,
  env.field,
  env.context,
  env.details,
  env.retry_after,
  env.retry_delay,
  env.domain,
  env.metadata,
  env.items?.at ?? null,
  ...env.selections.map((s) => s.in),
  ...catalog.subcodes.map((s) => s.at),
  ...catalog.classes.flatMap((c) => (c.when ?? []).map((w) => w.body ?? null)),
].filter((p): p is string => p !== null);

const headerNames = [
  ...env.headers.request_id,
  env.headers.retry_after,
  env.headers.retry_after_ms,
  env.headers.should_retry,
  env.headers.retry_at,
  ...catalog.classes.flatMap((c) =>
    (c.when ?? []).map((w) => w.header ?? null),
  ),
  "authorization",
  "set-cookie",
  "content-type",
].filter((n): n is string => n !== null);

const statuses = [
  ...new Set(catalog.classes.flatMap((c) => c.statuses)),
  0,
  200,
  418,
  599,
];
const codes = Object.keys(catalog.codes);
const messages = catalog.domains.flatMap((d) =>
  d.errors.flatMap((e) => [e.message, ...(e.matches?.exact ?? [])]),
);

const status = fc.oneof(
  fc.constantFrom(...statuses),
  fc.integer({ min: 100, max: 999 }),
  fc.integer(),
  fc.double(),
);

const headerValue = fc.oneof(
  fc.string(),
  fc.constantFrom("true", "FALSE", "-1", "1.5", "1e3", "99999999999999999999"),
  fc.nat().map(String),
  fc
    .date({ noInvalidDate: true })
    .map((d) => d.toUTCString())
    .filter((d) => d !== "Invalid Date"),
);
const headerName = fc.oneof(
  fc.constantFrom(...headerNames),
  fc.constantFrom(...headerNames).map((n) => n.toUpperCase()),
  fc.string(),
);
const pairs = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 });
const headers = fc.oneof(
  pairs,
  pairs.map((p) => Object.fromEntries(p)),
  fc.constant(undefined),
);

/** A JSON value for an envelope member: often the right type, often not. */
const member = fc.oneof(
  fc.constantFrom(...(codes.length ? codes : ["X"])),
  fc.constantFrom(...(messages.length ? messages : ["m"])),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

/**
 * Sets `value` at a body location, creating objects on the way; an
 * `@name/pointer` location goes into a new element of the selection's array
 * that the selection picks.
 */
function setAt(
  body: Record<string, unknown>,
  location: string,
  value: unknown,
) {
  const selection = location.startsWith("@")
    ? env.selections.find((s) => location.startsWith(`@${s.name}`))
    : undefined;
  if (selection === undefined) {
    setPointer(body, location, value);
    return;
  }
  const element: Record<string, unknown> = {
    [selection.member]: selection.equals,
  };
  const pointer = location.slice(selection.name.length + 1);
  if (pointer === "") {
    setPointer(body, selection.in, [value]);
    return;
  }
  setPointer(element, pointer, value);
  setPointer(body, selection.in, [element]);
}

/** Sets `value` at a JSON Pointer, creating objects on the way. */
function setPointer(
  body: Record<string, unknown>,
  pointer: string,
  value: unknown,
) {
  const tokens = pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = body;
  for (const token of tokens.slice(0, -1)) {
    const next = node[token];
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      node[token] = {};
    }
    node = node[token] as Record<string, unknown>;
  }
  node[tokens[tokens.length - 1]!] = value;
}

/** An envelope-shaped body: some pointers set to arbitrary members. */
const envelopeBody = fc
  .array(fc.tuple(fc.constantFrom(...pointers), member), { maxLength: 6 })
  .map((members) => {
    const body: Record<string, unknown> = {};
    for (const [pointer, value] of members) {
      setAt(body, pointer, value);
    }
    return JSON.stringify(body);
  });

const body = fc.oneof(
  envelopeBody,
  fc.uint8Array({ maxLength: 512 }),
  fc.string({ unit: "binary", maxLength: 256 }),
  fc.json({ maxDepth: 3 }),
  envelopeBody.map((t) => new TextEncoder().encode(t)),
  envelopeBody.map((t) => t.slice(0, Math.floor(t.length / 2))),
  fc.constantFrom(undefined, null, "", "<html>502</html>", "[]", "{}"),
);

/** What every error must satisfy, whatever the response. */
function sane(e: unknown, s: number) {
  assert.ok(e instanceof pkg.APIError);
  assert.ok(pkg.isAPIError(e));
  assert.ok(Object.is(e.status, s));
  assert.equal(typeof e.message, "string");
  assert.notEqual(e.message, "", "rule 6: the message is never empty");
  assert.ok(e.body instanceof Uint8Array);
  assert.equal(typeof e.text, "string");
  assert.equal(typeof e.retryable, "boolean");
  if (e.retryAfterMs !== undefined) {
    assert.ok(Number.isSafeInteger(e.retryAfterMs) && e.retryAfterMs >= 0);
  }
  const delay = e.retryDelay(1, () => 0.5);
  if (delay !== undefined) {
    assert.ok(Number.isSafeInteger(delay) && delay >= 0);
    assert.ok(
      e.retryPolicy.policy !== "retry_after" ||
        e.retryAfterMs === undefined ||
        delay <= e.retryPolicy.maxRetryAfterMs,
    );
  }
  for (const name of pkg.CREDENTIAL_HEADERS) {
    assert.ok(!Object.hasOwn(e.headers, name));
  }
  assert.equal(typeof e.toString(), "string");
  assert.ok(pkg.backoffDelayMs(e.retryPolicy, 1, () => 0.5) >= 0);
  assert.equal(typeof pkg.GRPC_CODE_NUMBERS[e.grpc], "number");
  assert.ok(Array.isArray(e.items));
  for (const item of e.items) {
    for (const part of [item.code, item.message, item.field, item.location]) {
      assert.ok(part === undefined || typeof part === "string");
    }
  }
  for (const value of Object.values(e.metadata)) {
    assert.equal(typeof value, "string");
  }
  assert.ok(e.domain === undefined || typeof e.domain === "string");
  for (const info of pkg.SUBCODES) {
    const value: unknown = Reflect.get(e, info.key);
    assert.ok(value === undefined || (typeof value === "string" && value));
  }
  // Rule 23: every error survives as data (an HTTP status is an integer).
  if (Number.isInteger(s)) {
    const rebuilt = pkg.APIError.fromJSON(JSON.stringify(e));
    // As JSON text: the document of status -0 says 0.
    assert.equal(JSON.stringify(rebuilt), JSON.stringify(e));
    assert.equal(rebuilt.errorClass, e.errorClass);
    assert.equal(rebuilt.retryAfterMs, e.retryAfterMs);
    assert.deepEqual(rebuilt.rateLimit, e.rateLimit);
  }
}

describe("fuzz: fromParts never throws", () => {
  test(`any status, headers and body (${String(NUM_RUNS)} runs)`, () => {
    fc.assert(
      fc.property(status, headers, body, (s, h, b) => {
        sane(pkg.fromParts(s, h, b), s);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test(`envelope-shaped bodies at claimed statuses (${String(NUM_RUNS)} runs)`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        pairs,
        envelopeBody,
        (s, h, b) => {
          sane(pkg.fromParts(s, h, b), s);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  test(`arbitrary values where headers and body go (${String(NUM_RUNS)} runs)`, () => {
    fc.assert(
      fc.property(status, fc.anything(), fc.anything(), (s, h, b) => {
        const e = pkg.fromParts(s, h as pkg.HeaderInput, b as pkg.BodyInput);
        assert.ok(e instanceof pkg.APIError);
        assert.ok(Object.is(e.status, s));
        assert.equal(typeof e.message, "string");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test(`the backoff delay is a whole, bounded number of ms (${String(NUM_RUNS)} runs)`, () => {
    const policy = pkg.fromParts(500, {}, "").retryPolicy;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const ms = pkg.backoffDelayMs(policy, n, () => r);
          assert.ok(Number.isInteger(ms));
          assert.ok(ms <= policy.maxDelayMs);
          assert.ok(
            ms >=
              Math.floor(
                Math.min(
                  policy.maxDelayMs,
                  policy.initialDelayMs * 2 ** (n - 1),
                ) / 2,
              ),
          );
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("fuzz: fromResponse never rejects", () => {
  test(`fetch Responses (${String(RESPONSE_RUNS)} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 200, max: 599 })
          .filter((s) => ![204, 205, 304].includes(s)),
        fc.array(
          fc.tuple(
            fc.constantFrom(...headerNames),
            fc.stringMatching(/^[\x20-\x7e]{0,20}$/),
          ),
          { maxLength: 6 },
        ),
        fc.oneof(fc.uint8Array({ maxLength: 512 }), envelopeBody),
        async (s, h, b) => {
          const e = await pkg.fromResponse(
            new Response(b, { status: s, headers: h }),
          );
          sane(e, s);
        },
      ),
      { numRuns: RESPONSE_RUNS },
    );
  });
});
