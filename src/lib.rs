//! zenbraze: a workbench for the Braze ⇄ Zendesk integration.
//!
//! Logic lives in modules with no egui in them (`template`, `cli`); `app` only draws and
//! dispatches.

pub mod api;
pub mod app;
pub mod cli;
pub mod connect;
pub mod lint;
pub mod net;
pub mod preview;
pub mod sandbox;
pub mod secrets;
pub mod template;
pub mod users;
pub mod workspace;
