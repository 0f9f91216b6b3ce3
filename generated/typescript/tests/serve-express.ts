import express from "express";

import { invalidApiKey, rateLimitExceeded } from "@novita/errors/server";

export const app = express();

app.post("/v3/async/txt2img", (req, res) => {
  const requestId = req.get("x-request-id");
  if (req.get("authorization") === undefined) {
    // Only listed errors can be built; the catalog fixes status and body.
    const error = invalidApiKey({ requestId });
    res.status(error.status).set(Object.fromEntries(error.headers));
    res.end(error.body);
    return;
  }
  if (req.query["burst"] === "1") {
    const error = rateLimitExceeded({ requestId, retryAfterMs: 30_000 });
    res.status(error.status).set(Object.fromEntries(error.headers));
    res.end(error.body);
    return;
  }
  res.json({ task_id: "t_1" });
});
