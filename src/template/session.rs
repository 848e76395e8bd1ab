//! Per-render state shared by Braze's tags and the time filters, kept in liquid-core's
//! runtime registers so that one compiled template serves many renders concurrently.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use liquid_core::Runtime;

use super::Compiled;

/// A mocked HTTP response for `connected_content`.
#[derive(Debug, Clone, PartialEq)]
pub struct MockResponse {
    pub status: u16,
    pub body: serde_json::Value,
}

/// Everything a render needs beyond variables.
#[derive(Default, Clone)]
pub struct Session {
    pub now: Option<DateTime<Utc>>,
    pub content_blocks: Arc<BTreeMap<String, Arc<Compiled>>>,
    pub connected_content: Arc<BTreeMap<String, MockResponse>>,
    pub catalogs: Arc<serde_json::Map<String, serde_json::Value>>,
    /// Set by `abort_message`; the render then stops.
    pub aborted: Option<Option<String>>,
    /// How many content blocks deep we are (Braze allows one level of nesting).
    pub block_depth: usize,
    /// A traced render marks each top-level output (see `trace.rs`).
    pub trace: bool,
    /// Inside `capture`, a content block or free-text tag arguments: output is not the
    /// document's, so it is not marked.
    pub capturing: usize,
}

/// Runs `f` with output capture noted in the session (see [`Session::capturing`]).
pub fn capturing<T>(runtime: &dyn Runtime, f: impl FnOnce() -> T) -> T {
    runtime.registers().get_mut::<Session>().capturing += 1;
    let result = f();
    runtime.registers().get_mut::<Session>().capturing -= 1;
    result
}

impl Session {
    pub fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}

/// The current session's clock.
pub fn now(runtime: &dyn Runtime) -> DateTime<Utc> {
    runtime.registers().get_mut::<Session>().now()
}
