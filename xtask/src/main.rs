//! `cargo xtask`: a thin front over the `errcat` library.
//!
//! - `gen`   renders every spec into its output directory.
//! - `check` renders in memory and fails with a diff where the committed
//!   output has drifted; it writes nothing.
//! - `test`  runs everything CI runs (installing the linters and runtimes'
//!   packages it needs into the clone).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use errcat::Mode;

mod alloc;
mod bench;
mod suite;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Error catalog: generate and check every artifact from spec/")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write every artifact for the spec(s); only changed files are written.
    Gen(GenArgs),
    /// Compare the committed output with the spec(s); write nothing.
    Check(Target),
    /// Classify every spec change since a git revision; fail on a breaking
    /// change the version does not own up to.
    Diff(DiffArgs),
    /// Run every check and test that CI runs.
    Test(suite::Options),
    /// Time gen and check against the I/O floor and a peer, up to 50,000 errors.
    Bench(bench::Options),
}

#[derive(Args)]
struct Target {
    /// Spec directory (holding errcat.toml). Default: spec/, examples/*/spec/ and fixtures/*/spec/.
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// Output directory for --spec.
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct GenArgs {
    #[command(flatten)]
    target: Target,
    /// Also overwrite files in the output directory that gen did not write
    /// (not in its .errcat-manifest); without it, gen refuses and writes nothing.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct DiffArgs {
    /// The git revision to compare with, e.g. `origin/main` or `HEAD~1`.
    #[arg(long)]
    against: String,
    /// Spec directory, relative to the repo root. Default: every shipped spec.
    #[arg(long)]
    spec: Option<PathBuf>,
}

fn diff(args: DiffArgs) -> ExitCode {
    let root = root();
    let specs = match args.spec {
        Some(spec) => vec![spec],
        None => shipped_specs().into_iter().map(|(spec, _)| spec).collect(),
    };
    let mut failed = false;
    for (i, spec) in specs.iter().enumerate() {
        let scratch = root.join("target/xtask-diff").join(i.to_string());
        let old = match errcat::compat::load_catalog_at(&root, &args.against, spec, &scratch) {
            Ok(old) => old,
            Err(errcat::Error::Io(why)) if why.starts_with("no spec at") => {
                println!("{}: new since {}, nothing to compare", spec.display(), args.against);
                continue;
            }
            Err(err) => {
                eprintln!("{}: cannot load the spec at {}:\n{err}", spec.display(), args.against);
                failed = true;
                continue;
            }
        };
        let new = match errcat::load_catalog(&root.join(spec), std::io::stderr().is_terminal()) {
            Ok(new) => new,
            Err(err) => {
                eprint!("{err}");
                failed = true;
                continue;
            }
        };
        let (text, ok) = errcat::compat::report(&old, &new);
        println!("== {} (against {})\n{text}", spec.display(), args.against);
        failed |= !ok;
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// The repository root: xtask always runs from there, wherever it is invoked.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repo root").to_owned()
}

/// Every shipped spec with its output directory, relative to the root.
pub fn shipped_specs() -> Vec<(PathBuf, PathBuf)> {
    errcat::shipped_specs(&root())
}

fn gen_or_check(target: Target, mode: Mode) -> ExitCode {
    let specs = match (target.spec, target.out) {
        (Some(spec), Some(out)) => vec![(spec, out)],
        _ => {
            std::env::set_current_dir(root()).expect("the repo root exists");
            shipped_specs()
        }
    };
    let color = std::io::stderr().is_terminal();
    let mut failed = false;
    for (spec, out) in &specs {
        match errcat::run(spec, out, mode, color) {
            Ok(report) if mode != Mode::Check => {
                let mut summary = format!("{}: {} files written, {} unchanged", out.display(), report.written.len(), report.unchanged);
                if !report.removed.is_empty() {
                    summary.push_str(&format!(", {} stale removed", report.removed.len()));
                }
                eprintln!("{summary}");
            }
            Ok(report) if report.is_clean() => eprintln!("{}: up to date ({} files)", out.display(), report.unchanged),
            Ok(report) => {
                print!("{}", report.render_drift(out, std::io::stdout().is_terminal()));
                let n = report.drifted.len() + report.missing.len() + report.extra.len();
                eprintln!(
                    "error: {} is out of date with {} ({n} file{}); run `cargo xtask gen` and commit the result",
                    out.display(),
                    spec.display(),
                    if n == 1 { "" } else { "s" }
                );
                failed = true;
            }
            Err(err) => {
                eprint!("{err}");
                if !err.to_string().ends_with('\n') {
                    eprintln!();
                }
                eprintln!("error: nothing was written to {}", out.display());
                failed = true;
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn main() -> ExitCode {
    alloc::keep_freed_memory();
    let cli = Cli::parse();
    match cli.command {
        Command::Gen(args) => gen_or_check(args.target, if args.force { Mode::Force } else { Mode::Write }),
        Command::Check(target) => gen_or_check(target, Mode::Check),
        Command::Diff(args) => diff(args),
        Command::Bench(options) => {
            std::env::set_current_dir(root()).expect("the repo root exists");
            bench::run(&options)
        }
        Command::Test(options) => {
            std::env::set_current_dir(root()).expect("the repo root exists");
            suite::run(&options)
        }
    }
}
