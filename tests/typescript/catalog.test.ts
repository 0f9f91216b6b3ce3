// The generic suite: runs against every spec's generated package (installed
// as `errcat-under-test`), driven by that spec's `catalog.json`
// (ERRCAT_CATALOG). Spec-specific samples live beside each package in
// `<out>/typescript/tests/`.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import * as pkg from "errcat-under-test";
import * as copy from "errcat-under-test-copy";

interface WirePolicy {
  policy: "never" | "backoff" | "retry_after";
  max_attempts: number;
  initial_delay_ms: number;
  max_delay_ms: number;
  max_retry_after_ms: number;
  longer_wait: "give_up" | "clamp";
}

interface WireError {
  domain: string;
  code: string;
  name: string;
  params?: string[];
  grpc: string;
  status: number;
  class: string;
  message: string;
  description: string;
  remedy?: string;
  field?: string;
  retry: WirePolicy;
  fields: string[];
  matches?: { exact: string[]; prefix: string[] };
  deprecated?: { since: string; replacement?: string; note?: string };
  docs_url?: string;
}

interface WireSelection {
  name: string;
  in: string;
  member: string;
  equals: string;
}

interface WireCatalog {
  envelope: {
    code: string | null;
    selections: WireSelection[];
    message: string[];
    request_id: string | null;
    headers: {
      request_id: string[];
      retry_after: string;
      retry_after_ms: string | null;
      should_retry: string | null;
    };
  };
  retry: WirePolicy;
  retry_helper: {
    connection_errors: "never" | "backoff";
    idempotency_header: string | null;
  };
  fields: { name: string; type: string; description: string; unit?: string }[];
  classes: {
    id: string;
    title: string;
    description: string;
    statuses: number[];
    fallback?: "4xx" | "5xx";
    retry: WirePolicy;
    grpc?: string;
    when?: unknown[];
  }[];
  domains: { id: string; errors: WireError[] }[];
  codes: Record<string, string[]>;
}

const catalog = JSON.parse(
  readFileSync(process.env["ERRCAT_CATALOG"] ?? "", "utf8"),
) as WireCatalog;

function policy(wire: WirePolicy): pkg.RetryPolicy {
  return {
    policy: wire.policy,
    maxAttempts: wire.max_attempts,
    initialDelayMs: wire.initial_delay_ms,
    maxDelayMs: wire.max_delay_ms,
    maxRetryAfterMs: wire.max_retry_after_ms,
    longerWait: wire.longer_wait,
  };
}

/** One JSON Pointer token, unescaped (RFC 6901). */
function unescape(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Sets `value` at a body location, creating objects on the way: a JSON
 * Pointer, or `@name/pointer` into the element the selection `name` picks
 * (README rule 18), which is added to its array when missing.
 */
function setAt(
  body: Record<string, unknown>,
  location: string,
  value: unknown,
) {
  let node = body;
  let pointer = location;
  if (location.startsWith("@")) {
    const slash = location.indexOf("/");
    const name = location.slice(1, slash < 0 ? undefined : slash);
    pointer = slash < 0 ? "" : location.slice(slash);
    const selection = catalog.envelope.selections.find((s) => s.name === name);
    assert.ok(selection !== undefined, `selection ${name}`);
    const array = (valueAtPointer(body, selection.in) ?? []) as Record<
      string,
      unknown
    >[];
    setPointer(body, selection.in, array);
    let element = array.find((e) => e[selection.member] === selection.equals);
    if (element === undefined) {
      element = { [selection.member]: selection.equals };
      array.push(element);
    }
    node = element;
  }
  setPointer(node, pointer, value);
}

function valueAtPointer(body: unknown, pointer: string): unknown {
  let node = body;
  for (const token of pointer.slice(1).split("/").map(unescape)) {
    node = (node as Record<string, unknown> | undefined)?.[token];
  }
  return node;
}

/** Sets `value` at a JSON Pointer, creating objects on the way. */
function setPointer(
  body: Record<string, unknown>,
  pointer: string,
  value: unknown,
) {
  const tokens = pointer.slice(1).split("/").map(unescape);
  let node = body;
  for (const token of tokens.slice(0, -1)) {
    node[token] ??= {};
    node = node[token] as Record<string, unknown>;
  }
  node[tokens[tokens.length - 1]!] = value;
}

/** The body the API sends for `error`, as far as the envelope tells. */
function bodyFor(error: WireError): string {
  const body: Record<string, unknown> = {};
  const env = catalog.envelope;
  if (env.code !== null) {
    setAt(body, env.code, error.code);
  }
  const message =
    env.code !== null
      ? error.message
      : (error.matches?.exact[0] ?? `${error.matches?.prefix[0] ?? ""}x`);
  if (env.message[0] !== undefined) {
    setAt(body, env.message[0], message);
  }
  return JSON.stringify(body);
}

function classOf(status: number) {
  const listed = catalog.classes.find((c) => c.statuses.includes(status));
  if (listed !== undefined) {
    return listed;
  }
  const range =
    status >= 500 && status <= 599
      ? "5xx"
      : status >= 400 && status <= 499
        ? "4xx"
        : undefined;
  return catalog.classes.find((c) => range && c.fallback === range);
}

const anyRetryAfter = catalog.classes.find(
  (c) => c.retry.policy === "retry_after",
);
const anyBackoff = catalog.classes.find((c) => c.retry.policy === "backoff");
const anyNever = catalog.classes.find((c) => c.retry.policy === "never");

describe("classes", () => {
  for (const cls of catalog.classes) {
    for (const status of cls.statuses) {
      test(`${String(status)} is ${cls.id}`, () => {
        const error = pkg.fromParts(status, {}, "");
        const Type = pkg.ERROR_TYPES[cls.id as pkg.ErrorClassId];
        assert.ok(error instanceof Type);
        assert.ok(error instanceof pkg.APIError);
        assert.ok(error instanceof Error);
        assert.equal(error.errorClass, cls.id);
        assert.equal(error.status, status);
        assert.match(error.name, /^[A-Z]\w*Error_?$/);
        assert.notEqual(error.name, "APIError");
        assert.equal(error.message, cls.title);
        assert.deepEqual(error.retryPolicy, policy(cls.retry));
        assert.equal(error.retryable, cls.retry.policy !== "never");
        for (const other of catalog.classes) {
          if (other.id !== cls.id) {
            const OtherType = pkg.ERROR_TYPES[other.id as pkg.ErrorClassId];
            assert.ok(!(error instanceof OtherType), `not ${other.id}`);
          }
        }
      });
    }
  }

  test("unclaimed statuses go to the range's fallback class or the base", () => {
    for (const status of [418, 599, 302, 200, 0, 999]) {
      const error = pkg.fromParts(status, {}, "");
      const expected = classOf(status);
      assert.equal(error.errorClass, expected?.id, String(status));
      assert.ok(pkg.isAPIError(error));
      assert.equal(error.message, expected?.title ?? `HTTP ${String(status)}`);
      // Rule 9: no class, no definition: `never` with the [retry] defaults.
      assert.deepEqual(
        error.retryPolicy,
        policy(expected?.retry ?? catalog.retry),
      );
    }
  });

  test("class names are set on the prototype and survive toString", () => {
    for (const cls of catalog.classes) {
      const Type = pkg.ERROR_TYPES[cls.id as pkg.ErrorClassId];
      const error = pkg.fromParts(cls.statuses[0] ?? 500, {}, "");
      if (cls.statuses.length > 0) {
        assert.equal(error.name, Type.prototype.name);
        assert.ok(error.toString().startsWith(`${error.name}: `));
        assert.ok(!Object.keys(error).includes("name"));
      }
    }
  });
});

describe("codes", () => {
  test("Code lists every distinct code of the spec", () => {
    assert.deepEqual(
      Object.values(pkg.Code).sort(),
      Object.keys(catalog.codes).sort(),
    );
    for (const [code, domains] of Object.entries(catalog.codes)) {
      assert.ok(pkg.isKnownCode(code));
      assert.deepEqual(
        pkg.DEFINITIONS.get(code)?.map((d) => d.domain),
        domains,
      );
    }
  });

  const domain = catalog.domains[0]!;
  for (const error of domain.errors) {
    test(`${domain.id}: ${error.code} (${String(error.status)})`, () => {
      const e = pkg.fromParts(error.status, {}, bodyFor(error));
      assert.equal(e.code, error.code);
      assert.equal(e.status, error.status);
      assert.equal(e.definition?.code, error.code);
      assert.equal(e.definition?.status, error.status);
      assert.equal(e.definition?.description, error.description);
      assert.equal(e.definition?.remedy, error.remedy);
      assert.equal(e.field ?? undefined, error.field);
      assert.equal(e.errorClass, error.class);
      assert.ok(e instanceof pkg.ERROR_TYPES[error.class as pkg.ErrorClassId]);
      assert.deepEqual(e.retryPolicy, policy(error.retry));
      assert.equal(e.grpc, error.grpc);
      assert.equal(e.definition?.deprecated?.since, error.deprecated?.since);
      // Rule 19: with no parameters given, every placeholder stays.
      assert.equal(
        pkg.formatMessage(error.code, {}, error.status),
        error.message,
      );
      if (catalog.envelope.code !== null) {
        assert.equal(e.message, error.message);
      }
      // Rule 4: the definition is the first, in domain order, with the status.
      const first = catalog.domains
        .flatMap((d) => d.errors)
        .find((d) => d.code === error.code && d.status === error.status);
      assert.equal(e.definition?.domain, first?.domain);
    });
  }

  test("a code the package does not know is kept verbatim", (t) => {
    const env = catalog.envelope;
    if (env.code === null) {
      t.skip("this API sends no code");
      return;
    }
    const body: Record<string, unknown> = {};
    setAt(body, env.code, "SOME_FUTURE_CODE");
    const e = pkg.fromParts(429, {}, JSON.stringify(body));
    assert.equal(e.code, "SOME_FUTURE_CODE");
    assert.equal(pkg.isKnownCode("SOME_FUTURE_CODE"), false);
    assert.equal(e.definition, undefined);
    assert.equal(e.errorClass, classOf(429)?.id);
  });

  test("a known code sent with another status has no definition", (t) => {
    const env = catalog.envelope;
    const error = domain.errors[0];
    if (env.code === null || error === undefined) {
      t.skip("this API sends no code");
      return;
    }
    const body: Record<string, unknown> = {};
    setAt(body, env.code, error.code);
    const status = error.status === 599 ? 598 : 599;
    const e = pkg.fromParts(status, {}, JSON.stringify(body));
    assert.equal(e.code, error.code);
    assert.equal(e.definition, undefined);
    assert.equal(e.errorClass, classOf(status)?.id);
  });
});

describe("spec text arrives byte for byte", () => {
  test("every definition's texts equal catalog.json", () => {
    let n = 0;
    for (const domain of catalog.domains) {
      for (const error of domain.errors) {
        const d = pkg.DEFINITIONS.get(error.code)?.find(
          (d) => d.domain === domain.id && d.status === error.status,
        );
        assert.ok(d !== undefined, `${domain.id} ${error.code}`);
        assert.equal(d.message, error.message);
        assert.equal(d.description, error.description);
        assert.equal(d.remedy, error.remedy);
        assert.equal(d.field, error.field);
        assert.equal(d.errorClass, error.class);
        assert.deepEqual(d.fields, error.fields);
        assert.equal(d.docsUrl, error.docs_url);
        assert.deepEqual(d.deprecated, error.deprecated);
        assert.deepEqual(d.retry, policy(error.retry));
        assert.deepEqual(d.params, error.params ?? []);
        assert.equal(d.grpc, error.grpc);
        n++;
      }
    }
    assert.equal(n, catalog.domains.flatMap((d) => d.errors).length);
    assert.equal(
      [...pkg.DEFINITIONS.values()].flat().length,
      n,
      "no definition the spec lacks",
    );
  });

  test("every class's title and description equal catalog.json", () => {
    assert.deepEqual(
      Object.keys(pkg.CLASSES).sort(),
      catalog.classes.map((c) => c.id).sort(),
    );
    for (const cls of catalog.classes) {
      const info: pkg.ErrorClassInfo = pkg.CLASSES[cls.id as pkg.ErrorClassId];
      assert.equal(info.title, cls.title);
      assert.equal(info.description, cls.description);
      assert.deepEqual(info.statuses, cls.statuses);
      assert.equal(info.grpc, cls.grpc);
      assert.equal(info.when.length, cls.when?.length ?? 0);
    }
  });

  test("every context field's text equals catalog.json", () => {
    assert.deepEqual(
      pkg.CONTEXT_FIELDS.map((f) => [f.name, f.type, f.description, f.unit]),
      catalog.fields.map((f) => [f.name, f.type, f.description, f.unit]),
    );
    const keys = pkg.CONTEXT_FIELDS.map((f) => f.key);
    assert.equal(new Set(keys).size, keys.length, "property names differ");
  });

  test("a definition's message reaches the error unchanged", () => {
    for (const domain of catalog.domains) {
      for (const error of domain.errors) {
        const e = pkg.fromParts(error.status, {}, bodyFor(error));
        if (catalog.envelope.code !== null) {
          assert.equal(e.message, error.message);
        }
      }
    }
  });
});

describe("garbage bodies never throw", () => {
  const huge = `{"padding": "${"x".repeat(5 * 1024 * 1024)}"}`;
  const cases: [string, number, pkg.BodyInput][] = [
    ["HTML from a proxy", 502, "<html><body>Bad Gateway</body></html>"],
    ["empty", 503, ""],
    ["blank", 503, "  \n "],
    ["invalid UTF-8", 500, new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0xc3])],
    ["JSON array", 400, "[1, 2, 3]"],
    ["JSON string", 400, '"just a string"'],
    ["JSON null", 400, "null"],
    ["numeric code", 400, '{"code": 42, "reason": 42, "error": 42}'],
    ["null message", 400, '{"message": null, "error": null}'],
    ["truncated JSON", 400, '{"error": "x'],
    ["deep nesting", 400, "[".repeat(100_000)],
    ["5 MB body", 413, huge],
    ["undefined", 500, undefined],
    ["null", 500, null],
    ["ArrayBuffer", 500, new TextEncoder().encode("{}").buffer],
  ];
  for (const [name, status, body] of cases) {
    test(name, () => {
      const e = pkg.fromParts(status, {}, body);
      assert.ok(e instanceof pkg.APIError);
      assert.equal(e.status, status);
      assert.equal(typeof e.message, "string");
      assert.ok(e.message.length > 0);
      assert.ok(e.body instanceof Uint8Array);
      if (typeof body === "string") {
        assert.equal(e.text, body);
        assert.deepEqual(e.body, new TextEncoder().encode(body));
      }
    });
  }

  test("invalid UTF-8 is kept, decoded leniently, and not parsed", () => {
    const bytes = new TextEncoder().encode('{"error": "x", "message": "x"}');
    const broken = new Uint8Array([
      ...bytes.slice(0, 10),
      0xff,
      ...bytes.slice(10),
    ]);
    const e = pkg.fromParts(400, {}, broken);
    assert.deepEqual(e.body, broken, "the bytes are kept as they came");
    assert.ok(e.text.includes("\ufffd"));
    assert.equal(e.message, classOf(400)?.title);
  });

  test("hostile headers objects do not escape", () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("boom");
        },
      },
    );
    const e = pkg.fromParts(500, hostile, "");
    assert.ok(e instanceof pkg.APIError);
    assert.deepEqual({ ...e.headers }, {});
  });

  test("duplicate keys: the last one wins", () => {
    const tokens = catalog.envelope.message[0]!.slice(1)
      .split("/")
      .map(unescape);
    const last = JSON.stringify(tokens[tokens.length - 1]);
    let text = `{${last}: "first", ${last}: "second"}`;
    for (const token of tokens.slice(0, -1).reverse()) {
      text = `{${JSON.stringify(token)}: ${text}}`;
    }
    assert.equal(pkg.fromParts(400, {}, text).message, "second");
  });

  test("fromResponse reads a fetch Response; a broken body is its own error", async () => {
    const name = catalog.envelope.headers.request_id[0] ?? "x-request-id";
    const response = new Response(new Uint8Array([0xff, 0x00]), {
      status: 503,
      headers: { [name]: "req_r" },
    });
    const e = await pkg.fromResponse(response);
    assert.equal(e.status, 503);
    assert.equal(
      e.requestId,
      catalog.envelope.headers.request_id.length ? "req_r" : undefined,
    );
    // README rule 25: a failure while reading is the client's, as it is.
    const failure = new Error("stream failed");
    const broken = {
      status: 500,
      headers: {},
      arrayBuffer: () => Promise.reject(failure),
    };
    await assert.rejects(pkg.fromResponse(broken), (e) => e === failure);
  });
});

describe("Retry-After", () => {
  const header = catalog.envelope.headers.retry_after;
  const limited = anyRetryAfter ?? catalog.classes[0]!;
  const status = limited.statuses[0] ?? 429;
  const max = limited.retry.max_retry_after_ms;
  const now = Date.UTC(2024, 0, 1, 0, 0, 0);
  const error = (value: string) =>
    pkg.fromParts(status, { [header]: value }, "", { now: () => now });
  const delay = (value: string) => error(value).retryAfterMs;

  test("seconds", () => {
    assert.equal(delay("2"), 2000);
    assert.equal(delay(" 1.5 "), 1500);
    assert.equal(delay("0"), 0);
  });
  test("an HTTP date counts from now; past dates are 0", () => {
    assert.equal(delay("Mon, 01 Jan 2024 00:00:10 GMT"), 10_000);
    assert.equal(delay("Sunday, 31-Dec-23 23:59:00 GMT"), 0);
    assert.equal(delay("Mon Jan  1 00:00:05 2024"), 5000);
  });
  test("negative and malformed values are skipped", () => {
    for (const value of [
      "-5",
      "soon",
      "",
      "1e3",
      "NaN",
      "Mon, 32 Jan 2024 00:00:00 GMT",
      // Beyond the double range: no usable number (README rule 10).
      "9".repeat(400),
      "1.",
      ".5",
    ]) {
      assert.equal(delay(value), undefined, value);
    }
  });
  test("huge values are reported as asked, up to 2^53 - 1 ms", () => {
    assert.equal(delay("99999999999"), 99_999_999_999_000);
    assert.equal(
      delay("Fri, 01 Jan 2100 00:00:00 GMT"),
      Date.UTC(2100, 0, 1) - now,
    );
    assert.equal(delay("9".repeat(30)), Number.MAX_SAFE_INTEGER);
  });
  test("a longer ask than the policy honours: clamp or give up (rule 12)", () => {
    const longer = error(String(max / 1000 + 1));
    const p = longer.retryPolicy;
    const expected =
      p.policy !== "retry_after"
        ? pkg.backoffDelayMs(p, 1, () => 0.5)
        : p.longerWait === "clamp"
          ? p.maxRetryAfterMs
          : undefined;
    assert.equal(
      pkg.retryDelayMs(longer, 1, () => 0.5),
      expected,
    );
    const within = error(String(max / 1000));
    if (p.policy === "retry_after") {
      assert.equal(pkg.retryDelayMs(within, 1), max);
    }
    // The error's own answer is the helper's (rule 13).
    assert.equal(
      longer.retryDelay(1, () => 0.5),
      expected,
    );
  });
  test("header names are case-insensitive", () => {
    const e = pkg.fromParts(status, [[header.toUpperCase(), "3"]], "");
    assert.equal(e.retryAfterMs, 3000);
  });
});

describe("server hints", () => {
  const { should_retry: shouldRetry, retry_after_ms: retryAfterMs } =
    catalog.envelope.headers;

  test("the should-retry header overrides the policy", (t) => {
    if (shouldRetry === null) {
      t.skip("this API sends no should-retry header");
      return;
    }
    for (const cls of catalog.classes) {
      const status = cls.statuses[0];
      if (status === undefined) {
        continue;
      }
      const no = pkg.fromParts(status, { [shouldRetry]: "FALSE" }, "");
      assert.equal(no.retryable, false);
      const yes = pkg.fromParts(status, { [shouldRetry]: " True " }, "");
      assert.equal(yes.retryable, true);
      const junk = pkg.fromParts(status, { [shouldRetry]: "maybe" }, "");
      assert.equal(junk.retryable, cls.retry.policy !== "never");
    }
  });

  test("a forced retry of a never policy backs off", async (t) => {
    const never = anyNever?.statuses[0];
    if (shouldRetry === null || never === undefined || anyNever === undefined) {
      t.skip("needs a should-retry header and a never class");
      return;
    }
    const slept: number[] = [];
    let attempts = 0;
    await assert.rejects(
      pkg.withRetries(
        () => {
          attempts++;
          return Promise.reject(
            pkg.fromParts(never, { [shouldRetry]: "true" }, ""),
          );
        },
        { sleep: (ms) => (slept.push(ms), Promise.resolve()), random: () => 0 },
      ),
    );
    const p = anyNever.retry;
    assert.equal(attempts, p.max_attempts);
    assert.deepEqual(
      slept,
      slept.map((_, i) =>
        Math.floor(Math.min(p.max_delay_ms, p.initial_delay_ms * 2 ** i) / 2),
      ),
    );
  });

  test("the milliseconds header comes first", (t) => {
    if (retryAfterMs === null) {
      t.skip("this API sends no milliseconds header");
      return;
    }
    const seconds = catalog.envelope.headers.retry_after;
    const cls = anyRetryAfter ?? catalog.classes[0]!;
    const status = cls.statuses[0] ?? 429;
    const both = { [retryAfterMs]: "250", [seconds]: "9" };
    assert.equal(pkg.fromParts(status, both, "").retryAfterMs, 250);
    const bad = { [retryAfterMs]: "-1", [seconds]: "0.5" };
    assert.equal(pkg.fromParts(status, bad, "").retryAfterMs, 500);
  });
});

describe("request id", () => {
  const names = catalog.envelope.headers.request_id;
  test("from the first non-empty header, any case", (t) => {
    if (names.length === 0) {
      t.skip("no request id header");
      return;
    }
    const name = names[0]!;
    const headers = new Headers({ [name.toUpperCase()]: "req_header" });
    const e = pkg.fromParts(500, headers, "");
    assert.equal(e.requestId, "req_header");
    assert.ok(e.toString().includes("req_header"));
    assert.equal(pkg.fromParts(500, { [name]: "" }, "").requestId, undefined);
  });
  test("from the body when no header has one", (t) => {
    const pointer = catalog.envelope.request_id;
    if (pointer === null) {
      t.skip("no request id in the body");
      return;
    }
    const body: Record<string, unknown> = {};
    setAt(body, pointer, "req_body");
    const text = JSON.stringify(body);
    assert.equal(pkg.fromParts(500, {}, text).requestId, "req_body");
    if (names[0] !== undefined) {
      const both = pkg.fromParts(500, { [names[0]]: "req_h" }, text);
      assert.equal(both.requestId, "req_h");
    }
  });
});

describe("withRetries", () => {
  const fake = () => {
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
  };

  test("backs off with equal jitter up to max_attempts", async (t) => {
    if (anyBackoff === undefined) {
      t.skip("no backoff class");
      return;
    }
    const status = anyBackoff.statuses[0] ?? 500;
    const { slept, options } = fake();
    let attempts = 0;
    await assert.rejects(
      pkg.withRetries(() => {
        attempts++;
        return Promise.reject(pkg.fromParts(status, {}, ""));
      }, options),
      (e: unknown) => pkg.isAPIError(e) && e.status === status,
    );
    const p = anyBackoff.retry;
    assert.equal(attempts, p.max_attempts);
    const expected = slept.map((_, i) => {
      const base = Math.min(p.max_delay_ms, p.initial_delay_ms * 2 ** i);
      return Math.floor(base / 2 + 0.5 * (base / 2));
    });
    assert.equal(slept.length, p.max_attempts - 1);
    assert.deepEqual(slept, expected);
  });

  test("jitter stays within [base/2, base]", () => {
    const p = policy((anyBackoff ?? catalog.classes[0]!).retry);
    for (let n = 1; n <= 10; n++) {
      const base = Math.min(p.maxDelayMs, p.initialDelayMs * 2 ** (n - 1));
      assert.equal(
        pkg.backoffDelayMs(p, n, () => 0),
        Math.floor(base / 2),
      );
      assert.equal(
        pkg.backoffDelayMs(p, n, () => 1),
        base,
      );
    }
  });

  test("waits as long as the server asks under retry_after", async (t) => {
    if (anyRetryAfter === undefined) {
      t.skip("no retry_after class");
      return;
    }
    const status = anyRetryAfter.statuses[0] ?? 429;
    const header = catalog.envelope.headers.retry_after;
    const { slept, options } = fake();
    let attempts = 0;
    // An ask within what the policy honours.
    const ms = Math.min(7000, anyRetryAfter.retry.max_retry_after_ms);
    const value = await pkg.withRetries(async (attempt) => {
      attempts++;
      if (attempt.number < 2) {
        throw pkg.fromParts(status, { [header]: String(ms / 1000) }, "");
      }
      return "done";
    }, options);
    assert.equal(value, "done");
    assert.equal(attempts, 2);
    assert.deepEqual(slept, [ms]);
  });

  test("a longer ask than max_retry_after_ms: clamped, or given up at once", async (t) => {
    if (anyRetryAfter === undefined) {
      t.skip("no retry_after class");
      return;
    }
    const status = anyRetryAfter.statuses[0] ?? 429;
    const header = catalog.envelope.headers.retry_after;
    const { max_retry_after_ms: max, longer_wait: longer } =
      anyRetryAfter.retry;
    const { slept, options } = fake();
    let attempts = 0;
    const run = pkg.withRetries(async (attempt) => {
      attempts++;
      if (attempt.number < 2) {
        throw pkg.fromParts(status, { [header]: String(max / 1000 + 1) }, "");
      }
      return "done";
    }, options);
    if (longer === "clamp") {
      assert.equal(await run, "done");
      assert.deepEqual(slept, [max]);
    } else {
      await assert.rejects(run, (e: unknown) => pkg.isAPIError(e));
      assert.equal(attempts, 1);
      assert.deepEqual(slept, []);
    }
  });

  test("does not retry errors whose policy is never", async (t) => {
    if (anyNever === undefined || anyNever.statuses[0] === undefined) {
      t.skip("no never class");
      return;
    }
    const status = anyNever.statuses[0];
    const { slept, options } = fake();
    let attempts = 0;
    await assert.rejects(
      pkg.withRetries(() => {
        attempts++;
        return Promise.reject(pkg.fromParts(status, {}, ""));
      }, options),
    );
    assert.equal(attempts, 1);
    assert.deepEqual(slept, []);
  });

  test("other errors propagate at once", async () => {
    const { slept, options } = fake();
    let attempts = 0;
    await assert.rejects(
      pkg.withRetries(() => {
        attempts++;
        return Promise.reject(new TypeError("network down"));
      }, options),
      TypeError,
    );
    assert.equal(attempts, 1);
    assert.deepEqual(slept, []);
  });

  const backoffOnConnection =
    catalog.retry_helper.connection_errors === "backoff";
  const failures = (code: string) =>
    new TypeError("fetch failed", { cause: { code } });

  test("connection errors follow the spec's connection_errors (rule 20)", async () => {
    for (const failure of [
      failures("ECONNREFUSED"),
      failures("UND_ERR_CONNECT_TIMEOUT"),
      Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
      new DOMException("timed out", "TimeoutError"),
      Object.assign(new Error("Network Error"), {
        isAxiosError: true,
        code: "ERR_NETWORK",
      }),
    ]) {
      assert.ok(pkg.isConnectionError(failure), String(failure));
      const { slept, options } = fake();
      let attempts = 0;
      const run = pkg.withRetries(() => {
        attempts++;
        return Promise.reject(failure);
      }, options);
      await assert.rejects(run, (e: unknown) => e === failure);
      const p = policy(catalog.retry);
      const expected = backoffOnConnection ? p.maxAttempts : 1;
      assert.equal(attempts, expected);
      assert.deepEqual(
        slept,
        Array.from({ length: expected - 1 }, (_, i) =>
          pkg.backoffDelayMs(p, i + 1, () => 0.5),
        ),
      );
    }
  });

  test("a cancellation by the caller is never retried", async () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled: unknown[] = [
      controller.signal.reason,
      new DOMException("aborted", "AbortError"),
      Object.assign(new Error("canceled"), {
        isAxiosError: true,
        code: "ERR_CANCELED",
      }),
      new TypeError("network down"),
      failures("ENOTFOUND"),
    ];
    for (const error of cancelled) {
      assert.ok(!pkg.isConnectionError(error), String(error));
      const { options } = fake();
      let attempts = 0;
      await assert.rejects(
        pkg.withRetries(() => {
          attempts++;
          return Promise.reject(error);
        }, options),
      );
      assert.equal(attempts, 1);
    }
  });

  test("a predicate adds connection errors", async () => {
    const mine = new Error("my client's network error");
    assert.ok(!pkg.isConnectionError(mine));
    const { options } = fake();
    let attempts = 0;
    await assert.rejects(
      pkg.withRetries(
        () => {
          attempts++;
          return Promise.reject(mine);
        },
        { ...options, isConnectionError: (e) => e === mine },
      ),
    );
    assert.equal(
      attempts,
      backoffOnConnection ? catalog.retry.max_attempts : 1,
    );
  });

  test("one idempotency key on every attempt of a call (rule 21)", async () => {
    const header = catalog.retry_helper.idempotency_header;
    const status = (anyBackoff ?? anyRetryAfter)?.statuses[0];
    const keysOf = async (options: pkg.RetryOptions) => {
      const seen: Readonly<Record<string, string>>[] = [];
      await pkg
        .withRetries(
          (attempt) => {
            seen.push(attempt.headers);
            return status !== undefined && attempt.number < 2
              ? Promise.reject(pkg.fromParts(status, {}, ""))
              : Promise.resolve(attempt.number);
          },
          { ...fake().options, ...options },
        )
        .catch(() => undefined);
      return seen;
    };
    if (header === null) {
      for (const headers of await keysOf({ idempotencyKey: "k" })) {
        assert.deepEqual(headers, {});
      }
      return;
    }
    const given = await keysOf({ idempotencyKey: "key-1" });
    assert.ok(given.length >= 1);
    for (const headers of given) {
      assert.deepEqual(headers, { [header]: "key-1" });
    }
    const first = await keysOf({});
    const second = await keysOf({});
    const uuid =
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.match(first[0]![header]!, uuid);
    assert.equal(new Set(first.map((h) => h[header])).size, 1);
    assert.notEqual(first[0]![header], second[0]![header]);
    const made = await keysOf({ newIdempotencyKey: () => "made" });
    assert.deepEqual(made[0], { [header]: "made" });
  });
});

describe("credentials are never kept", () => {
  test("authorization, cookies and API keys are dropped", () => {
    const secrets = {
      Authorization: "Bearer sk_secret_1",
      "Proxy-Authorization": "Basic c2VjcmV0",
      Cookie: "session=secret_2",
      "Set-Cookie": "session=secret_3",
      "X-Api-Key": "secret_4",
      "X-Other": "kept",
    };
    for (const headers of [
      secrets,
      new Headers(secrets),
      Object.entries(secrets),
    ]) {
      const e = pkg.fromParts(500, headers, "");
      assert.deepEqual({ ...e.headers }, { "x-other": "kept" });
      const everything = JSON.stringify(e) + e.toString() + String(e.stack);
      assert.deepEqual(JSON.parse(JSON.stringify(e)).headers, [
        ["x-other", "kept"],
      ]);
      assert.ok(!/secret/i.test(everything), everything);
    }
  });
});

describe("instanceof across copies of the package", () => {
  test("errors of one copy are instances of the other's types", () => {
    for (const cls of catalog.classes) {
      const status = cls.statuses[0];
      if (status === undefined) {
        continue;
      }
      const e = copy.fromParts(status, {}, "");
      const id = cls.id as pkg.ErrorClassId;
      assert.ok(e instanceof pkg.ERROR_TYPES[id]);
      assert.ok(e instanceof pkg.APIError);
      assert.ok(pkg.isAPIError(e));
      assert.notEqual(copy.ERROR_TYPES[id], pkg.ERROR_TYPES[id]);
    }
    assert.ok(!(new Error("x") instanceof pkg.APIError));
    assert.ok(!pkg.isAPIError({ status: 500 }));
    assert.ok(!pkg.isAPIError(null));
  });
});
