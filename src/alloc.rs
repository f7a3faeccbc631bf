//! The allocator's settings, shared by the binary (`src/main.rs`, which installs mimalloc
//! as its global allocator) and the benchmarks (which install it the same way, so they
//! measure what the program does).

/// Return freed memory to the OS at once and commit arenas lazily: an import of a national
/// year stays well under 256 MiB resident (mimalloc's defaults kept ~270 MiB). Call first
/// thing in `main`, before any thread starts. `mi_option_t` values from mimalloc.h (the
/// same in v2 and v3).
#[cfg(feature = "mimalloc")]
#[allow(unsafe_code)]
pub fn tune() {
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: plain option setters of the linked allocator, called before any thread starts.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

/// Without mimalloc (a profiling build) the system allocator needs no tuning.
#[cfg(not(feature = "mimalloc"))]
pub fn tune() {}
