//! Keeping what the C library's allocator holds close to what an ingest uses.

/// Asks glibc to map blocks of 128 KB and more on their own, and to give freed memory back
/// from 128 KB on. By default it raises its mapping threshold as large blocks are freed (up
/// to 32 MB) so that later ones come from its heaps, which it keeps: in an ingest, whose
/// segment writers and merges free blocks of megabytes all the time, that kept about 60 MB
/// more resident than was in use. Only ingest asks: a server that reads with positioned
/// reads allocates such blocks for every search, and mapping each one anew cost it a fifth
/// of its throughput. Other C libraries need nothing.
///
/// It also keeps glibc to two heaps ("arenas") rather than one per thread that allocates:
/// the threads that parse records allocate every bulletin and others free them, and with a
/// heap of their own each, the freed blocks stayed resident in heaps nobody allocated from
/// next (ingesting the corpus with two threads: peak `RssAnon` 235 MB with the default,
/// 191 MB with two heaps, the time the same).
#[allow(unsafe_code)]
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets three of glibc's tunables; every value is valid for them,
    // and glibc takes the setting under its own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 10);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
