//! Times each stage of a run on one spec: `cargo run --release --example stages -- SPEC`.
use std::time::Instant;
fn main() {
    let spec = std::env::args().nth(1).expect("spec dir");
    let dir = std::path::Path::new(&spec);
    let t = Instant::now();
    let mut diags = errcat::Diagnostics::default();
    let raw = errcat::load::load(dir, &mut diags).unwrap();
    eprintln!("load: {:?}", t.elapsed());
    let t = Instant::now();
    errcat::validate::validate(&raw, &mut diags);
    eprintln!("validate: {:?}", t.elapsed());
    let t = Instant::now();
    let catalog = errcat::resolve::resolve(&raw, &spec);
    eprintln!("resolve: {:?}", t.elapsed());
    let t = Instant::now();
    let plan = errcat::serve::plan(&catalog);
    eprintln!("serve::plan: {:?} ({} buildable)", t.elapsed(), plan.errors.len());
    for (name, part) in errcat::artifacts::PARTS {
        let t = Instant::now();
        let out = part(&catalog, &plan).unwrap();
        eprintln!("{name}: {:?} ({} bytes)", t.elapsed(), out.iter().map(|(_, s)| s.len()).sum::<usize>());
    }
    for target in errcat::targets::all() {
        let t = Instant::now();
        let mut o = errcat::Outputs::default();
        target.render(&catalog, &plan, &mut o).unwrap();
        eprintln!("{}: {:?} ({} bytes)", target.name(), t.elapsed(), o.iter().map(|(_, s)| s.len()).sum::<usize>());
    }
    drop(plan);
    let t = Instant::now();
    let outputs = errcat::render(&catalog).unwrap();
    eprintln!("whole render, in parallel: {:?}", t.elapsed());
    drop(outputs);
    let t = Instant::now();
    let outputs = errcat::render(&catalog).unwrap();
    eprintln!("whole render, in parallel, again: {:?}", t.elapsed());
    let out = std::env::temp_dir().join("errcat-stages-out");
    let _ = std::fs::remove_dir_all(&out);
    // Flush earlier runs' writes first, as `cargo xtask bench` does: else the
    // write-back of the last run's tree competes with this one's writes.
    let settle = || std::process::Command::new("sync").status().map(|_| ()).unwrap_or(());
    settle();
    let t = Instant::now();
    errcat::output::sync(&out, &outputs, errcat::Mode::Write).unwrap();
    eprintln!("write into a fresh directory: {:?}", t.elapsed());
    let t = Instant::now();
    let report = errcat::output::sync(&out, &outputs, errcat::Mode::Check).unwrap();
    eprintln!("check against it: {:?} (clean: {})", t.elapsed(), report.is_clean());
    let again = std::env::temp_dir().join("errcat-stages-again");
    let _ = std::fs::remove_dir_all(&again);
    settle();
    let t = Instant::now();
    std::process::Command::new("cp").arg("-r").arg(&out).arg(&again).status().unwrap();
    eprintln!("cp -r of it (the floor): {:?}", t.elapsed());
    let _ = std::fs::remove_dir_all(&again);
    let t = Instant::now();
    drop(outputs);
    drop(catalog);
    eprintln!("free: {:?}", t.elapsed());
}
