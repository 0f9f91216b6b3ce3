//! Word splitting and re-casing shared by every target's `names` module.
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

/// `RateLimitExceeded`
pub fn pascal(name: &str) -> String {
    words(name).iter().map(|w| capitalize(w)).collect()
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
    words(name).join("_")
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
    fn recases() {
        assert_eq!(pascal("INVALID_API_KEY"), "InvalidApiKey");
        assert_eq!(camel("generations_remaining"), "generationsRemaining");
        assert_eq!(snake("NotFound"), "not_found");
        assert_eq!(screaming("rate_limit"), "RATE_LIMIT");
    }
}
