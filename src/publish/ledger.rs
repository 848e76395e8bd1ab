//! What zenbraze last published, per profile and block: the block's id, the body and its hash.
//! One JSON file in the data directory, read-modify-written under its lock with an atomic write.
//! It holds bodies (templates), never a key or token.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::durable::{self, FileError, FileLock, Privacy};

/// One block as zenbraze published it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub content_block_id: String,
    /// [`super::hash`] of `body`.
    pub hash: String,
    pub body: String,
    /// Set to draft by `--retire`.
    #[serde(default)]
    pub retired: bool,
}

type Records = BTreeMap<String, BTreeMap<String, Published>>;

/// The ledger file (`published-blocks.json` in the data directory).
#[derive(Debug, Clone)]
pub struct Ledger {
    path: PathBuf,
}

impl Ledger {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    /// The ledger in the data directory; none when there is no data directory.
    pub fn default_file() -> Option<Self> {
        crate::paths::published_blocks_file().map(|p| Self::new(&p))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<Records, FileError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                FileError::read(
                    &self.path,
                    std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Records::new()),
            Err(e) => Err(FileError::read(&self.path, e)),
        }
    }

    /// What was last published for this profile and block.
    pub fn get(&self, profile: &str, block: &str) -> Result<Option<Published>, FileError> {
        Ok(self
            .read()?
            .get(profile)
            .and_then(|blocks| blocks.get(block))
            .cloned())
    }

    /// Records a publish (under the file's lock; the file is replaced atomically).
    pub fn put(&self, profile: &str, block: &str, record: &Published) -> Result<(), FileError> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| FileError::write(&self.path, e))?;
        }
        let _lock = FileLock::acquire(&self.path).map_err(|e| FileError::lock(&self.path, e))?;
        let mut records = self.read()?;
        records
            .entry(profile.to_owned())
            .or_default()
            .insert(block.to_owned(), record.clone());
        let text = serde_json::to_string_pretty(&records).unwrap_or_default();
        durable::write_atomic(&self.path, text.as_bytes(), Privacy::Normal)
            .map_err(|e| FileError::write(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_kept_per_profile_and_block() {
        let dir = std::env::temp_dir().join(format!("zb-ledger-{}", fastrand::u64(..)));
        let ledger = Ledger::new(&dir.join("sub").join("published-blocks.json"));
        assert_eq!(ledger.get("p", "b").unwrap(), None);
        let r = Published {
            content_block_id: "id".into(),
            hash: super::super::hash("x"),
            body: "x".into(),
            retired: false,
        };
        ledger.put("p", "b", &r).unwrap();
        ledger
            .put(
                "q",
                "b",
                &Published {
                    body: "y".into(),
                    ..r.clone()
                },
            )
            .unwrap();
        assert_eq!(ledger.get("p", "b").unwrap(), Some(r));
        assert_eq!(ledger.get("q", "b").unwrap().unwrap().body, "y");
        assert_eq!(ledger.get("p", "other").unwrap(), None);
        std::fs::write(ledger.path(), "not json").unwrap();
        assert!(ledger.get("p", "b").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
