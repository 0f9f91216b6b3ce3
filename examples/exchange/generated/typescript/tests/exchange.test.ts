// Exchange (Binance's model): negative numeric codes, sent as JSON integers,
// named by the spec; one code at 429 and 418.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  BannedError,
  Code,
  fromParts,
  isKnownCode,
  RateLimitError,
} from "@exchange/errors";

test("numeric codes have names; the wire code stays the number", () => {
  assert.equal(Code.BadSymbol, "-1121");
  const e = fromParts(400, {}, '{"code":-1121,"msg":"Invalid symbol."}');
  assert.equal(e.code, Code.BadSymbol);
  assert.equal(e.definition?.code, "-1121");
  assert.equal(fromParts(400, {}, '{"code":"-1121"}').code, Code.BadSymbol);
});

test("integers only, within 2^53-1, written in decimal", () => {
  const code = (raw: string) => fromParts(400, {}, `{"code":${raw}}`).code;
  assert.equal(code("-1121.0"), "-1121");
  assert.equal(code("1e3"), "1000");
  assert.equal(code("-0"), "0");
  assert.equal(code("9007199254740991"), "9007199254740991");
  for (const raw of ["1.5", "9007199254740993", "true", "null", "[1]"]) {
    assert.equal(code(raw), undefined, raw);
  }
  assert.equal(isKnownCode("1001"), false);
});

test("one code at two statuses: each status its definition and class", () => {
  const weight = '{"code":-1003}';
  const limited = fromParts(429, {}, weight);
  const banned = fromParts(418, {}, weight);
  assert.ok(limited instanceof RateLimitError);
  assert.ok(banned instanceof BannedError);
  assert.notEqual(limited.message, banned.message);
  assert.equal(limited.grpc, "RESOURCE_EXHAUSTED");
  assert.equal(banned.grpc, "UNKNOWN");
  assert.equal(fromParts(400, {}, weight).definition, undefined);
});
