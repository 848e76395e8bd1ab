//! The system's fonts as fallbacks: names in Japanese or Chinese, and symbols the bundled fonts
//! lack, drawn with a font the machine already has instead of as boxes. The font folders are
//! searched and the chosen files read on a background thread; each is added to egui's fallback
//! chain (after the bundled fonts) and the window redrawn. Nothing is shipped: a machine with
//! no such font keeps egui's boxes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Fonts for CJK text, smallest first (each is read whole into memory: Droid Sans Fallback is
/// 4 MB, Noto Sans CJK a 20 MB collection).
const CJK: &[&str] = &[
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKjp-Regular.otf",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansJP-Regular.otf",
    // macOS and Windows
    "Hiragino Sans GB.ttc",
    "PingFang.ttc",
    "msyh.ttc",
    "YuGothM.ttc",
    "msgothic.ttc",
];

/// Fonts for symbols and the monochrome emoji egui can draw.
const SYMBOLS: &[&str] = &[
    "NotoSansSymbols2-Regular.ttf",
    "NotoSansSymbols-Regular.ttf",
    "Symbola.ttf",
    "seguisym.ttf",
    "Apple Symbols.ttf",
];

/// How deep and how wide the search goes: font folders are shallow; a huge one is not read.
const MAX_DEPTH: usize = 5;
const MAX_ENTRIES: usize = 50_000;

/// The folders fonts are installed in, on this OS.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(data) = std::env::var_os("XDG_DATA_HOME") {
        dirs.push(PathBuf::from(data).join("fonts"));
    }
    if let Some(home) = &home {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    let data_dirs =
        std::env::var("XDG_DATA_DIRS").unwrap_or_else(|_| "/usr/local/share:/usr/share".to_owned());
    dirs.extend(data_dirs.split(':').map(|d| Path::new(d).join("fonts")));
    dirs.extend(
        ["/System/Library/Fonts", "/Library/Fonts"]
            .iter()
            .map(PathBuf::from),
    );
    if let Some(windows) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windows).join("Fonts"));
    }
    dirs.dedup();
    dirs
}

/// The first of `names` (in their order) found under `dirs`, searched recursively.
pub fn find(dirs: &[PathBuf], names: &[&str]) -> Option<PathBuf> {
    let mut found: Vec<Option<PathBuf>> = vec![None; names.len()];
    let mut entries = 0usize;
    let mut stack: Vec<(PathBuf, usize)> = dirs.iter().map(|d| (d.clone(), 0)).collect();
    while let Some((dir, depth)) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            entries += 1;
            if entries > MAX_ENTRIES {
                break;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && depth < MAX_DEPTH {
                stack.push((path, depth + 1));
            } else if let Some(at) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| names.iter().position(|want| want.eq_ignore_ascii_case(n)))
                && found[at].is_none()
            {
                found[at] = Some(path);
            }
        }
    }
    found.into_iter().flatten().next()
}

/// The fallback fonts, once loaded: their file names (empty when the machine has none).
#[derive(Clone, Default)]
pub struct Fallbacks(Arc<OnceLock<Vec<String>>>);

impl Fallbacks {
    /// What was added, once the background search is done.
    pub fn loaded(&self) -> Option<&[String]> {
        self.0.get().map(Vec::as_slice)
    }
}

/// Finds and adds the fallback fonts off the UI thread, then redraws.
pub fn install(ctx: &egui::Context) -> Fallbacks {
    install_from(ctx, font_dirs())
}

/// As [`install`], searching `dirs`.
pub fn install_from(ctx: &egui::Context, dirs: Vec<PathBuf>) -> Fallbacks {
    let fallbacks = Fallbacks::default();
    install_into(ctx, dirs, &fallbacks);
    fallbacks
}

/// The fallbacks to fill, and the search that fills them, which the app starts once its first
/// frame is drawn: no first frame needs a CJK font, and reading one (4 to 20 MB) would delay it.
pub fn install_later() -> (Fallbacks, impl FnOnce(&egui::Context) + Send + 'static) {
    let fallbacks = Fallbacks::default();
    let filled = fallbacks.clone();
    (fallbacks, move |ctx: &egui::Context| {
        install_into(ctx, font_dirs(), &filled)
    })
}

fn install_into(ctx: &egui::Context, dirs: Vec<PathBuf>, fallbacks: &Fallbacks) {
    let done = Arc::clone(&fallbacks.0);
    let ctx = ctx.clone();
    crate::net::runtime().spawn_blocking(move || {
        let mut added = Vec::new();
        for (name, list) in [("system_cjk", CJK), ("system_symbols", SYMBOLS)] {
            let Some(path) = find(&dirs, list) else {
                continue;
            };
            // A font that cannot be read is skipped: the bundled fonts still draw everything else.
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            ctx.add_font(egui::FontInsert::new(
                name,
                egui::FontData::from_owned(bytes),
                [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
                    .into_iter()
                    .map(|family| egui::InsertFontFamily {
                        family,
                        priority: egui::FontPriority::Lowest,
                    })
                    .collect(),
            ));
            added.push(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
        let _ = done.set(added);
        ctx.request_repaint();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_listed_name_wins_wherever_it_is_found() {
        let root = std::env::temp_dir().join(format!("zb-fonts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("a/deep/er")).unwrap();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join("b/wqy-microhei.ttc"), b"x").unwrap();
        std::fs::write(root.join("a/deep/er/DroidSansFallbackFull.ttf"), b"x").unwrap();
        let dirs = vec![root.join("b"), root.join("a"), root.join("missing")];
        assert_eq!(
            find(&dirs, CJK).unwrap(),
            root.join("a/deep/er/DroidSansFallbackFull.ttf")
        );
        assert_eq!(find(&dirs, SYMBOLS), None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
