//! Allocator policy for a short, allocation-heavy run.
//!
//! glibc hands freed memory back to the kernel eagerly: every block over
//! 128 KiB (each rendered file) is mapped on its own and unmapped when freed,
//! heaps are trimmed, and thread heaps grow a few pages at a time. The next
//! part then faults the same amount of fresh memory in again: at 10,000
//! errors a `gen` took ~40,000 page faults, and in a VM each costs
//! microseconds. A run lives for well under a second, so keep freed memory
//! for reuse instead. `cargo xtask bench` shows the effect (README).

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn keep_freed_memory() {
    use std::os::raw::c_int;
    unsafe extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // <malloc.h>
    const M_TRIM_THRESHOLD: c_int = -1;
    const M_TOP_PAD: c_int = -2;
    const M_MMAP_MAX: c_int = -4;
    let settings = [
        // No block gets a mapping of its own, whatever its size: at 50,000
        // errors several files pass 32 MiB (the most M_MMAP_THRESHOLD allows)
        // and were unmapped and faulted in anew, file after file. Heaps
        // serve them and keep the memory for the next one.
        (M_MMAP_MAX, 0),
        // Never give the top of a heap back.
        (M_TRIM_THRESHOLD, 1 << 30),
        // Grow heaps 16 MiB at a time.
        (M_TOP_PAD, 16 << 20),
    ];
    for (param, value) in settings {
        // SAFETY: mallopt only changes malloc's tuning parameters; it is
        // called first thing in main, before any other thread exists.
        unsafe {
            mallopt(param, value);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn keep_freed_memory() {}
