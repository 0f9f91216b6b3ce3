//! `cargo xtask bench`: how the cost of `gen` and `check` grows with the
//! catalog, beside the I/O floor and a peer generator.
//!
//! Every measurement times a whole process (the release build of xtask), so
//! start-up, loading, rendering and writing are all in. Specs of 1,000 to
//! 50,000 errors are synthesised on the fly from the shipped manifest with
//! realistic text. Results go to `<target>/bench/report.{md,json}`, where
//! `<target>` is cargo's target directory (`CARGO_TARGET_DIR`, else
//! `target/`). `--quick` (or `ERRCAT_BENCH_QUICK=1`) is the development
//! variant: 3 runs, sizes 1,000 and 10,000, no peer, no release build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Args;

mod packages;

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
    /// Skip measuring the generated packages (import, load, build, parse).
    #[arg(long)]
    no_packages: bool,
    /// Quick development run: 3 runs, sizes 1,000 and 10,000, no peer, no
    /// release build of the Rust crate, 5 processes per package start-up
    /// figure (also `ERRCAT_BENCH_QUICK=1`). Explicit --runs/--sizes still win.
    #[arg(long)]
    quick: bool,
}

impl Options {
    /// The options `--quick` stands for, where not given explicitly.
    fn effective(&self) -> Options {
        let quick = self.quick || std::env::var_os("ERRCAT_BENCH_QUICK").is_some_and(|v| v == "1");
        let defaults = self.runs == 7 && self.sizes == [1_000, 10_000, 50_000];
        let (runs, sizes) = if quick && defaults { (3, vec![1_000, 10_000]) } else { (self.runs, self.sizes.clone()) };
        Options {
            runs,
            sizes,
            no_peer: self.no_peer || quick,
            no_compile: self.no_compile,
            no_lookup: self.no_lookup,
            no_packages: self.no_packages,
            quick,
        }
    }
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set (relative to the
/// root, where this runs, as cargo reads it), else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()).map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

/// The output trees' parts whose bytes per error the report shows.
const ARTIFACTS: &[&str] = &["rust", "python", "typescript", "go", "reference", "conformance", "catalog.json", "openapi", "jsonschema"];

/// Each language's lookup micro-benchmark on the 10,000-error package: the
/// command (run from the repo root or the given dir) prints `lookup_ns_per_op=N`.
fn lookup_benchmarks(root: &Path, base: &Path, package: &str) -> Vec<(&'static str, Option<f64>)> {
    let out = root.join(base).join("out-10000");
    let out = out.display();
    let manifest = match packages::rust_driver(root, &base.join("rust-bench-10000"), &root.join(base).join("out-10000/rust"), package) {
        Ok(m) => m.to_string_lossy().into_owned(),
        Err(err) => format!("(cannot write the manifest: {err})"),
    };
    let ts = base.join("typescript-bench");
    let runs: [(&str, &str, Vec<String>); 4] = [
        (
            "Rust",
            ".",
            vec![
                "cargo".into(),
                "run".into(),
                "--quiet".into(),
                "--release".into(),
                "--bin".into(),
                "lookup".into(),
                "--manifest-path".into(),
                manifest,
            ],
        ),
        ("Python", ".", vec![".venv/bin/python".into(), "tests/python/bench/lookup.py".into(), format!("{out}/python")]),
        (
            "TypeScript",
            ".",
            vec![
                "sh".into(),
                "-c".into(),
                format!(
                    "tools/node_modules/.bin/tsc -p tests/typescript/bench --outDir {} && node {}/lookup.js {out}/typescript",
                    ts.display(),
                    ts.display()
                ),
            ],
        ),
        ("Go", "tests/go", vec!["go".into(), "run".into(), "./bench".into(), format!("{out}/go")]),
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
    check_mib: Option<f64>,
    /// Bytes of each of `ARTIFACTS`, in that order.
    artifacts: Vec<u64>,
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

/// Installs quicktype into `<target>/bench/peer` (npm), if it can.
fn quicktype(base: &Path) -> Option<PathBuf> {
    let dir = base.join("peer");
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
    let options = &options.effective();
    let Ok(root) = std::env::current_dir() else { return ExitCode::FAILURE };
    eprintln!("building xtask in release mode…");
    if !Command::new("cargo").args(["build", "--release", "--quiet", "-p", "xtask"]).status().is_ok_and(|s| s.success()) {
        return ExitCode::FAILURE;
    }
    // Where cargo put it, and where this bench works: cargo's target directory.
    let target_dir = target_dir();
    let exe = target_dir.join("release").join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let base = target_dir.join("bench");
    if let Err(e) = std::fs::create_dir_all(&base) {
        eprintln!("cannot create {}: {e}", base.display());
        return ExitCode::FAILURE;
    }
    let peer = if options.no_peer { None } else { quicktype(&base) };
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
        let check_mib = peak_mib(xtask("check"));
        let copy = base.join("floor-copy");
        let floor = time(options.runs, || {
            let _ = std::fs::remove_dir_all(&copy);
            settle();
            let mut c = Command::new("cp");
            c.arg("-r").arg(&out).arg(&copy);
            c
        })
        .expect("cp works");
        let _ = std::fs::remove_dir_all(&copy);
        // The peer needs minutes past 10,000 codes: one run there, none beyond.
        let peer_runs = match *errors {
            n if n > 10_000 => 0,
            n if n > 1_000 => 1,
            _ => options.runs.min(3),
        };
        let schema = out.join("jsonschema/error-response.schema.json");
        let peer = peer.as_ref().filter(|_| peer_runs > 0).and_then(|bin| peer_time(peer_runs, bin, &schema, &base.join("peer-out")));
        let (files, bytes) = tree_size(&out);
        let artifacts = ARTIFACTS
            .iter()
            .map(|a| tree_size(&out.join(a)).1.max(std::fs::metadata(out.join(a)).map_or(0, |m| if m.is_file() { m.len() } else { 0 })))
            .collect();
        rows.push(Row { label: label.clone(), errors: *errors, files, bytes, generate, check, floor, peer, gen_mib, check_mib, artifacts });
    }

    let has_10k = options.sizes.contains(&10_000);
    let mut builds = Vec::new();
    if !options.no_compile && has_10k {
        let dir = base.join("out-10000/rust");
        // The release build takes minutes: the quick mode leaves it out.
        for release in [false, true].into_iter().filter(|release| !release || !options.quick) {
            let mode = if release { "release" } else { "debug" };
            eprintln!("compiling the generated Rust crate for 10,000 errors ({mode}, cold)…");
            builds.push((mode, packages::rust_build(&dir, &base.join("compile-target"), release)));
        }
    }

    let mut package_rows = Vec::new();
    if !options.no_packages {
        let package_runs = if options.quick { 5 } else { 11 };
        let _ = std::fs::remove_dir_all(base.join("go-cache"));
        for (_, spec, errors) in cases.iter().filter(|(_, _, n)| *n == shipped || *n == 10_000) {
            let figures = packages::measure(&root, &base, spec, &base.join(format!("out-{errors}")), *errors, package_runs);
            package_rows.push((*errors, figures));
        }
        let _ = std::fs::remove_dir_all(base.join("go-cache"));
    }

    let rust_package = errcat::load_catalog(Path::new("spec"), false).map(|c| c.packages.rust).unwrap_or_default();
    let lookups = if options.no_lookup || !has_10k { Vec::new() } else { lookup_benchmarks(&root, &base, &rust_package) };
    let (md, json) = render(&rows, &builds, &lookups, &package_rows, options);
    let _ = std::fs::write(base.join("report.md"), &md);
    let _ = std::fs::write(base.join("report.json"), &json);
    println!("{md}");
    eprintln!("written: {0}/report.md, {0}/report.json", base.display());
    ExitCode::SUCCESS
}

fn json_num(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite()).map_or("null".into(), |v| format!("{v:.3}"))
}

fn cell(v: Option<f64>, digits: usize) -> String {
    v.filter(|v| v.is_finite()).map_or("–".into(), |v| format!("{v:.digits$}"))
}

/// The rows of the packages table: label, language, key, and how to show it
/// (the value is divided by the divisor first).
const PACKAGE_FIGURES: &[(&str, &str, &str, f64, usize)] = &[
    ("Python `import` total, ms (importtime)", "python", "import_total_us", 1e3, 1),
    ("Python `import`, the package's own modules, ms", "python", "import_self_us", 1e3, 1),
    ("Python `import` + first `from_parts`, imports ms", "python", "first_parse_import_us", 1e3, 1),
    ("Python `-c pass` wall, ms", "python", "pass_ms", 1.0, 1),
    ("Python `-c 'import pkg'` wall, ms", "python", "import_ms", 1.0, 1),
    ("Python import + first parse wall, ms", "python", "first_parse_ms", 1.0, 1),
    ("TypeScript module load in Node, ms", "typescript", "load_ms", 1.0, 1),
    ("Node `-e ''` wall, ms", "typescript", "node_ms", 1.0, 1),
    ("TypeScript esbuild bundle (one class + fromResponse), KB", "typescript", "bundle_bytes", 1e3, 1),
    ("Go added binary size, KB", "go", "added_bytes", 1e3, 0),
    ("Go `go build` of the package, s (stdlib cached)", "go", "build_ms", 1e3, 2),
];

fn render(
    rows: &[Row],
    builds: &[(&str, Option<f64>)],
    lookups: &[(&str, Option<f64>)],
    packages: &[(usize, packages::Figures)],
    options: &Options,
) -> (String, String) {
    let ms = Timing::ms;
    let mut md = String::new();
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let mode = if options.quick { "quick" } else { "full" };
    let _ = writeln!(md, "Machine: {} ({date}, {mode} mode, {} runs per figure)\n", machine(), options.runs);
    let _ = writeln!(
        md,
        "| spec | errors | files | MiB out | gen ms (min–max) | check ms | floor ms | gen/floor | check/floor | peer ms | peer/gen | gen peak MiB | check peak MiB |"
    );
    let _ = writeln!(md, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut json_rows = Vec::new();
    for r in rows {
        let peer = r.peer.as_ref().map_or("–".into(), |p| format!("{:.0}", ms(p.median)));
        let ratio = r.peer.as_ref().map_or("–".into(), |p| format!("{:.0}×", ms(p.median) / ms(r.generate.median)));
        let gen_ratio = ms(r.generate.median) / ms(r.floor.median);
        let check_ratio = ms(r.check.median) / ms(r.floor.median);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.1} | {:.1} ({:.1}–{:.1}) | {:.1} | {:.1} | {gen_ratio:.2} | {check_ratio:.2} | {peer} | {ratio} | {} | {} |",
            r.label,
            r.errors,
            r.files,
            r.bytes as f64 / 1048576.0,
            ms(r.generate.median),
            ms(r.generate.min),
            ms(r.generate.max),
            ms(r.check.median),
            ms(r.floor.median),
            cell(r.gen_mib, 1),
            cell(r.check_mib, 1),
        );
        let artifacts: Vec<String> = ARTIFACTS.iter().zip(&r.artifacts).map(|(a, b)| format!("\"{a}\": {b}")).collect();
        json_rows.push(format!(
            "    {{\"spec\": \"{}\", \"errors\": {}, \"files\": {}, \"bytes\": {}, \"gen_ms\": {:.2}, \"gen_min_ms\": {:.2}, \"gen_max_ms\": {:.2}, \"check_ms\": {:.2}, \"floor_ms\": {:.2}, \"gen_floor\": {gen_ratio:.3}, \"check_floor\": {check_ratio:.3}, \"peer_ms\": {}, \"gen_peak_mib\": {}, \"check_peak_mib\": {}, \"artifact_bytes\": {{{}}}}}",
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
            json_num(r.gen_mib),
            json_num(r.check_mib),
            artifacts.join(", ")
        ));
    }

    let synthetic: Vec<&Row> = rows.iter().filter(|r| r.label.starts_with("synthetic")).collect();
    let mut exponents = Vec::new();
    if synthetic.len() > 1 {
        let _ = writeln!(md, "\n| scaling | gen time | check time | gen memory | check memory |\n| --- | ---: | ---: | ---: | ---: |");
    }
    for pair in synthetic.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let gen_t = exponent(a, b, |r| ms(r.generate.median));
        let check_t = exponent(a, b, |r| ms(r.check.median));
        let mem = |f: fn(&Row) -> Option<f64>| match (f(a), f(b)) {
            (Some(x), Some(y)) => Some((y / x).ln() / (b.errors as f64 / a.errors as f64).ln()),
            _ => None,
        };
        let (gen_m, check_m) = (mem(|r| r.gen_mib), mem(|r| r.check_mib));
        let _ =
            writeln!(md, "| {} → {} errors | {gen_t:.2} | {check_t:.2} | {} | {} |", a.errors, b.errors, cell(gen_m, 2), cell(check_m, 2));
        exponents.push(format!(
            "    {{\"from\": {}, \"to\": {}, \"time_exponent\": {gen_t:.3}, \"check_time_exponent\": {check_t:.3}, \"memory_exponent\": {}, \"check_memory_exponent\": {}}}",
            a.errors,
            b.errors,
            json_num(gen_m),
            json_num(check_m)
        ));
    }

    if !synthetic.is_empty() {
        let _ = writeln!(md, "\nBytes per error per artifact:\n");
        let header: Vec<String> = synthetic.iter().map(|r| format!("{} errors", r.errors)).collect();
        let _ = writeln!(md, "| artifact | {} |\n| --- |{}", header.join(" | "), " ---: |".repeat(synthetic.len()));
        for (i, artifact) in ARTIFACTS.iter().enumerate() {
            let cells: Vec<String> = synthetic.iter().map(|r| format!("{:.0}", r.artifacts[i] as f64 / r.errors as f64)).collect();
            let _ = writeln!(md, "| {artifact} | {} |", cells.join(" | "));
        }
        let totals: Vec<String> = synthetic.iter().map(|r| format!("{:.0}", r.bytes as f64 / r.errors as f64)).collect();
        let _ = writeln!(md, "| whole tree | {} |", totals.join(" | "));
    }

    for (mode, build) in builds {
        let _ =
            writeln!(md, "\nCompiling the generated Rust crate for 10,000 errors ({mode}, cold, own target dir): {} s", cell(*build, 1));
    }

    if !packages.is_empty() {
        let header: Vec<String> = packages.iter().map(|(n, _)| format!("{n} errors")).collect();
        let _ = writeln!(md, "\nThe generated packages (medians of fresh processes):\n");
        let _ = writeln!(md, "| figure | {} |\n| --- |{}", header.join(" | "), " ---: |".repeat(packages.len()));
        let get = |f: &packages::Figures, lang: &str, key: &str| f.get(lang).and_then(|m| m.get(key)).copied();
        for (label, lang, key, div, digits) in PACKAGE_FIGURES {
            let cells: Vec<String> = packages.iter().map(|(_, f)| cell(get(f, lang, key).map(|v| v / div), *digits)).collect();
            let _ = writeln!(md, "| {label} | {} |", cells.join(" | "));
        }
        for lang in ["rust", "python", "typescript", "go"] {
            let cells: Vec<String> = packages
                .iter()
                .map(|(_, f)| match (get(f, lang, "parse_ns"), get(f, lang, "floor_ns")) {
                    (Some(p), Some(fl)) => format!("{p:.0} / {fl:.0} = {:.1}×", p / fl),
                    _ => "–".into(),
                })
                .collect();
            let _ = writeln!(md, "| {lang}: parse one error response, ns (package / floor = ratio) | {} |", cells.join(" | "));
        }
    }

    if !lookups.is_empty() {
        let _ = writeln!(
            md,
            "\nLooking up a code's metadata from its string in the 10,000-error packages (ns per lookup, known and unknown codes mixed):\n"
        );
        let _ = writeln!(md, "| Rust | Python | TypeScript | Go |\n| ---: | ---: | ---: | ---: |");
        let cells: Vec<String> = lookups.iter().map(|(_, v)| cell(*v, 0)).collect();
        let _ = writeln!(md, "| {} |", cells.join(" | "));
    }
    let lookup_json: Vec<String> = lookups.iter().map(|(l, v)| format!("\"{l}\": {}", json_num(*v))).collect();
    let build_json: Vec<String> = builds.iter().map(|(m, b)| format!("\"{m}\": {}", json_num(*b))).collect();
    let package_json: Vec<String> = packages
        .iter()
        .map(|(n, f)| {
            let langs: Vec<String> = f
                .iter()
                .map(|(lang, m)| {
                    let kv: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\": {}", json_num(Some(*v)))).collect();
                    format!("\"{lang}\": {{{}}}", kv.join(", "))
                })
                .collect();
            format!("    \"{n}\": {{{}}}", langs.join(", "))
        })
        .collect();
    let json = format!(
        "{{\n  \"machine\": \"{}\",\n  \"date\": \"{date}\",\n  \"mode\": \"{mode}\",\n  \"rows\": [\n{}\n  ],\n  \"scaling\": [\n{}\n  ],\n  \"lookup_ns_per_op_10000\": {{{}}},\n  \"rust_build_10000_s\": {{{}}},\n  \"packages\": {{\n{}\n  }}\n}}\n",
        machine().replace('"', "'"),
        json_rows.join(",\n"),
        exponents.join(",\n"),
        lookup_json.join(", "),
        build_json.join(", "),
        package_json.join(",\n")
    );
    (md, json)
}
