//! `cargo xtask test`: every check CI runs, in order, stopping at nothing so
//! one run shows every failure. Each language's steps live in its own module.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;

mod differential;
mod docs;
mod go;
mod publish;
mod python;
mod reference;
mod rust;
mod schemas;
mod serve;
mod tools;
mod typescript;
mod vendoring;

#[derive(Args)]
pub struct Options {
    /// Run only these suites (rust, schemas, python, typescript, go, serve, publish, vendoring, differential, reference, docs); default all.
    #[arg(long = "only", value_delimiter = ',')]
    pub only: Vec<String>,
}

/// Collects step results so that a run reports every failure at the end.
pub struct Suite {
    failures: Vec<String>,
    passed: usize,
}

impl Suite {
    /// Runs `cmd` as step `name`, echoing it, and records the outcome.
    pub fn step(&mut self, name: &str, cmd: &mut Command) -> bool {
        eprintln!("\n==> {name}: {}", describe(cmd));
        let ok = cmd.status().map(|s| s.success()).unwrap_or_else(|e| {
            eprintln!("cannot start: {e}");
            false
        });
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(name.to_owned());
        }
        ok
    }

    /// Records a check made in-process as passed.
    pub fn pass(&mut self, name: &str) {
        eprintln!("\n==> {name}: ok");
        self.passed += 1;
    }

    pub fn fail(&mut self, name: &str, why: &str) {
        eprintln!("\n==> {name}: FAILED: {why}");
        self.failures.push(name.to_owned());
    }
}

fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    if let Some(dir) = cmd.get_current_dir() {
        text.push_str(&format!("   (in {})", dir.display()));
    }
    text
}

/// Output directories of every shipped spec.
pub fn outputs() -> Vec<PathBuf> {
    crate::shipped_specs().into_iter().map(|(_, out)| out).collect()
}

pub fn cmd(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

pub fn in_dir(mut c: Command, dir: &Path) -> Command {
    c.current_dir(dir);
    c
}

pub fn run(options: &Options) -> ExitCode {
    let mut suite = Suite { failures: Vec::new(), passed: 0 };
    let wants = |name: &str| options.only.is_empty() || options.only.iter().any(|o| o == name);
    if wants("rust") {
        rust::run(&mut suite);
    }
    if wants("schemas") {
        schemas::run(&mut suite);
    }
    if wants("python") {
        python::run(&mut suite);
    }
    if wants("typescript") {
        typescript::run(&mut suite);
    }
    if wants("go") {
        go::run(&mut suite);
    }
    if wants("serve") {
        serve::run(&mut suite);
    }
    if wants("publish") {
        publish::run(&mut suite);
    }
    if wants("vendoring") {
        vendoring::run(&mut suite);
    }
    if wants("differential") {
        differential::run(&mut suite);
    }
    if wants("reference") {
        reference::run(&mut suite);
    }
    if wants("docs") {
        docs::run(&mut suite);
    }
    eprintln!();
    // The plain closing line CI reads: one per step.
    println!("steps: {} passed, {} failed", suite.passed, suite.failures.len());
    if suite.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("failed steps: {}", suite.failures.join(", "));
        ExitCode::FAILURE
    }
}
