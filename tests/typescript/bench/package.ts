// Measures a generated TypeScript package as its users meet it.
//
//   tools/node_modules/.bin/tsc -p tests/typescript/bench
//   node target/typescript-bench/package.js <package dir> <status> <body> [--runs N]
//
// The package dir is a generated `typescript/` output; it is compiled with the
// pinned tsc into a temporary directory laid out as an installed package
// (`node_modules/<name>/`). Prints `key=value` fields:
// - `load_ms`: `await import()` of the package in a fresh Node process
//   (timed inside it, so Node's own start-up is out), median of N;
// - `node_ms`: wall time of a fresh `node -e ""`, median of N, for scale;
// - `bundle_bytes`: esbuild's minified ESM bundle of
//   tests/consumers/typescript/bundle.mjs (one class and `fromResponse`),
//   the entry the publish suite bundles;
// - `parse_ns`, `floor_ns`: `fromParts(status, headers, body)` on one
//   typical error response, and a hand-written minimal parser of the same
//   envelope (`JSON.parse`, the code, message and request id) as the floor.

import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

interface Parsed {
  readonly message: string;
  readonly requestId: string | undefined;
  readonly code: unknown;
}

interface Package {
  fromParts(
    status: number,
    headers: Record<string, string>,
    body: string,
  ): Parsed;
  isKnownCode(code: string): boolean;
}

function fail(why: string): never {
  console.error(`package: ${why}`);
  console.error(
    "usage: node package.js <generated typescript dir> <status> <body> [--runs N]",
  );
  process.exit(2);
}

/** The repository root: the directory above this file holding tools/. */
function findRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, "tools/node_modules/typescript/bin/tsc"))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      fail("no tools/node_modules/typescript; run `npm ci --prefix tools`");
    }
    dir = parent;
  }
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** ns per call of `f`: the best of five rounds of `n` calls. */
function perCall(f: () => number, n = 100_000): number {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < 6; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      sink += f();
    }
    const ns = Number(process.hrtime.bigint() - start) / n;
    // The first round is the warm-up (JIT tiering).
    if (round > 0) {
      best = Math.min(best, ns);
    }
  }
  if (sink === 0) {
    console.error("package: nothing parsed");
  }
  return best;
}

/** What the floor keeps of a response: what an app reads off an error. */
class Minimal extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

/** The floor: parse the JSON body, read `reason` and `message`, find the
 * request id header in any case. */
function minimal(
  status: number,
  headers: Record<string, string>,
  body: string,
): Minimal {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    doc = undefined;
  }
  const object =
    typeof doc === "object" && doc !== null
      ? (doc as Record<string, unknown>)
      : {};
  const { reason, message } = object;
  let requestId: string | undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === "x-request-id") {
      requestId = v;
    }
  }
  return new Minimal(
    status,
    typeof reason === "string" ? reason : undefined,
    typeof message === "string" ? message : "",
    requestId,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsFlag = args.indexOf("--runs");
  const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 9;
  const rest = args.filter(
    (_, i) => runsFlag < 0 || (i !== runsFlag && i !== runsFlag + 1),
  );
  const [dir, statusText, body] = rest;
  if (
    dir === undefined ||
    body === undefined ||
    !existsSync(path.join(dir, "package.json"))
  ) {
    fail(`${String(dir)} is not a generated TypeScript package`);
  }
  const status = Number(statusText);
  const root = findRoot();
  const bin = path.join(root, "tools/node_modules/.bin");
  const manifest = JSON.parse(
    readFileSync(path.join(dir, "package.json"), "utf8"),
  ) as { name: string };

  const work = mkdtempSync(path.join(tmpdir(), "errcat-package-"));
  try {
    const installed = path.join(work, "node_modules", manifest.name);
    mkdirSync(installed, { recursive: true });
    const built = spawnSync(
      process.execPath,
      [
        path.join(root, "tools/node_modules/typescript/bin/tsc"),
        "-p",
        dir,
        "--outDir",
        installed,
        "--declaration",
        "false",
      ],
      { stdio: "inherit" },
    );
    if (built.status !== 0) {
      fail(`tsc failed on ${dir}`);
    }
    writeFileSync(
      path.join(installed, "package.json"),
      JSON.stringify({
        name: manifest.name,
        type: "module",
        exports: { ".": "./index.js" },
      }),
    );
    const url = pathToFileURL(path.join(installed, "index.js")).href;

    const loads: number[] = [];
    const nodes: number[] = [];
    const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
    for (let i = 0; i < runs; i++) {
      const load = spawnSync(
        process.execPath,
        ["--input-type=module", "-e", script],
        { encoding: "utf8" },
      );
      if (load.status !== 0) {
        fail(`importing the package failed: ${load.stderr}`);
      }
      loads.push(Number(load.stdout.trim()));
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, ["-e", ""]);
      nodes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }

    copyFileSync(
      path.join(root, "tests/consumers/typescript/bundle.mjs"),
      path.join(work, "bundle.mjs"),
    );
    const bundled = spawnSync(
      path.join(bin, "esbuild"),
      [
        "bundle.mjs",
        "--bundle",
        "--minify",
        "--format=esm",
        "--platform=neutral",
        "--log-level=warning",
        "--outfile=bundle.js",
      ],
      { cwd: work, stdio: "inherit" },
    );
    if (bundled.status !== 0) {
      fail("esbuild failed");
    }
    const bundleBytes = statSync(path.join(work, "bundle.js")).size;
    console.log(
      `load_ms=${median(loads).toFixed(2)} node_ms=${median(nodes).toFixed(2)} bundle_bytes=${String(bundleBytes)}`,
    );

    const pkg = (await import(url)) as Package;
    const headers = {
      "Content-Type": "application/json",
      "X-Request-Id": "req_42",
    };
    const err = pkg.fromParts(status, headers, body);
    const floor = minimal(status, headers, body);
    if (
      typeof err.code !== "string" ||
      !pkg.isKnownCode(err.code) ||
      err.message !== floor.message ||
      err.requestId !== floor.requestId
    ) {
      fail(`the package and the floor disagree: ${String(err.message)}`);
    }
    const parseNs = perCall(
      () => pkg.fromParts(status, headers, body).message.length,
    );
    const floorNs = perCall(
      () => minimal(status, headers, body).message.length,
    );
    console.log(
      `parse_ns=${parseNs.toFixed(0)} floor_ns=${floorNs.toFixed(0)}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
