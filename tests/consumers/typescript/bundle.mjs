// What an app that catches one error class pulls in: esbuild bundles this
// (minified ESM) and README.md records the bytes.
import { RateLimitError, fromResponse } from "@novita/errors";

export async function isRateLimited(response) {
  return (await fromResponse(response)) instanceof RateLimitError;
}
