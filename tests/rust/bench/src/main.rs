//! Times looking up a code's metadata from its string in a generated crate:
//! `Code::from(&str)` (a binary search of the sorted code table) followed by
//! `Code::definitions()`, for codes the crate knows and codes it does not.
//! Prints `lookup_ns_per_op=<ns>` (known and unknown codes interleaved) and
//! the two halves separately.

use std::hint::black_box;
use std::time::Instant;

use sdk::Code;

/// Lookups per timed run, and runs; the fastest run counts.
const OPS: usize = 2_000_000;
const RUNS: usize = 5;

/// Nanoseconds per lookup of `codes`, cycled, over the fastest of `RUNS`.
fn time(codes: &[String]) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut found = 0usize;
        for i in 0..OPS {
            let code = Code::from(black_box(codes[i % codes.len()].as_str()));
            found += black_box(code.definitions()).len();
        }
        let elapsed = start.elapsed().as_nanos() as f64;
        black_box(found);
        best = best.min(elapsed / OPS as f64);
    }
    best
}

/// A fixed permutation (a stride coprime with the length), so lookups do
/// not walk the sorted table in order.
fn shuffled(codes: Vec<String>) -> Vec<String> {
    let len = codes.len();
    let stride = (len / 3 + 1..).find(|s| gcd(*s, len) == 1).unwrap_or(1);
    (0..len).map(|i| codes[i * stride % len].clone()).collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn main() {
    let known: Vec<String> = Code::known().map(|c| c.as_str().to_owned()).collect();
    assert!(!known.is_empty(), "the crate lists no codes");
    // Unknown codes that sort among the known ones: the search goes deep.
    let unknown: Vec<String> = known.iter().map(|c| format!("{c}_FROM_A_NEWER_SERVER")).collect();
    assert!(unknown.iter().all(|c| !Code::from(c.as_str()).is_known()));
    let mixed: Vec<String> = known.iter().zip(&unknown).flat_map(|(k, u)| [k.clone(), u.clone()]).collect();
    let (known, unknown, mixed) = (shuffled(known), shuffled(unknown), shuffled(mixed));

    let known_ns = time(&known);
    let unknown_ns = time(&unknown);
    let mixed_ns = time(&mixed);
    println!("codes={}", known.len());
    println!("known_ns_per_op={known_ns:.1}");
    println!("unknown_ns_per_op={unknown_ns:.1}");
    println!("lookup_ns_per_op={mixed_ns:.1}");
}
