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
pub mod preview;
pub mod sandbox;
pub mod secrets;
pub mod send;
pub mod setup;
pub mod template;
#[cfg(feature = "gui")]
pub mod ui;
pub mod users;
pub mod workspace;
