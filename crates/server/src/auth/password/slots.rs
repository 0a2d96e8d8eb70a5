//! How many hashes run at once, and the memory they run in.
//!
//! One hash per core at most: hashing is CPU-bound, so more at once would not finish sooner,
//! they would only hold more memory (19 MiB each) and more blocking threads. Slots are handed
//! out in arrival order, and every hash and verification (the dummy one for unknown addresses
//! included) waits in the same queue, so waiting tells nobody anything either.
//!
//! While requests wait, a finished hash hands its memory on to the next one: memory fresh from
//! the system costs about as much again in page faults as the hash itself (31 ms instead of
//! 17 ms a hash here), which would halve how many logins a burst gets through. When the last
//! request has its answer, all of it is freed, and the allocator (jemalloc, see `main.rs`)
//! gives blocks this big back to the system at once. So a burst holds cores × 19 MiB at most,
//! and nothing once it is over.

use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};

use argon2::Block;
use tokio::sync::Semaphore;

use super::HashError;

/// One permit per hash that may run.
static SLOTS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    Arc::new(Semaphore::new(cores))
});

static SPARE: Mutex<Spare> = Mutex::new(Spare { requests: 0, memory: Vec::new() });

/// Memory of finished hashes, kept for the next one while any request is waiting or hashing.
struct Spare {
    /// Requests from arrival to answer.
    requests: usize,
    /// Never more than one per slot: memory is only allocated when none is spare.
    memory: Vec<Vec<Block>>,
}

fn spare() -> MutexGuard<'static, Spare> {
    // The guarded code cannot panic midway; a poisoned lock still holds consistent counts.
    SPARE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One request, counted from arrival (waiting included) until it has its answer or is given
/// up; the last one out frees the spare memory.
struct Request;

impl Request {
    fn arrive() -> Self {
        spare().requests += 1;
        Self
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        let freed = {
            let mut spare = spare();
            spare.requests -= 1;
            if spare.requests == 0 { std::mem::take(&mut spare.memory) } else { Vec::new() }
        };
        // Outside the lock: returning 19 MiB blocks to the system takes a system call each.
        drop(freed);
    }
}

/// Runs `work` on the blocking pool once a slot is free, with spare memory if there is some
/// (else an empty `Vec` that `work` grows).
pub(super) async fn in_slot<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Result<T, HashError> {
    let request = Request::arrive();
    let slot = SLOTS.clone().acquire_owned().await.map_err(|e| HashError(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        // Slot and request live in the blocking task: a client that hangs up mid-hash frees
        // neither while the hash still runs.
        let mut memory = spare().memory.pop().unwrap_or_default();
        let result = work(&mut memory);
        spare().memory.push(memory);
        drop(slot);
        drop(request);
        result
    })
    .await
    .map_err(|e| HashError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_is_handed_on_while_requests_wait_and_freed_after_the_last() {
        // Stands for a request still waiting for its slot.
        let waiting = Request::arrive();
        let first = in_slot(|memory| {
            let fresh = memory.is_empty();
            memory.resize(1024, Block::default());
            fresh
        });
        assert!(first.await.unwrap(), "the first hash gets fresh memory");
        assert_eq!(spare().memory.len(), 1, "kept while a request waits");
        let second = in_slot(|memory| memory.len());
        assert_eq!(second.await.unwrap(), 1024, "the next hash gets it");
        drop(waiting);
        let spare = spare();
        assert_eq!((spare.requests, spare.memory.len()), (0, 0), "all freed once all are answered");
    }
}
