//! zenbraze: a workbench for the Braze ⇄ Zendesk integration.
//!
//! Logic lives in modules with no egui in them (`template`, `cli`); `app` only draws and
//! dispatches.

pub mod api;
pub mod app;
pub mod cli;
pub mod connect;
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
pub mod ui;
pub mod users;
pub mod workspace;
