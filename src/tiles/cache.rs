//! Encoded tiles kept in memory (moka, bounded by bytes): a tile is encoded once per server
//! run, concurrent requests for the same missing tile wait for one encoding.

use super::mercator::TileId;
use bytes::Bytes;
use moka::sync::Cache;

/// Per-collection encoded tiles; `None` = the collection has nothing in the tile.
pub struct TileCache {
    inner: Cache<(u32, TileId), Option<Bytes>>,
}

impl TileCache {
    /// A cache holding at most `max_bytes` of encoded tiles.
    pub fn new(max_bytes: u64) -> TileCache {
        TileCache {
            inner: Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_, v: &Option<Bytes>| {
                    (64 + v.as_ref().map_or(0, |b| b.len())).min(u32::MAX as usize) as u32
                })
                .build(),
        }
    }

    /// The tile of collection `layer`, encoded by `encode` when not cached.
    pub fn get_or_encode(
        &self,
        layer: u32,
        t: TileId,
        encode: impl FnOnce() -> Option<Vec<u8>>,
    ) -> Option<Bytes> {
        self.inner
            .get_with((layer, t), || encode().map(Bytes::from))
    }

    /// Tiles held (approximate, for diagnostics).
    pub fn entry_count(&self) -> u64 {
        self.inner.entry_count()
    }
}

impl Default for TileCache {
    /// 256 MiB.
    fn default() -> Self {
        TileCache::new(256 << 20)
    }
}
