// NovaKit's samples (seed 004): a flat `{"error": "..."}` body with no code;
// errors are recognised from the message, context fields sit at the top.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  Code,
  ERROR_TYPES,
  fromParts,
  isQuotaExceededError,
  isRateLimitError,
  withRetries,
  type ErrorClassId,
} from "@novakit/errors";

const samples: [number, string, string | undefined, ErrorClassId][] = [
  [400, "prompt is required", Code.PromptRequired, "bad_request"],
  [400, "input text cannot be empty", Code.InputTextEmpty, "bad_request"],
  [
    400,
    "speed must be between 0.25 and 4.0",
    Code.SpeedOutOfRange,
    "bad_request",
  ],
  [400, "Invalid operation", Code.InvalidOperation, "bad_request"],
  [400, "mask is required for inpainting", Code.MaskRequired, "bad_request"],
  [401, "Invalid API key", Code.InvalidApiKey, "authentication"],
  [401, "API key not found", Code.ApiKeyNotFound, "authentication"],
  [401, "API key has been revoked", Code.ApiKeyRevoked, "authentication"],
  [402, "Credits limit exceeded", Code.CreditsLimitExceeded, "quota_exceeded"],
  [
    402,
    "Video seconds limit exceeded",
    Code.VideoSecondsLimitExceeded,
    "quota_exceeded",
  ],
  [
    402,
    "Agent run quota exceeded",
    Code.AgentRunQuotaExceeded,
    "quota_exceeded",
  ],
  [403, "Missing required scope: image", Code.MissingScope, "permission"],
  [403, "Model tier not allowed", Code.ModelTierNotAllowed, "permission"],
  [
    403,
    "AI Agents are not available on your current plan",
    Code.FeatureNotOnPlan,
    "permission",
  ],
  [404, "Agent not found", Code.AgentNotFound, "not_found"],
  [404, "Job not found", Code.JobNotFound, "not_found"],
  [404, "Webhook not found", Code.WebhookNotFound, "not_found"],
  [500, "Internal server error", Code.InternalError, "server"],
  [500, "Generation failed", Code.GenerationFailed, "server"],
  [400, "something new", undefined, "bad_request"],
];

for (const [status, message, code, errorClass] of samples) {
  test(`${String(status)} ${message}`, () => {
    const e = fromParts(status, {}, JSON.stringify({ error: message }));
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    assert.ok(e instanceof ERROR_TYPES[errorClass]);
  });
}

test("402 image quota carries typed context", () => {
  const body =
    '{"error": "Image generation limit exceeded", "generations_remaining": 0, "generations_needed": 1, "quota_multiplier": 1.5, "credits_estimated": 15}';
  const e = fromParts(402, {}, body);
  assert.ok(isQuotaExceededError(e));
  assert.equal(e.code, Code.ImageGenerationLimitExceeded);
  assert.deepEqual(e.context, {
    generationsRemaining: 0,
    generationsNeeded: 1,
    quotaMultiplier: 1.5,
    creditsEstimated: 15,
  });
  assert.deepEqual(e.definition?.fields, [
    "credits_estimated",
    "generations_needed",
    "generations_remaining",
    "quota_multiplier",
  ]);
});

test("402 TTS and STT quotas", () => {
  const tts = fromParts(
    402,
    {},
    '{"error": "TTS character limit exceeded", "chars_remaining": 0, "chars_needed": 500}',
  );
  assert.equal(tts.code, Code.TtsCharacterLimitExceeded);
  assert.equal(tts.context.charsRemaining, 0);
  assert.equal(tts.context.charsNeeded, 500);
  const stt = fromParts(
    402,
    {},
    '{"error": "STT limit exceeded", "seconds_remaining": 0, "seconds_needed": 60}',
  );
  assert.equal(stt.code, Code.SttLimitExceeded);
  assert.equal(stt.context.secondsNeeded, 60);
});

test("an integer field with a fraction is absent", () => {
  const e = fromParts(
    402,
    {},
    '{"error": "TTS character limit exceeded", "chars_needed": 1.5, "chars_remaining": "0"}',
  );
  assert.equal(e.context.charsNeeded, undefined);
  assert.equal(e.context.charsRemaining, undefined);
});

test("429 retry_after: 30 in the body", async () => {
  const body =
    '{"error": "Rate limit exceeded. Try again in 30 seconds.", "retry_after": 30}';
  const e = fromParts(429, {}, body);
  assert.ok(isRateLimitError(e));
  assert.equal(e.code, Code.RateLimitExceeded);
  assert.equal(e.context.retryAfter, 30);
  assert.equal(e.retryAfterMs, 30_000);
  assert.equal(e.retryable, true);

  const slept: number[] = [];
  let attempts = 0;
  await assert.rejects(
    withRetries(
      () => {
        attempts++;
        return Promise.reject(fromParts(429, {}, body));
      },
      {
        sleep: (ms) => {
          slept.push(ms);
          return Promise.resolve();
        },
      },
    ),
  );
  assert.equal(attempts, 3);
  assert.deepEqual(slept, [30_000, 30_000]);
});

test("the Retry-After header wins over the body", () => {
  const body = '{"error": "Rate limit exceeded", "retry_after": 30}';
  const e = fromParts(429, { "retry-after": "5" }, body);
  assert.equal(e.retryAfterMs, 5000);
});
