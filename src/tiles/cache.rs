//! Encoded tiles kept in memory (moka, bounded by bytes), in two caches:
//!
//! - per collection, the MVT layer of one collection in one tile (`None`: nothing there);
//! - per served tile (a collection tile, or a dataset tile with its list of collections), the
//!   bytes as sent: the MVT and its gzip encoding, made once, so a warm request is a lookup
//!   and a copy of a reference count, with no encoding and no compression.
//!
//! Both are filled with `get_with`: concurrent requests for the same missing key wait for one
//! computation instead of each doing it.

use super::mercator::TileId;
use bytes::Bytes;
use moka::sync::Cache;
use std::io::Write;
use std::sync::Arc;

/// A served tile: the MVT bytes and the same bytes gzip-compressed.
#[derive(Debug)]
pub struct Served {
    pub raw: Bytes,
    pub gzip: Bytes,
}

impl Served {
    /// `raw` and its gzip encoding (level 4, as the compression layer of the other routes).
    pub fn new(raw: Bytes) -> Served {
        let mut enc = flate2::write::GzEncoder::new(
            Vec::with_capacity(raw.len() / 2 + 64),
            flate2::Compression::new(4),
        );
        // Writing to a Vec cannot fail.
        let gzip = enc
            .write_all(&raw)
            .and_then(|_| enc.finish())
            .map(Bytes::from)
            .unwrap_or_default();
        Served { raw, gzip }
    }
}

/// The key of a served tile: the collections (indexes, in the order of the tile's layers) and
/// the tile.
pub type ServedKey = (Box<[u32]>, TileId);

pub struct TileCache {
    layers: Cache<(u32, TileId), Option<Bytes>>,
    served: Cache<ServedKey, Option<Arc<Served>>>,
}

impl TileCache {
    /// Caches holding at most `layer_bytes` of per-collection layers and `served_bytes` of
    /// served tiles (raw plus gzip).
    pub fn new(layer_bytes: u64, served_bytes: u64) -> TileCache {
        let weight = |n: usize| (64 + n).min(u32::MAX as usize) as u32;
        TileCache {
            layers: Cache::builder()
                .max_capacity(layer_bytes)
                .weigher(move |_, v: &Option<Bytes>| weight(v.as_ref().map_or(0, |b| b.len())))
                .build(),
            served: Cache::builder()
                .max_capacity(served_bytes)
                .weigher(move |k: &ServedKey, v: &Option<Arc<Served>>| {
                    weight(4 * k.0.len() + v.as_ref().map_or(0, |s| s.raw.len() + s.gzip.len()))
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
        self.layers
            .get_with((layer, t), || encode().map(Bytes::from))
    }

    /// The served tile of `key` when cached (outer `None`: not cached; inner `None`: empty).
    pub fn served(&self, key: &ServedKey) -> Option<Option<Arc<Served>>> {
        self.served.get(key)
    }

    /// The served tile of `key`, made by `make` (and gzip-compressed) when not cached; one
    /// `make` per key however many ask at once.
    pub fn served_or_make(
        &self,
        key: ServedKey,
        make: impl FnOnce() -> Option<Bytes>,
    ) -> Option<Arc<Served>> {
        self.served.get_with(key, || {
            make()
                .filter(|b| !b.is_empty())
                .map(|b| Arc::new(Served::new(b)))
        })
    }

    /// Tiles held (approximate, for diagnostics): per-collection layers, served tiles.
    pub fn entry_count(&self) -> (u64, u64) {
        (self.layers.entry_count(), self.served.entry_count())
    }
}

impl Default for TileCache {
    /// 256 MiB of per-collection layers, 768 MiB of served tiles.
    fn default() -> Self {
        TileCache::new(256 << 20, 768 << 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn tile() -> TileId {
        TileId::new(12, 3300, 1620).unwrap()
    }

    #[test]
    fn served_gzip_decodes_to_the_raw_bytes() {
        let raw: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        let s = Served::new(Bytes::from(raw.clone()));
        assert_eq!(&s.gzip[..2], &[0x1f, 0x8b], "a gzip member");
        assert!(s.gzip.len() < raw.len());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&s.gzip[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, raw);
        assert_eq!(&s.raw[..], &raw[..]);
    }

    #[test]
    fn one_computation_per_key_under_concurrent_misses() {
        let cache = TileCache::new(1 << 20, 1 << 20);
        let made = AtomicUsize::new(0);
        let key: ServedKey = (vec![0, 1, 2].into_boxed_slice(), tile());
        let got: Vec<Option<Arc<Served>>> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..16)
                .map(|_| {
                    s.spawn(|| {
                        cache.served_or_make(key.clone(), || {
                            made.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            Some(Bytes::from_static(b"tile bytes"))
                        })
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(made.load(Ordering::SeqCst), 1);
        for g in &got {
            assert_eq!(&g.as_ref().unwrap().raw[..], b"tile bytes");
        }
        // A hit neither makes nor changes anything.
        let hit = cache.served(&key).expect("cached").expect("not empty");
        assert_eq!(&hit.raw[..], b"tile bytes");
        assert!(cache
            .served(&(vec![0, 2, 1].into_boxed_slice(), tile()))
            .is_none());
    }

    #[test]
    fn empty_tiles_are_cached_as_empty() {
        let cache = TileCache::new(1 << 20, 1 << 20);
        let key: ServedKey = (vec![3].into_boxed_slice(), tile());
        assert!(cache.served_or_make(key.clone(), || None).is_none());
        assert!(cache
            .served_or_make(key.clone(), || Some(Bytes::new()))
            .is_none());
        assert!(matches!(cache.served(&key), Some(None)));
    }
}
