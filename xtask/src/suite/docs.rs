//! README.md shows each language's usage example verbatim; the tests run the
//! files. This step keeps the two identical: every block between
//! `<!-- example: PATH -->` and `<!-- end example -->` must equal PATH.

use super::Suite;

/// `(path, shown text)` of every example block in `readme`.
fn examples(readme: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find("<!-- example: ") {
        let after = &rest[start + "<!-- example: ".len()..];
        let Some(close) = after.find(" -->") else { break };
        let path = after[..close].to_owned();
        let block = &after[close + " -->".len()..];
        let Some(end) = block.find("<!-- end example -->") else { break };
        // Drop the opening fence line and the closing fence.
        let fenced = block[..end].trim_start_matches('\n');
        let body = fenced.split_once('\n').map_or("", |(_, b)| b);
        let body = body.strip_suffix("```\n").unwrap_or(body);
        found.push((path, body.to_owned()));
        rest = &block[end..];
    }
    found
}

pub fn run(suite: &mut Suite) {
    let readme = std::fs::read_to_string("README.md").unwrap_or_default();
    let blocks = examples(&readme);
    if blocks.len() < 4 {
        suite.fail("README examples", "expected one example block per language");
        return;
    }
    for (path, shown) in blocks {
        let name = format!("README example is {path}");
        match std::fs::read_to_string(&path) {
            Ok(text) if text == shown => suite.pass(&name),
            Ok(_) => suite.fail(&name, "README.md and the file differ; copy the file into README.md"),
            Err(e) => suite.fail(&name, &format!("cannot read it: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_blocks() {
        let readme = "x\n<!-- example: a.rs -->\n```rust\nfn main() {}\n```\n<!-- end example -->\ny";
        assert_eq!(super::examples(readme), [("a.rs".to_owned(), "fn main() {}\n".to_owned())]);
    }
}
