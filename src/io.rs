//! A thread pool for work that waits on the disk rather than the processor.
//!
//! A build reads thousands of small files (progress entries, cached share images).
//! When they are not in the page cache, which on a fresh checkout or a server that
//! reclaims its cache is the usual case, each read waits for the disk. With one
//! thread per core, as rayon's global pool has, only as many reads are in flight as
//! there are cores and the cores sit idle meanwhile. Reads and copies of many files
//! run on a pool of their own, with enough threads to keep the disk's queue full; the
//! processor-bound work on what they read (parsing, rendering) still uses the global
//! pool's cores.

/// Threads of an I/O pool: reads in flight at once. Solid-state and virtual disks
/// serve a few dozen requests in parallel; past that more threads only cost memory.
const THREADS: usize = 16;

/// Run `f` in a pool of [`THREADS`] threads (its `par_iter`s spread over them), made
/// for this call and ended after it: an idle thread would keep the memory its
/// allocator gave it, and what it read is used on other threads. If the system
/// refuses the threads, `f` runs on the current thread's pool, slower on a cold
/// cache but the same.
pub fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .thread_name(|i| format!("tiendo-io-{i}"))
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Whether a process `pid` runs on this machine (where that cannot be known,
/// it is taken to run, so that its files are left alone).
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}
