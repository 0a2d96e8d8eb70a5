//! The cap on event streams per client address: each open stream holds a connection and a
//! little memory for as long as it lives, so one client cannot open thousands.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use super::Spent;

/// Event streams one client address may hold open at once: generous for a household or an
/// office behind one address, each reader with some tabs open; small beside the thousands one
/// server holds.
pub const MAX_STREAMS_PER_ADDRESS: usize = 64;

/// Open streams per client address.
#[derive(Debug, Default)]
pub struct StreamCounts {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open stream's place in the count, given back when it is dropped (the stream ends or
/// the client goes).
#[derive(Debug)]
pub struct StreamSlot {
    counts: Arc<StreamCounts>,
    address: IpAddr,
}

impl StreamCounts {
    /// A slot for a new stream of `address`, or [`Spent`] when it holds
    /// [`MAX_STREAMS_PER_ADDRESS`] already (`enabled` false: always a slot).
    pub fn open(self: &Arc<Self>, address: IpAddr, enabled: bool) -> Result<StreamSlot, Spent> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(address).or_insert(0);
        if enabled && *count >= MAX_STREAMS_PER_ADDRESS {
            // A stream ends when its reader leaves; a few seconds are a fair wait.
            return Err(Spent { retry_after: 5 });
        }
        *count += 1;
        Ok(StreamSlot { counts: self.clone(), address })
    }

    /// How many streams `address` holds open.
    pub fn open_for(&self, address: IpAddr) -> usize {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).get(&address).copied().unwrap_or(0)
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.counts.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_holds_at_most_its_share_and_gets_it_back() {
        let counts = Arc::new(StreamCounts::default());
        let (here, there) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        let slots: Vec<StreamSlot> = (0..MAX_STREAMS_PER_ADDRESS).map(|_| counts.open(here, true).unwrap()).collect();
        assert!(counts.open(here, true).is_err(), "one more is refused");
        assert!(counts.open(there, true).is_ok(), "another client is not");
        assert!(counts.open(here, false).is_ok(), "unless limits are lifted");
        drop(slots);
        assert_eq!(counts.open_for(here), 0, "every slot given back");
        assert!(counts.open(here, true).is_ok());
    }
}
