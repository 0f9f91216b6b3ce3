// Problem Shop (RFC 9457): the `type` URI is the code, `about:blank` is no
// code, and `errors` lists invalid members with JSON Pointers.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  Code,
  formatMessage,
  formatOutOfCredit,
  fromParts,
  isForbiddenError,
} from "@problems/errors";

const problem = (members: Record<string, unknown>) => JSON.stringify(members);

test("a type URI is the code and gets a good identifier", () => {
  assert.equal(
    Code.OutOfCredit,
    "https://api.shop.example/problems/out-of-credit",
  );
  const e = fromParts(
    403,
    { "content-type": "application/problem+json" },
    problem({ type: Code.OutOfCredit, detail: "Balance 30, cost 50." }),
  );
  assert.ok(isForbiddenError(e));
  assert.equal(e.code, Code.OutOfCredit);
  assert.equal(e.message, "Balance 30, cost 50.");
});

test("about:blank and a missing type are no code", () => {
  for (const body of [
    problem({ type: "about:blank", title: "Not Found" }),
    problem({ title: "Not Found" }),
  ]) {
    const e = fromParts(404, {}, body);
    assert.equal(e.code, undefined);
    assert.equal(e.message, "Not Found");
  }
});

test("the template is filled from the body's members", () => {
  const e = fromParts(403, {}, problem({ type: Code.OutOfCredit, cost: 50 }));
  assert.equal(
    e.message,
    "Your current balance is <balance>, but that costs 50.",
  );
  assert.equal(
    formatOutOfCredit({ balance: -9007199254740991, cost: 0 }),
    "Your current balance is -9007199254740991, but that costs 0.",
  );
  assert.equal(
    formatMessage(Code.OutOfCredit, { balance: 30, cost: 50 }, 403),
    "Your current balance is 30, but that costs 50.",
  );
  assert.equal(formatMessage(Code.OutOfCredit, {}, 500), undefined);
});

test("validation problems list their members as items", () => {
  const e = fromParts(
    422,
    {},
    problem({
      type: Code.ValidationError,
      errors: [
        { detail: "must be positive", pointer: "#/age" },
        { detail: "", pointer: "#/profile/color" },
      ],
    }),
  );
  assert.equal(e.code, Code.ValidationError);
  assert.deepEqual(
    e.items.map((i) => [i.code, i.message, i.location]),
    [
      [undefined, "must be positive", "#/age"],
      [undefined, undefined, "#/profile/color"],
    ],
  );
});
