//! The human error reference, checked in a real browser: headless Chromium
//! renders each spec's `reference/errors.html`, its anchors must resolve and
//! its search box must filter the tables (`tests/reference/check_html.py`).

use super::{Suite, cmd};

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| cmd(name, &["--version"]).output().is_ok_and(|o| o.status.success()))
        .map(str::to_owned)
}

pub fn run(suite: &mut Suite) {
    let Some(browser) = chromium() else {
        suite.fail("reference in a browser", "no chromium on PATH (CI installs Debian's chromium; `apt-get install chromium`)");
        return;
    };
    for out in super::outputs() {
        let page = out.join("reference/errors.html");
        suite.step(
            &format!("reference in Chromium: {}", page.display()),
            &mut cmd("python3", &["tests/reference/check_html.py", &browser, &page.to_string_lossy()]),
        );
    }
}
