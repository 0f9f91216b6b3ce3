//! Byte scans shared by every stage that escapes or checks text (`load`,
//! `artifacts`, each target's `names`): the fast paths that let ordinary
//! text through without a per-character loop. Here, below the stages, so
//! that imports follow the pipeline (load → validate → resolve → render →
//! output) and never reach up into `targets`.

/// Whether every byte of `text` passes `ok`: the fast-path test of each
/// target's escaping. It folds over all bytes without stopping early, so the
/// compiler vectorises it; spec text is short and nearly always passes.
pub fn every_byte(text: &str, ok: impl Fn(u8) -> bool) -> bool {
    // Fixed-size chunks without early exit: the shape the compiler turns
    // into vector compares (a plain fold over the bytes was left scalar).
    let mut chunks = text.as_bytes().chunks_exact(16);
    let mut bad = 0u8;
    for chunk in &mut chunks {
        for &b in chunk {
            bad |= u8::from(!ok(b));
        }
    }
    for &b in chunks.remainder() {
        bad |= u8::from(!ok(b));
    }
    bad == 0
}

/// How many bytes of `text` are `byte`, in the same vectorisable shape as
/// [`every_byte`].
pub fn count_byte(text: &str, byte: u8) -> usize {
    let mut chunks = text.as_bytes().chunks_exact(16);
    let mut count = 0;
    for chunk in &mut chunks {
        // At most 16 per chunk: a byte-wide sum, which vectorises.
        count += usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == byte)));
    }
    count + chunks.remainder().iter().filter(|&&b| b == byte).count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn byte_scans_agree_with_the_obvious_loop_across_chunk_edges() {
        for len in 0..70 {
            for at in 0..len.max(1) {
                let mut text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                if at < len {
                    text[at] = b'"';
                }
                let text = String::from_utf8(text).unwrap();
                let plain = |b: u8| b != b'"';
                assert_eq!(super::every_byte(&text, plain), text.bytes().all(plain), "{text:?}");
                assert_eq!(super::count_byte(&text, b'"'), text.bytes().filter(|&b| b == b'"').count(), "{text:?}");
                assert_eq!(super::count_byte(&text, b'a'), text.bytes().filter(|&b| b == b'a').count(), "{text:?}");
            }
        }
    }
}
