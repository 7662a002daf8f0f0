//! The band keys of the batch not yet committed, in memory.

use std::collections::HashMap;

/// The band keys of the batch, each with the bulletins that hold it: a chain through
/// `links`, newest first. Nearly every key of a batch is held by one bulletin, and a
/// vector per key would cost three times the memory (a batch of 50,000 bulletins holds
/// 200,000 to 350,000 keys).
#[derive(Default)]
pub(super) struct BandTable {
    /// The newest link of each key.
    newest: HashMap<u64, usize>,
    /// A bulletin's place in the batch, and the link before it for the same key.
    links: Vec<(usize, Option<usize>)>,
}

impl BandTable {
    pub(super) fn insert(&mut self, key: u64, at: usize) {
        let link = self.links.len();
        let before = self.newest.insert(key, link);
        self.links.push((at, before));
    }

    /// The places in the batch of the bulletins holding `key`.
    pub(super) fn holding(&self, key: u64) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.newest.get(&key).copied();
        std::iter::from_fn(move || {
            let (at, before) = self.links[next?];
            next = before;
            Some(at)
        })
    }

    pub(super) fn clear(&mut self) {
        self.newest.clear();
        self.links.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::BandTable;

    #[test]
    fn a_band_key_finds_every_bulletin_holding_it_until_cleared() {
        let mut table = BandTable::default();
        for (key, at) in [(7, 0), (9, 1), (7, 2), (7, 3), (9, 4)] {
            table.insert(key, at);
        }
        assert_eq!(table.holding(7).collect::<Vec<_>>(), [3, 2, 0]);
        assert_eq!(table.holding(9).collect::<Vec<_>>(), [4, 1]);
        assert_eq!(table.holding(8).count(), 0);
        table.clear();
        assert_eq!(table.holding(7).count(), 0);
        table.insert(7, 0);
        assert_eq!(table.holding(7).collect::<Vec<_>>(), [0]);
    }
}
