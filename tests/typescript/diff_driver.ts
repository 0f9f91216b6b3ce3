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

function observed(c: Case): Record<string, unknown> {
  try {
    const body = new Uint8Array(Buffer.from(c.body_base64, "base64"));
    const e = pkg.fromParts(c.status, c.headers, body, {
      now: () => c.now_unix_ms,
    });
    return {
      status: e.status,
      class: e.errorClass ?? null,
      code: e.code === undefined || e.code === "" ? null : e.code,
      known_code: e.code !== undefined && pkg.isKnownCode(e.code),
      message: e.message,
      request_id:
        e.requestId === undefined || e.requestId === "" ? null : e.requestId,
      field: e.field === undefined || e.field === "" ? null : e.field,
      retryable: e.retryable,
      retry_after_ms:
        e.retryAfterMs === undefined ? null : Math.floor(e.retryAfterMs),
      context: wireContext(e),
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
