import {
  Code,
  fromResponse,
  isAuthenticationError,
  withRetries,
} from "@novita/errors";

export async function listModels(apiKey: string): Promise<unknown> {
  try {
    // Retries 429 and 5xx as the error catalog says, honouring Retry-After;
    // each attempt brings the headers the catalog adds (an idempotency key).
    return await withRetries(async (attempt) => {
      const response = await fetch("https://api.novita.ai/v3/openai/models", {
        headers: { ...attempt.headers, Authorization: `Bearer ${apiKey}` },
      });
      if (!response.ok) throw await fromResponse(response);
      return response.json();
    });
  } catch (error) {
    if (isAuthenticationError(error) && error.code === Code.InvalidApiKey) {
      console.error(`check NOVITA_API_KEY (request ${error.requestId})`);
    }
    throw error;
  }
}
