//! zenbraze: a workbench for the Braze ⇄ Zendesk integration.
//!
//! Logic lives in modules with no egui in them; the compiler holds that line, because egui and
//! eframe are only there with the `gui` feature, which only `app` (state and what it does) and
//! `ui` (drawing) use.

pub mod about;
pub mod api;
#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod connect;
pub mod durable;
pub mod editor;
pub mod i18n;
pub mod lint;
pub mod net;
pub mod parallel;
pub mod paths;
pub mod percent;
pub mod preview;
pub mod profiles;
pub mod publish;
pub mod sandbox;
pub mod secrets;
pub mod send;
pub mod setup;
pub mod target;
pub mod template;
#[cfg(feature = "gui")]
pub mod ui;
pub mod users;
pub mod workspace;

/// The layers of the crate, lowest first. A module may use only modules of the layers below its
/// own, never one of its own layer or above: `tests/layers.rs` reads every `crate::` path in
/// `src/` against this list, and the README's layer table is generated from it
/// (`ZENBRAZE_WRITE_README=1 cargo test --test layers`). A new top-level module is placed here.
pub const LAYERS: &[Layer] = &[
    Layer {
        modules: &["i18n", "net", "about", "paths", "percent", "parallel"],
        role: "the base: the catalogue and its messages, the async runtime, the build's identity, where files live, percent-encoding, bulk work on every core",
    },
    Layer {
        modules: &["durable"],
        role: "the one atomic write, durable append and file lock",
    },
    Layer {
        modules: &["template", "users", "secrets"],
        role: "the domain: the Liquid engine, sample users, secrets and the keyring",
    },
    Layer {
        modules: &["target", "api"],
        role: "what a payload is sent to and checked as; the Zendesk and Braze clients",
    },
    Layer {
        modules: &["lint", "editor", "sandbox"],
        role: "findings on a rendered payload; the editor's logic; the emulated services",
    },
    Layer {
        modules: &["preview", "profiles"],
        role: "the live preview; connection profiles (no secrets)",
    },
    Layer {
        modules: &["connect", "workspace"],
        role: "from a profile to working clients; the document and its file",
    },
    Layer {
        modules: &["send"],
        role: "a test send, its history, send to all",
    },
    Layer {
        modules: &["setup", "publish"],
        role: "the Zendesk webhook and trigger: plan, apply, verify, remove; the Braze Content Block: plan, apply, verify, retire",
    },
    Layer {
        modules: &["cli", "app"],
        role: "the command line; the app's state and what it does, without drawing",
    },
    Layer {
        modules: &["ui"],
        role: "drawing only: panels, dialogs, the theme, the window",
    },
];

/// One row of [`LAYERS`].
pub struct Layer {
    pub modules: &'static [&'static str],
    /// What the layer holds, for the README.
    pub role: &'static str,
}
