import { createServer } from "node:http";

import { modelNotFound } from "@novita/errors/server";

export const server = createServer((req, res) => {
  const requestId = req.headers["x-request-id"]?.toString();
  const error = modelNotFound({ requestId });
  res.writeHead(error.status, error.headers.flat());
  res.end(error.body);
});
