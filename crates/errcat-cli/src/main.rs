//! `errcat`: the engine as a standalone command, for a spec and output
//! anywhere (the templates are compiled in).
//!
//! - `errcat init [DIR]` scaffolds a commented spec and an `errcat-gen.toml`;
//! - `errcat gen` / `errcat check` read `errcat-gen.toml` (or `--config`,
//!   or `--spec` and `--out`), write or compare every artifact;
//! - `errcat diff --against REV` classifies the spec's changes since a git
//!   revision and fails on a breaking change the version does not own up to.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use errcat::{Mode, Outputs};
use serde::Deserialize;

mod init;

/// The config file `gen`, `check` and `diff` look for in the current directory.
const CONFIG_FILE: &str = "errcat-gen.toml";

#[derive(Parser)]
#[command(name = "errcat", version, about = "Error catalog: every artifact and SDK error package from one spec")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write every artifact for the spec; only changed files are written.
    Gen(GenArgs),
    /// Compare the output on disk with the spec; write nothing.
    Check(Where),
    /// Classify every spec change since a git revision.
    Diff(DiffArgs),
    /// Scaffold a commented spec for a new API, ready for `errcat gen`.
    Init(init::InitArgs),
}

#[derive(Args)]
struct Where {
    /// Spec directory (holding errcat.toml). Default: from errcat-gen.toml.
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// Output directory for --spec.
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
    /// Config file naming the spec and the output paths (default: ./errcat-gen.toml).
    #[arg(long, conflicts_with = "spec")]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct GenArgs {
    #[command(flatten)]
    at: Where,
    /// Also overwrite files in the output directories that errcat did not
    /// write (not in their .errcat-manifest); without it, gen refuses and
    /// writes nothing.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct DiffArgs {
    /// The git revision to compare with, e.g. `origin/main` or `HEAD~1`.
    #[arg(long)]
    against: String,
    /// Spec directory. Default: from errcat-gen.toml.
    #[arg(long)]
    spec: Option<PathBuf>,
}

/// `errcat-gen.toml`: paths relative to the file itself.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    /// The spec directory, e.g. `spec`.
    spec: PathBuf,
    /// Where the artifacts and every target not listed below go.
    out: PathBuf,
    /// Per target (`rust`, `python`, `typescript`, `go`): its own output path.
    #[serde(default)]
    targets: BTreeMap<String, TargetConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetConfig {
    out: PathBuf,
    /// Vendor the target as a module of an existing SDK under this name
    /// (Rust module, Python package, npm name, Go import path): no package
    /// manifest, only the module's files.
    vendor: Option<String>,
}

/// Where one target goes, and under which module name if vendored.
struct TargetPlan {
    out: PathBuf,
    vendor: Option<String>,
}

/// One spec, its output directory, and the targets that go elsewhere.
struct Plan {
    spec: PathBuf,
    out: PathBuf,
    targets: BTreeMap<String, TargetPlan>,
}

fn read_config(path: &Path) -> Result<Plan, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let base = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let names: Vec<&str> = errcat::targets::all().iter().map(|t| t.name()).collect();
    let mut targets = BTreeMap::new();
    for (name, target) in config.targets {
        if !names.contains(&name.as_str()) {
            return Err(format!("{}: unknown target `{name}` under [targets] (one of {})", path.display(), names.join(", ")));
        }
        targets.insert(name, TargetPlan { out: base.join(target.out), vendor: target.vendor });
    }
    Ok(Plan { spec: base.join(config.spec), out: base.join(config.out), targets })
}

fn plan(w: Where) -> Result<Plan, String> {
    match (w.spec, w.out, w.config) {
        (Some(spec), Some(out), _) => Ok(Plan { spec, out, targets: BTreeMap::new() }),
        (_, _, Some(config)) => read_config(&config),
        _ if Path::new(CONFIG_FILE).is_file() => read_config(Path::new(CONFIG_FILE)),
        _ => Err(format!("no {CONFIG_FILE} here: pass --spec DIR --out DIR, or --config FILE, or run `errcat init`")),
    }
}

/// Renders the spec and splits the files: each target listed in the plan
/// into its own directory (without its folder prefix; as a vendored module
/// if it says so), the rest into `out`.
fn groups(plan: &Plan, color: bool) -> Result<Vec<(PathBuf, Outputs)>, errcat::Error> {
    let catalog = errcat::load_catalog(&plan.spec, color)?;
    let all = errcat::render(&catalog)?;
    let mut main = Outputs::default();
    let mut split: BTreeMap<&str, Outputs> = BTreeMap::new();
    for (path, text) in all.iter() {
        let (folder, rest) = path.split_once('/').unwrap_or(("", path));
        match plan.targets.get_key_value(folder) {
            Some((name, _)) => split.entry(name.as_str()).or_default().insert(rest, text)?,
            None => main.insert(path, text)?,
        }
    }
    let mut out = vec![(plan.out.clone(), main)];
    for (name, files) in split {
        let target = &plan.targets[name];
        let files = match (&target.vendor, errcat::targets::all().into_iter().find(|t| t.name() == name)) {
            (Some(module), Some(lang)) => errcat::targets::vendor(lang, &catalog, module)?,
            _ => files,
        };
        out.push((target.out.clone(), files));
    }
    Ok(out)
}

fn gen_or_check(w: Where, mode: Mode) -> ExitCode {
    let plan = match plan(w) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let color = std::io::stderr().is_terminal();
    let synced = if plan.targets.is_empty() {
        errcat::run(&plan.spec, &plan.out, mode, color).map(|report| vec![(plan.out.clone(), report)])
    } else {
        groups(&plan, color).and_then(|groups| {
            // Refuse before writing any directory, not after the first.
            if mode == Mode::Write {
                for (dir, files) in &groups {
                    let paths = errcat::output::unowned(dir, files);
                    if !paths.is_empty() {
                        return Err(errcat::Error::Unowned { out_dir: dir.clone(), paths });
                    }
                }
            }
            groups.into_iter().map(|(dir, files)| errcat::output::sync(&dir, &files, mode).map(|r| (dir, r))).collect()
        })
    };
    let reports = match synced {
        Ok(reports) => reports,
        Err(err) => {
            eprint!("{err}");
            if !err.to_string().ends_with('\n') {
                eprintln!();
            }
            eprintln!("error: nothing was written to {}", plan.out.display());
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for (out, report) in reports {
        if mode != Mode::Check {
            let mut summary = format!("{}: {} files written, {} unchanged", out.display(), report.written.len(), report.unchanged);
            if !report.removed.is_empty() {
                summary.push_str(&format!(", {} stale removed", report.removed.len()));
            }
            eprintln!("{summary}");
        } else if report.is_clean() {
            eprintln!("{}: up to date ({} files)", out.display(), report.unchanged);
        } else {
            print!("{}", report.render_drift(&out, std::io::stdout().is_terminal()));
            eprintln!("error: {} is out of date with {}; run `errcat gen` and commit the result", out.display(), plan.spec.display());
            failed = true;
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn diff(args: DiffArgs) -> ExitCode {
    let spec = match args.spec.map(Ok).unwrap_or_else(|| read_config(Path::new(CONFIG_FILE)).map(|p| p.spec)) {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("error: {e} (or pass --spec DIR)");
            return ExitCode::FAILURE;
        }
    };
    // git names files from the repository root; the spec may be anywhere in it.
    let top = std::process::Command::new("git").args(["rev-parse", "--show-toplevel"]).output();
    let Some(top) = top.ok().filter(|o| o.status.success()).map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim())) else {
        eprintln!("error: `errcat diff` compares with git history; run it inside a git repository");
        return ExitCode::FAILURE;
    };
    let absolute = std::fs::canonicalize(&spec).unwrap_or_else(|_| spec.clone());
    let relative = absolute.strip_prefix(&top).map(Path::to_path_buf).unwrap_or_else(|_| spec.clone());
    let scratch = std::env::temp_dir().join(format!("errcat-diff-{}", std::process::id()));
    let old = errcat::compat::load_catalog_at(&top, &args.against, &relative, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    let old = match old {
        Ok(old) => old,
        Err(errcat::Error::Io(why)) if why.starts_with("no spec at") => {
            println!("{}: new since {}, nothing to compare", spec.display(), args.against);
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            eprintln!("{}: cannot load the spec at {}:\n{err}", spec.display(), args.against);
            return ExitCode::FAILURE;
        }
    };
    let new = match errcat::load_catalog(&spec, std::io::stderr().is_terminal()) {
        Ok(new) => new,
        Err(err) => {
            eprint!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let (text, ok) = errcat::compat::report(&old, &new);
    println!("== {} (against {})\n{text}", spec.display(), args.against);
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Gen(args) => gen_or_check(args.at, if args.force { Mode::Force } else { Mode::Write }),
        Command::Check(w) => gen_or_check(w, Mode::Check),
        Command::Diff(args) => diff(args),
        Command::Init(args) => init::run(&args),
    }
}
