//! `cargo xtask bench`: how the cost of `gen` and `check` grows with the
//! catalog, beside the I/O floor and a peer generator.
//!
//! Every measurement times a whole process (the release build of xtask), so
//! start-up, loading, rendering and writing are all in. Specs of 1,000 to
//! 50,000 errors are synthesised on the fly from the shipped manifest with
//! realistic text. Results go to `target/bench/report.{md,json}`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Args;

#[derive(Args)]
pub struct Options {
    /// Runs per measurement (the median is reported).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Synthetic catalog sizes, in errors.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000, 50_000])]
    sizes: Vec<usize>,
    /// Skip the peer (quicktype from npm).
    #[arg(long)]
    no_peer: bool,
    /// Skip compiling the generated Rust crate for the 10,000-error spec.
    #[arg(long)]
    no_compile: bool,
    /// Skip the per-language code-lookup micro-benchmarks on the 10,000-error packages.
    #[arg(long)]
    no_lookup: bool,
}

/// Each language's lookup micro-benchmark on the 10,000-error package: the
/// command (run from the repo root or the given dir) prints `lookup_ns_per_op=N`.
fn lookup_benchmarks() -> Vec<(&'static str, Option<f64>)> {
    let out = "target/bench/out-10000";
    let runs: [(&str, &str, Vec<String>); 4] = [
        (
            "Rust",
            ".",
            vec![
                "cargo".into(),
                "run".into(),
                "--quiet".into(),
                "--release".into(),
                "--manifest-path".into(),
                "tests/rust/bench/Cargo.toml".into(),
            ],
        ),
        ("Python", ".", vec![".venv/bin/python".into(), "tests/python/bench/lookup.py".into(), format!("{out}/python")]),
        (
            "TypeScript",
            ".",
            vec![
                "sh".into(),
                "-c".into(),
                format!("tools/node_modules/.bin/tsc -p tests/typescript/bench && node target/typescript-bench/lookup.js {out}/typescript"),
            ],
        ),
        ("Go", "tests/go", vec!["go".into(), "run".into(), "./bench".into(), format!("../../{out}/go")]),
    ];
    runs.into_iter()
        .map(|(language, dir, argv)| {
            eprintln!("lookup micro-benchmark: {language}…");
            let output = Command::new(&argv[0]).args(&argv[1..]).current_dir(dir).output();
            let text = match &output {
                // Some runners print their figures on stderr (go run does for log output).
                Ok(o) => format!("{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
                Err(err) => format!("cannot run {}: {err}", argv[0]),
            };
            let value = text.lines().find_map(|l| {
                // The figure is the first field: `lookup_ns_per_op=N other=M ...`.
                let first = l.split_whitespace().next()?;
                first.strip_prefix("lookup_ns_per_op=").and_then(|v| v.parse().ok())
            });
            if value.is_none() {
                eprintln!("{language}: no lookup_ns_per_op in its output:\n{}", text.trim());
            }
            (language, value)
        })
        .collect()
}

struct Timing {
    median: Duration,
    min: Duration,
    max: Duration,
}

impl Timing {
    fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1e3
    }
}

/// Flushes what earlier runs wrote (untimed, before each timed run).
/// Otherwise each run of a large spec competes with the disk write-back of
/// the hundreds of MiB the run before it wrote and deleted, which a user
/// running `gen` once never sees; at 50,000 errors that made the spread
/// 0.9-1.8 s for the same binary.
fn settle() {
    let _ = Command::new("sync").status();
}

/// Runs `make()` `runs` times (after one warm-up run) and times each.
fn time(runs: usize, mut make: impl FnMut() -> Command) -> Option<Timing> {
    let run = |cmd: &mut Command| -> Option<Duration> {
        let start = Instant::now();
        let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().ok()?;
        let elapsed = start.elapsed();
        status.success().then_some(elapsed)
    };
    if runs > 1 {
        run(&mut make())?; // warm-up: file cache, page cache, lazy loading
    }
    let mut times: Vec<Duration> = (0..runs).map(|_| run(&mut make())).collect::<Option<_>>()?;
    times.sort();
    Some(Timing { median: times[times.len() / 2], min: times[0], max: times[times.len() - 1] })
}

/// Peak resident memory of one run, in MiB, from GNU time when installed.
fn peak_mib(mut cmd: Command) -> Option<f64> {
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped.arg("-f").arg("%M").arg(cmd.get_program()).args(cmd.get_args());
    let _ = &mut cmd;
    let out = wrapped.stdout(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

const VERBS: &[&str] =
    &["create", "update", "delete", "attach", "resize", "migrate", "renew", "verify", "upload", "schedule", "cancel", "restore"];
const NOUNS: &[&str] = &[
    "instance", "volume", "snapshot", "endpoint", "template", "network", "order", "invoice", "model", "job", "token", "webhook", "bucket",
    "cluster", "image", "worker",
];
const STATES: &[(&str, u16)] = &[
    ("is not found", 404),
    ("already exists", 409),
    ("is in use", 400),
    ("exceeds its limit", 400),
    ("is not supported in this region", 400),
    ("is locked by another operation", 409),
    ("requires a verified account", 403),
    ("was rejected by the billing service", 402),
    ("timed out upstream", 504),
    ("failed unexpectedly", 500),
    ("is rate limited", 429),
    ("is temporarily unavailable", 503),
];

/// Writes a spec of `n` errors to `dir`: the shipped manifest, and `n`
/// errors spread over `n / 250` domains (at least 4), some codes shared
/// between domains as in real catalogs.
pub fn synthesize(dir: &Path, n: usize) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("domains"))?;
    let manifest = std::fs::read_to_string("spec/errcat.toml")?.replace("id = \"novita\"", "id = \"synthetic\"");
    // The shipped manifest has no 409 class; synthetic errors use it too.
    let manifest = manifest.replace("[classes.not_found]", "[classes.conflict]\ntitle = \"Conflict\"\nstatuses = [409]\ndescription = \"The resource is in a conflicting state.\"\n\n[classes.not_found]");
    std::fs::write(dir.join("errcat.toml"), manifest)?;
    let domains = (n / 250).max(4);
    let mut written = 0;
    for d in 0..domains {
        let count = n / domains + usize::from(d < n % domains);
        let mut text = format!(
            "[domain]\nid = \"area_{d:03}\"\ntitle = \"Area {d}\"\ndescription = \"Synthetic domain {d} of {domains}.\"\norder = {d}\n"
        );
        for i in 0..count {
            let k = written + i;
            let verb = VERBS[k % VERBS.len()];
            let noun = NOUNS[(k / VERBS.len()) % NOUNS.len()];
            let (state, status) = STATES[(k / 7) % STATES.len()];
            // Every 20th error reuses a code from the previous domain.
            let code = if d > 0 && i % 20 == 0 {
                format!("{}_{}_{}", verb, noun, k - count).to_uppercase()
            } else {
                format!("{verb}_{noun}_{k}").to_uppercase()
            };
            let _ = write!(
                text,
                "\n[[errors]]\ncode = \"{code}\"\nstatus = {status}\nmessage = \"Failed to {verb} the {noun}: the {noun} {state}\"\ndescription = \"The request to {verb} a {noun} could not be completed because the {noun} {state}. Error {k} of {n}.\"\nremedy = \"Check the {noun} in the console, then retry the {verb} request.\"\n"
            );
        }
        written += count;
        std::fs::write(dir.join(format!("domains/area_{d:03}.toml")), text)?;
    }
    Ok(())
}

struct Row {
    label: String,
    errors: usize,
    files: usize,
    bytes: u64,
    generate: Timing,
    check: Timing,
    floor: Timing,
    peer: Option<Timing>,
    gen_mib: Option<f64>,
}

fn tree_size(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
                bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    (files, bytes)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| t.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| t.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<u64>().ok()))
        .map_or_else(|| "?".into(), |k| format!("{:.0} GiB", k as f64 / 1048576.0));
    format!("{cpu}, {cores} cores, {mem} RAM, {} {}", std::env::consts::OS, std::env::consts::ARCH)
}

/// Installs quicktype into `target/bench/peer` (npm), if it can.
fn quicktype() -> Option<PathBuf> {
    let dir = PathBuf::from("target/bench/peer");
    let bin = dir.join("node_modules/.bin/quicktype");
    if !bin.exists() {
        std::fs::create_dir_all(&dir).ok()?;
        let version = std::fs::read_to_string("tools/quicktype.version").ok()?;
        let ok = Command::new("npm")
            .args([
                "install",
                "--prefix",
                &dir.to_string_lossy(),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                &format!("quicktype@{}", version.trim()),
            ])
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
    }
    bin.exists().then_some(bin)
}

fn peer_time(runs: usize, bin: &Path, schema: &Path, out: &Path) -> Option<Timing> {
    // One process per language, as a user would run it: time the four together.
    let script = ["rust:rs", "python:py", "typescript:ts", "go:go"]
        .iter()
        .map(|pair| {
            let (lang, ext) = pair.split_once(':').unwrap_or_default();
            format!("{} --src-lang schema --lang {lang} -o {}/types.{ext} {} || exit 1", bin.display(), out.display(), schema.display())
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::create_dir_all(out).ok()?;
    time(runs, || {
        let mut c = Command::new("sh");
        c.arg("-c").arg(&script);
        c
    })
}

fn exponent(a: &Row, b: &Row, f: impl Fn(&Row) -> f64) -> f64 {
    (f(b) / f(a)).ln() / (b.errors as f64 / a.errors as f64).ln()
}

pub fn run(options: &Options) -> ExitCode {
    eprintln!("building xtask in release mode…");
    if !Command::new("cargo").args(["build", "--release", "--quiet", "-p", "xtask"]).status().is_ok_and(|s| s.success()) {
        return ExitCode::FAILURE;
    }
    // Where cargo put it: CARGO_TARGET_DIR when set (relative to the root,
    // where this runs, as cargo reads it), else target/.
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let exe = target_dir.join("release").join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let base = PathBuf::from("target/bench");
    let peer = if options.no_peer { None } else { quicktype() };
    if !options.no_peer && peer.is_none() {
        eprintln!("quicktype could not be installed; the peer column stays empty");
    }

    let mut cases: Vec<(String, PathBuf, usize)> = Vec::new();
    let shipped = errcat::load_catalog(Path::new("spec"), false).map(|c| c.errors().count()).unwrap_or(0);
    cases.push(("shipped spec/".into(), PathBuf::from("spec"), shipped));
    for &n in &options.sizes {
        let dir = base.join(format!("spec-{n}"));
        if let Err(e) = synthesize(&dir, n) {
            eprintln!("cannot write {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        cases.push((format!("synthetic {n}"), dir, n));
    }

    let mut rows = Vec::new();
    for (label, spec, errors) in &cases {
        eprintln!("measuring {label}…");
        let out = base.join(format!("out-{errors}"));
        let _ = std::fs::remove_dir_all(&out);
        let xtask = |verb: &str| {
            let mut c = Command::new(&exe);
            c.args([verb, "--spec", &spec.to_string_lossy(), "--out", &out.to_string_lossy()]);
            c
        };
        // gen into a fresh directory each run: the full cost, every file written.
        let generate = time(options.runs, || {
            let _ = std::fs::remove_dir_all(&out);
            settle();
            xtask("gen")
        });
        let Some(generate) = generate else {
            eprintln!("gen failed on {label}");
            return ExitCode::FAILURE;
        };
        let gen_mib = {
            let _ = std::fs::remove_dir_all(&out);
            peak_mib(xtask("gen"))
        };
        let Some(check) = time(options.runs, || {
            settle();
            xtask("check")
        }) else {
            eprintln!("check failed on {label}");
            return ExitCode::FAILURE;
        };
        let copy = base.join("floor-copy");
        let floor = time(options.runs, || {
            let _ = std::fs::remove_dir_all(&copy);
            settle();
            let mut c = Command::new("cp");
            c.arg("-r").arg(&out).arg(&copy);
            c
        })
        .expect("cp works");
        // The peer needs minutes past 10,000 codes: one run there, none beyond.
        let peer_runs = match *errors {
            n if n > 10_000 => 0,
            n if n > 1_000 => 1,
            _ => options.runs.min(3),
        };
        let schema = out.join("jsonschema/error-response.schema.json");
        let peer = peer.as_ref().filter(|_| peer_runs > 0).and_then(|bin| peer_time(peer_runs, bin, &schema, &base.join("peer-out")));
        let (files, bytes) = tree_size(&out);
        rows.push(Row { label: label.clone(), errors: *errors, files, bytes, generate, check, floor, peer, gen_mib });
    }

    let compile = if options.no_compile || !options.sizes.contains(&10_000) {
        None
    } else {
        eprintln!("compiling the generated Rust crate for 10,000 errors…");
        let dir = base.join("out-10000/rust");
        let start = Instant::now();
        let ok = dir.join("Cargo.toml").exists()
            && Command::new("cargo")
                .args([
                    "build",
                    "--quiet",
                    "--manifest-path",
                    &dir.join("Cargo.toml").to_string_lossy(),
                    "--target-dir",
                    &base.join("compile-target").to_string_lossy(),
                ])
                .status()
                .is_ok_and(|s| s.success());
        ok.then(|| start.elapsed())
    };

    let lookups = if options.no_lookup || !options.sizes.contains(&10_000) { Vec::new() } else { lookup_benchmarks() };
    let (md, json) = render(&rows, compile, &lookups);
    let _ = std::fs::write(base.join("report.md"), &md);
    let _ = std::fs::write(base.join("report.json"), &json);
    println!("{md}");
    eprintln!("written: target/bench/report.md, target/bench/report.json");
    ExitCode::SUCCESS
}

fn render(rows: &[Row], compile: Option<Duration>, lookups: &[(&str, Option<f64>)]) -> (String, String) {
    let ms = Timing::ms;
    let mut md = String::new();
    let _ = writeln!(md, "Machine: {}\n", machine());
    let _ = writeln!(
        md,
        "| spec | errors | files | MiB out | gen ms (min–max) | check ms | floor ms | gen/floor | peer ms | peer/gen | gen peak MiB |"
    );
    let _ = writeln!(md, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut json_rows = Vec::new();
    for r in rows {
        let peer = r.peer.as_ref().map_or("–".into(), |p| format!("{:.0}", ms(p.median)));
        let ratio = r.peer.as_ref().map_or("–".into(), |p| format!("{:.0}×", ms(p.median) / ms(r.generate.median)));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.1} | {:.1} ({:.1}–{:.1}) | {:.1} | {:.1} | {:.2} | {peer} | {ratio} | {} |",
            r.label,
            r.errors,
            r.files,
            r.bytes as f64 / 1048576.0,
            ms(r.generate.median),
            ms(r.generate.min),
            ms(r.generate.max),
            ms(r.check.median),
            ms(r.floor.median),
            ms(r.generate.median) / ms(r.floor.median),
            r.gen_mib.map_or("–".into(), |m| format!("{m:.1}"))
        );
        json_rows.push(format!(
            "    {{\"spec\": \"{}\", \"errors\": {}, \"files\": {}, \"bytes\": {}, \"gen_ms\": {:.2}, \"gen_min_ms\": {:.2}, \"gen_max_ms\": {:.2}, \"check_ms\": {:.2}, \"floor_ms\": {:.2}, \"peer_ms\": {}, \"gen_peak_mib\": {}}}",
            r.label,
            r.errors,
            r.files,
            r.bytes,
            ms(r.generate.median),
            ms(r.generate.min),
            ms(r.generate.max),
            ms(r.check.median),
            ms(r.floor.median),
            r.peer.as_ref().map_or("null".into(), |p| format!("{:.2}", ms(p.median))),
            r.gen_mib.map_or("null".into(), |m| format!("{m:.2}"))
        ));
    }
    let synthetic: Vec<&Row> = rows.iter().filter(|r| r.label.starts_with("synthetic")).collect();
    let mut exponents = Vec::new();
    for pair in synthetic.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let t = exponent(a, b, |r| ms(r.generate.median));
        let m = match (a.gen_mib, b.gen_mib) {
            (Some(x), Some(y)) => format!("{:.2}", (y / x).ln() / (b.errors as f64 / a.errors as f64).ln()),
            _ => "–".into(),
        };
        let _ = writeln!(md, "\nScaling {} → {} errors: time exponent {t:.2}, memory exponent {m}", a.errors, b.errors);
        exponents.push(format!("    {{\"from\": {}, \"to\": {}, \"time_exponent\": {t:.3}}}", a.errors, b.errors));
    }
    if let Some(c) = compile {
        let _ = writeln!(md, "\nCompiling the generated Rust crate for 10,000 errors (debug, cold): {:.1} s", c.as_secs_f64());
    }
    if !lookups.is_empty() {
        let _ = writeln!(
            md,
            "\nLooking up a code's metadata from its string in the 10,000-error packages (ns per lookup, known and unknown codes mixed):\n"
        );
        let _ = writeln!(md, "| Rust | Python | TypeScript | Go |\n| ---: | ---: | ---: | ---: |");
        let cells: Vec<String> = lookups.iter().map(|(_, v)| v.map_or("–".into(), |v| format!("{v:.0}"))).collect();
        let _ = writeln!(md, "| {} |", cells.join(" | "));
    }
    let lookup_json: Vec<String> =
        lookups.iter().map(|(l, v)| format!("\"{l}\": {}", v.map_or("null".into(), |v| format!("{v:.1}")))).collect();
    let json = format!(
        "{{\n  \"machine\": \"{}\",\n  \"rows\": [\n{}\n  ],\n  \"scaling\": [\n{}\n  ],\n  \"lookup_ns_per_op_10000\": {{{}}},\n  \"rust_compile_10000_s\": {}\n}}\n",
        machine().replace('"', "'"),
        json_rows.join(",\n"),
        exponents.join(",\n"),
        lookup_json.join(", "),
        compile.map_or("null".into(), |c| format!("{:.2}", c.as_secs_f64()))
    );
    (md, json)
}
