//! Evidence: files attached to answers, stored content-addressed by blake3 in the `blobs`
//! tree. This device's own evidence is journaled before the answer that attaches it is
//! committed; evidence received in a bundle rides with the import's sync.

use super::Store;
use super::backend::Tree;
use crate::error::Result;

impl Store {
    /// Store evidence bytes content-addressed; returns the blake3 hex. Durable: journaled
    /// (and fsynced) before it returns, like a commit (in memory: just stored).
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_blob(&self, bytes: &[u8]) -> Result<String> {
        let h = blake3::hash(bytes).to_hex().to_string();
        if let Some(mut j) = self.journal()? {
            j.append_blob(&h, bytes)?;
        }
        self.put_blob_unsynced(&h, bytes)?;
        Ok(h)
    }

    /// Store verified evidence bytes (content-addressed; not durable until the next sync).
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_blob_unsynced(&self, hash: &str, bytes: &[u8]) -> Result<()> {
        if !self.has_blob(hash)? {
            self.put(Tree::Blobs, hash.as_bytes(), bytes)?;
        }
        Ok(())
    }

    /// Evidence bytes by hash.
    ///
    /// # Errors
    /// Storage failure.
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .kv
            .get(Tree::Blobs, hash.as_bytes())?
            .map(|v| v.to_vec()))
    }

    /// Whether a blob is present.
    ///
    /// # Errors
    /// Storage failure.
    pub fn has_blob(&self, hash: &str) -> Result<bool> {
        self.kv.contains(Tree::Blobs, hash.as_bytes())
    }
}
