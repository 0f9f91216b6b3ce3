// CardPay (Stripe's model): the class comes from `error.type`, the code from
// `error.code`, and `decline_code` is a typed sub-code open to new values.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CardError,
  Code,
  DeclineCode,
  fromParts,
  GrpcCode,
  IdempotencyError,
  isCardError,
  isKnownDeclineCode,
  isServerError,
  SUBCODES,
  type AnyDeclineCode,
} from "@cardpay/errors";

const declined = (declineCode: string) =>
  JSON.stringify({
    error: {
      type: "card_error",
      code: "card_declined",
      decline_code: declineCode,
      message: "Your card was declined.",
    },
  });

test("a decline code is typed and documented", () => {
  const e = fromParts(402, [["Request-Id", "req_1"]], declined("fraudulent"));
  assert.ok(isCardError(e));
  assert.equal(e.code, Code.CardDeclined);
  assert.equal(e.declineCode, DeclineCode.Fraudulent);
  assert.equal(e.requestId, "req_1");
  const reason: AnyDeclineCode | undefined = e.declineCode;
  assert.ok(reason !== undefined && isKnownDeclineCode(reason));
  assert.deepEqual(
    SUBCODES.map((s) => [s.name, s.key, s.at]),
    [["decline_code", "declineCode", "/error/decline_code"]],
  );
  assert.equal(SUBCODES[0]?.values.length, Object.keys(DeclineCode).length);
});

test("an unknown decline code is kept verbatim; an empty one is absent", () => {
  const e = fromParts(402, {}, declined("issuer_on_holiday"));
  assert.equal(e.declineCode, "issuer_on_holiday");
  assert.equal(isKnownDeclineCode("issuer_on_holiday"), false);
  assert.equal(fromParts(402, {}, declined("")).declineCode, undefined);
  assert.equal(fromParts(402, {}, "{}").declineCode, undefined);
});

test("the type discriminator gives the class when nothing else does", () => {
  const idem = fromParts(
    400,
    {},
    '{"error":{"type":"idempotency_error","message":"Keys for idempotent requests..."}}',
  );
  assert.ok(idem instanceof IdempotencyError);
  assert.equal(idem.code, undefined);
  assert.equal(idem.grpc, GrpcCode.InvalidArgument);

  const card = fromParts(400, {}, '{"error":{"type":"card_error"}}');
  assert.ok(card instanceof CardError);
  assert.equal(card.message, "Card declined");

  // The definition's class comes first: rate_limit at 429 whatever the type.
  const limited = fromParts(
    429,
    {},
    '{"error":{"type":"card_error","code":"rate_limit"}}',
  );
  assert.equal(limited.errorClass, "rate_limit");

  const server = fromParts(402, {}, '{"error":{"type":"api_error"}}');
  assert.ok(isServerError(server));
  assert.equal(server.grpc, GrpcCode.Unknown);
});

test("gRPC codes follow the status when the spec gives none", () => {
  assert.equal(fromParts(404, {}, "").grpc, "NOT_FOUND");
  assert.equal(fromParts(401, {}, "").grpc, "UNAUTHENTICATED");
  assert.equal(fromParts(503, {}, "").grpc, "UNAVAILABLE");
});
