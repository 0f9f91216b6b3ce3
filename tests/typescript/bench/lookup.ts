// Lookup micro-benchmark: how long finding a code's metadata from its string
// takes in a generated TypeScript package (known codes and unknown ones).
//
//   tools/node_modules/.bin/tsc -p tests/typescript/bench
//   node target/typescript-bench/lookup.js <package dir> [--ops N]
//
// The package dir is a generated `typescript/` output (with `src/`); it is
// compiled with the pinned tsc into a temporary directory first. (This file
// compiles to CommonJS, so it runs from `target/` with no package.json.) Prints
// `lookup_ns_per_op=<ns>` (known and unknown codes, interleaved) last.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

interface Package {
  readonly Code: Readonly<Record<string, string>>;
  readonly DEFINITIONS: ReadonlyMap<string, readonly { status: number }[]>;
}

function fail(why: string): never {
  console.error(`lookup: ${why}`);
  console.error("usage: node lookup.js <generated typescript dir> [--ops N]");
  process.exit(2);
}

/** The pinned tsc: `tools/node_modules/typescript/bin/tsc` above this file. */
function findTsc(): string {
  let dir = __dirname;
  for (;;) {
    const tsc = path.join(dir, "tools/node_modules/typescript/bin/tsc");
    if (existsSync(tsc)) {
      return tsc;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      fail("no tools/node_modules/typescript; run `npm ci --prefix tools`");
    }
    dir = parent;
  }
}

const args = process.argv.slice(2);
const opsFlag = args.indexOf("--ops");
const ops = opsFlag >= 0 ? Number(args[opsFlag + 1]) : 4_000_000;
const dir = args.find(
  (a, i) => !a.startsWith("--") && (opsFlag < 0 || i !== opsFlag + 1),
);
if (dir === undefined || !existsSync(path.join(dir, "tsconfig.json"))) {
  fail(`${String(dir)} is not a generated TypeScript package`);
}
if (!Number.isInteger(ops) || ops <= 0) {
  fail("--ops takes a positive integer");
}

/** Builds the package, times its lookups, prints the figures. */
async function main(dir: string): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), "errcat-lookup-"));
  try {
    const built = spawnSync(
      process.execPath,
      [findTsc(), "-p", dir, "--outDir", out, "--declaration", "false"],
      { stdio: "inherit" },
    );
    if (built.status !== 0) {
      fail(`tsc failed on ${dir}`);
    }
    writeFileSync(path.join(out, "package.json"), '{ "type": "module" }\n');
    const url = pathToFileURL(path.join(out, "index.js")).href;
    const pkg = (await import(url)) as Package;

    const known = [...new Set(Object.values(pkg.Code))];
    // Near-miss unknown codes (a known code with its last character replaced),
    // built up front and flattened by the warm-up, so the loop times only the
    // lookup; `mixed` interleaves known and unknown ones.
    const unknown = known.map((code, i) => `${code.slice(0, -1)}~${String(i)}`);
    const mixed = known.flatMap((code, i) => [code, unknown[i]!]);

    /** Looks up `codes` round-robin `n` times; returns ns per lookup. */
    const time = (codes: readonly string[], n: number): number => {
      let sum = 0;
      const start = process.hrtime.bigint();
      for (let i = 0, j = 0; i < n; i++, j++) {
        if (j === codes.length) {
          j = 0;
        }
        const definitions = pkg.DEFINITIONS.get(codes[j]!);
        sum += definitions === undefined ? 1 : definitions[0]!.status;
      }
      const elapsed = Number(process.hrtime.bigint() - start);
      if (sum === 0) {
        console.error("lookup: nothing found");
      }
      return elapsed / n;
    };

    // Best of three rounds each, after a warm-up, so JIT tiering and GC
    // pauses do not decide the figure.
    const best = (codes: readonly string[]) => {
      time(codes, ops);
      return Math.min(time(codes, ops), time(codes, ops), time(codes, ops));
    };
    const knownNs = best(known);
    const unknownNs = best(unknown);
    const mixedNs = best(mixed);
    const found = known.filter((c) => pkg.DEFINITIONS.has(c)).length;
    const missed = unknown.filter((c) => !pkg.DEFINITIONS.has(c)).length;
    if (found !== known.length || missed !== unknown.length) {
      fail(
        `lookups are wrong: ${String(found)} known, ${String(missed)} unknown`,
      );
    }
    console.log(
      `codes=${String(known.length)} ops=${String(ops)} known_ns_per_op=${knownNs.toFixed(1)} unknown_ns_per_op=${unknownNs.toFixed(1)}`,
    );
    console.log(`lookup_ns_per_op=${mixedNs.toFixed(1)}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

void main(dir);
