//! Installs the linters and test runners into the clone (nothing global):
//! Python packages into `.venv/`, npm packages into `tools/node_modules/`,
//! Go tools into `.tools/bin/`. Each is pinned in `tools/`.

use std::path::PathBuf;

use super::{Suite, cmd};

/// `.venv/bin`, created and filled from `tools/requirements.txt` on first use.
pub fn python_bin(suite: &mut Suite) -> Option<PathBuf> {
    let venv = PathBuf::from(".venv");
    let bin = venv.join("bin");
    let stamp = venv.join(".installed");
    let wanted = std::fs::read_to_string("tools/requirements.txt").unwrap_or_default();
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        if !bin.join("python").exists() && !suite.step("create .venv", &mut cmd("python3", &["-m", "venv", ".venv"])) {
            return None;
        }
        if !suite.step(
            "pip install tools/requirements.txt",
            &mut cmd(
                bin.join("python"),
                &["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "tools/requirements.txt"],
            ),
        ) {
            return None;
        }
        let _ = std::fs::write(&stamp, wanted);
    }
    Some(bin)
}

/// `tools/node_modules/.bin`, installed with `npm ci` on first use and
/// again whenever `tools/package-lock.json` changes.
pub fn node_bin(suite: &mut Suite) -> Option<PathBuf> {
    let bin = PathBuf::from("tools/node_modules/.bin");
    let stamp = PathBuf::from("tools/node_modules/.installed");
    let wanted = std::fs::read_to_string("tools/package-lock.json").unwrap_or_default();
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        if !suite.step("npm ci (tools/)", &mut cmd("npm", &["ci", "--prefix", "tools", "--no-audit", "--no-fund", "--loglevel=error"])) {
            return None;
        }
        let _ = std::fs::write(&stamp, wanted);
    }
    Some(bin)
}

/// `.tools/bin/staticcheck`, installed with `go install` on first use.
pub fn staticcheck(suite: &mut Suite) -> Option<PathBuf> {
    let bin = std::env::current_dir().ok()?.join(".tools/bin");
    let exe = bin.join("staticcheck");
    let version = std::fs::read_to_string("tools/staticcheck.version").unwrap_or_default();
    let version = version.trim();
    if !exe.exists() {
        let mut install = cmd("go", &["install", &format!("honnef.co/go/tools/cmd/staticcheck@{version}")]);
        install.env("GOBIN", &bin);
        if !suite.step("go install staticcheck", &mut install) {
            return None;
        }
    }
    Some(exe)
}
