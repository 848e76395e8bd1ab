//! The preview's Content Blocks from Braze: when the body includes `{{content_blocks.${name}}}`
//! and the active profile has a Braze connection, the blocks (and those they include) are read
//! from Braze off the UI thread and the preview renders with them, as Braze will. A block the
//! selected render context defines itself stays the context's (an explicit mock wins).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ZenbrazeApp;
use super::jobs::{spawn_async, take_ready};
use crate::api::ClientOptions;
use crate::template::Dialect;

/// What was read from Braze, and for what.
#[derive(Debug, Default)]
pub(crate) struct BrazeBlocks {
    /// (document revision, payload) the names were read from.
    scanned: Option<(u64, usize)>,
    /// The names the body includes.
    names: Vec<String>,
    /// (profile, names) the last fetch was for.
    fetched_for: Option<(String, Vec<String>)>,
    /// Name → content, as Braze holds them.
    pub(crate) blocks: BTreeMap<String, String>,
    /// Moves with every fetch that arrives: part of the render environment's key.
    pub(crate) revision: u64,
}

impl ZenbrazeApp {
    /// Reads the body's block names when it changed, starts a fetch when they or the profile
    /// changed, and takes a finished fetch.
    pub(crate) fn update_braze_blocks(&mut self, ctx: &egui::Context) {
        // A failed read keeps the blocks there were; the preview names a missing one.
        if let Some(Ok(blocks)) = take_ready(&mut self.background.braze_blocks) {
            self.derived.braze_blocks.blocks = blocks;
            self.derived.braze_blocks.revision += 1;
        }
        let key = (self.doc.revision(), self.remembered.payload);
        if self.derived.braze_blocks.scanned != Some(key) {
            let names = match self.payload() {
                Some(p) if self.dialect() == Dialect::Braze => {
                    crate::publish::included_blocks(&p.body)
                }
                _ => Vec::new(),
            };
            let b = &mut self.derived.braze_blocks;
            b.scanned = Some(key);
            // A name Braze did not have is asked for again at the next change of the body (it
            // may have been published since); found ones are not read on every keystroke.
            if b.names.iter().any(|n| !b.blocks.contains_key(n)) {
                b.fetched_for = None;
            }
            b.names = names;
        }
        let names = self.derived.braze_blocks.names.clone();
        if names.is_empty() || self.background.braze_blocks.is_some() {
            return;
        }
        let Some(profile) = self.active_profile().filter(|p| p.braze.is_some()) else {
            return;
        };
        let wanted = (profile.name.clone(), names.clone());
        if self.derived.braze_blocks.fetched_for.as_ref() == Some(&wanted) {
            return;
        }
        self.derived.braze_blocks.fetched_for = Some(wanted);
        let store = Arc::clone(&self.config.store);
        self.background.braze_blocks = Some(spawn_async(ctx, async move {
            let client =
                crate::connect::braze_client(&profile, store.as_ref(), ClientOptions::default())
                    .map_err(|e| crate::i18n::Localize::message(&e))?;
            let mut blocks = BTreeMap::new();
            for name in names {
                let found = crate::publish::fetch_blocks(&client, &name)
                    .await
                    .map_err(|e| crate::i18n::Localize::message(&e))?;
                blocks.extend(found);
            }
            Ok(blocks)
        }));
    }
}
