import axios from "axios";

import { fromResponse, withRetries } from "@novita/errors";

export async function listModelsWithAxios(
  apiKey: string,
  baseURL = "https://api.novita.ai",
): Promise<unknown> {
  // The same retries as with fetch; axios rejects every error status.
  return withRetries(async (attempt) => {
    try {
      const response = await axios.get(`${baseURL}/v3/openai/models`, {
        headers: { ...attempt.headers, Authorization: `Bearer ${apiKey}` },
      });
      return response.data;
    } catch (error) {
      // An error response becomes the typed error; an AxiosError without a
      // response (refused, reset) is rethrown: a connection error.
      if (axios.isAxiosError(error) && error.response !== undefined) {
        throw await fromResponse(error);
      }
      throw error;
    }
  });
}
