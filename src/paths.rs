//! Where zenbraze keeps its files: profiles (no secrets) in the config directory, send history
//! in the data directory. `ZENBRAZE_CONFIG_DIR` and `ZENBRAZE_DATA_DIR` override both.

use std::path::PathBuf;

fn env_dir(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn home() -> Option<PathBuf> {
    env_dir("HOME").or_else(|| env_dir("USERPROFILE"))
}

/// `~/.config/zenbraze` (XDG), `~/Library/Application Support/zenbraze`, `%APPDATA%\zenbraze`.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = env_dir("ZENBRAZE_CONFIG_DIR") {
        return Some(dir);
    }
    let base = if cfg!(target_os = "macos") {
        home().map(|h| h.join("Library/Application Support"))
    } else if cfg!(windows) {
        env_dir("APPDATA")
    } else {
        env_dir("XDG_CONFIG_HOME").or_else(|| home().map(|h| h.join(".config")))
    };
    base.map(|b| b.join("zenbraze"))
}

/// `~/.local/share/zenbraze` (XDG), the config directory on macOS, `%LOCALAPPDATA%\zenbraze`.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = env_dir("ZENBRAZE_DATA_DIR") {
        return Some(dir);
    }
    let base = if cfg!(target_os = "macos") {
        home().map(|h| h.join("Library/Application Support"))
    } else if cfg!(windows) {
        env_dir("LOCALAPPDATA")
    } else {
        env_dir("XDG_DATA_HOME").or_else(|| home().map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join("zenbraze"))
}

pub fn profiles_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("profiles.json"))
}

pub fn history_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("history.jsonl"))
}

/// The marker of a start that has not yet rendered its workspace (`app::start_guard`).
pub fn start_marker_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("starting"))
}

/// What `zenbraze publish` last published to Braze, per profile and Content Block.
pub fn published_blocks_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("published-blocks.json"))
}

/// The embedded sandbox's state (its journal beside it), kept between runs of the app.
pub fn sandbox_state_file() -> Option<PathBuf> {
    data_dir().map(|d| d.join("sandbox-state.json"))
}
