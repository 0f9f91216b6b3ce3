import express, { type Response } from "express";

import {
  invalidApiKey,
  rateLimitExceeded,
  type ErrorResponse,
} from "@novita/errors/server";

/** Sends a built error as is (Express's `res.set` would add a charset). */
function send(res: Response, error: ErrorResponse): void {
  res.writeHead(error.status, error.headers.flat()).end(error.body);
}

export const app = express();

app.post("/v3/async/txt2img", (req, res) => {
  const requestId = req.get("x-request-id");
  if (req.get("authorization") === undefined) {
    // Only listed errors can be built; the catalog fixes status and body.
    send(res, invalidApiKey({ requestId }));
  } else if (req.query["burst"] === "1") {
    send(res, rateLimitExceeded({ requestId, retryAfterMs: 30_000 }));
  } else {
    res.json({ task_id: "t_1" });
  }
});
