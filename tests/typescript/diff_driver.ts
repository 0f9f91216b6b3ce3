// The TypeScript side of the differential fuzzer (tests/differential/fuzz.py):
// reads a file of cases, prints what the package makes of each, normalised as
// fuzz.py describes. Compiled beside the tests against the package under test:
//
//     node dist/tests/diff_driver.js CASES.json

import { readFileSync } from "node:fs";
import * as pkg from "errcat-under-test";

interface Case {
  status: number;
  headers: [string, string][];
  body_base64: string;
  now_unix_ms: number;
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

/** Empty strings count as absent, as fuzz.py says. */
function orNull(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : value;
}

/** Every sub-code present, by name, with whether the spec lists it. */
function subcodes(
  e: pkg.APIError,
): Record<string, { value: string; known: boolean }> {
  const present: Record<string, { value: string; known: boolean }> = {};
  for (const info of pkg.SUBCODES) {
    const value: unknown = Reflect.get(e, info.key);
    if (typeof value === "string") {
      present[info.name] = {
        value,
        known: pkg.isKnownSubcode(info.name, value),
      };
    }
  }
  return present;
}

function observed(c: Case): Record<string, unknown> {
  try {
    const body = new Uint8Array(Buffer.from(c.body_base64, "base64"));
    const e = pkg.fromParts(c.status, c.headers, body, {
      now: () => c.now_unix_ms,
    });
    return {
      status: e.status,
      class: e.errorClass ?? null,
      code: orNull(e.code),
      known_code: e.code !== undefined && pkg.isKnownCode(e.code),
      message: e.message,
      request_id: orNull(e.requestId),
      field: orNull(e.field),
      retryable: e.retryable,
      retry_after_ms:
        e.retryAfterMs === undefined ? null : Math.floor(e.retryAfterMs),
      context: wireContext(e),
      items: e.items.map((item) => ({
        code: orNull(item.code),
        known_code: item.code !== undefined && pkg.isKnownCode(item.code),
        message: orNull(item.message),
        field: orNull(item.field),
        location: orNull(item.location),
      })),
      subcodes: subcodes(e),
      domain: orNull(e.domain),
      metadata: { ...e.metadata },
      grpc: e.grpc,
      rate_limit:
        e.rateLimit === undefined
          ? null
          : {
              limit: e.rateLimit.limit ?? null,
              remaining: e.rateLimit.remaining ?? null,
              reset_ms: e.rateLimit.resetMs ?? null,
              window_ms: e.rateLimit.windowMs ?? null,
              policy: orNull(e.rateLimit.policy),
            },
    };
  } catch (error) {
    return { crash: String(error) };
  }
}

const path = process.argv[2];
if (path === undefined) {
  throw new Error("usage: diff_driver.js CASES.json");
}
const cases = JSON.parse(readFileSync(path, "utf8")) as Case[];
process.stdout.write(JSON.stringify(cases.map(observed)));
