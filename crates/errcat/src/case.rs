//! Word splitting and re-casing shared by every target's `names` module
//! and by the artifacts that name things (OpenAPI headers, JSON Schema defs).
//!
//! A name is split into words at `_`, `-`, `.`, spaces and lower→upper or
//! letter→digit boundaries (`RATE_LIMIT_EXCEEDED`, `rate-limit`, `rateLimit`
//! all give `rate limit ...`). Targets add their own keyword and initialism
//! rules on top; the wire string is always kept separately, so casing never
//! changes what is sent or matched.

/// Lower-case words of `name`.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let boundary = p.is_lowercase() && c.is_uppercase();
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Calls `f` with each word of an ASCII `name`, as it appears in `name`
/// (same boundaries as [`words`], no allocation). Casing runs once per name
/// per target on every generation, so this is the hot path.
pub fn ascii_words(name: &str, mut f: impl FnMut(&str)) {
    let bytes = name.as_bytes();
    let mut start: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                f(&name[s..i]);
            }
            continue;
        }
        match start {
            Some(s) if b.is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() => {
                f(&name[s..i]);
                start = Some(i);
            }
            Some(_) => {}
            None => start = Some(i),
        }
    }
    if let Some(s) = start {
        f(&name[s..]);
    }
}

/// `RateLimitExceeded`
pub fn pascal(name: &str) -> String {
    if !name.is_ascii() {
        return words(name).iter().map(|w| capitalize(w)).collect();
    }
    let mut out = String::with_capacity(name.len());
    ascii_words(name, |w| {
        let (first, rest) = w.split_at(1);
        out.push_str(&first.to_ascii_uppercase());
        out.extend(rest.chars().map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// `rateLimitExceeded`
pub fn camel(name: &str) -> String {
    let words = words(name);
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i == 0 {
            out.push_str(w);
        } else {
            out.push_str(&capitalize(w));
        }
    }
    out
}

/// `rate_limit_exceeded`
pub fn snake(name: &str) -> String {
    if !name.is_ascii() {
        return words(name).join("_");
    }
    let mut out = String::with_capacity(name.len() + 4);
    ascii_words(name, |w| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// `RATE_LIMIT_EXCEEDED`
pub fn screaming(name: &str) -> String {
    snake(name).to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_style() {
        assert_eq!(words("RATE_LIMIT_EXCEEDED"), ["rate", "limit", "exceeded"]);
        assert_eq!(words("rate-limit.exceeded"), ["rate", "limit", "exceeded"]);
        assert_eq!(words("rateLimitExceeded"), ["rate", "limit", "exceeded"]);
        assert_eq!(words("http2_error"), ["http2", "error"]);
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_general_one() {
        for name in ["RATE_LIMIT_EXCEEDED", "rate-limit.exceeded", "rateLimitExceeded", "HTTPServer2xx", "a__b", "_x_", "", "I_D", "x1Y2z"]
        {
            let general: String = words(name).iter().map(|w| capitalize(w)).collect();
            assert_eq!(pascal(name), general, "{name}");
            assert_eq!(snake(name), words(name).join("_"), "{name}");
        }
    }

    #[test]
    fn recases() {
        assert_eq!(pascal("INVALID_API_KEY"), "InvalidApiKey");
        assert_eq!(camel("generations_remaining"), "generationsRemaining");
        assert_eq!(snake("NotFound"), "not_found");
        assert_eq!(screaming("rate_limit"), "RATE_LIMIT");
    }
}
