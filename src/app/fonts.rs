//! The system's fonts as fallbacks: names in Japanese or Chinese, and symbols the bundled fonts
//! lack, drawn with a font the machine already has instead of as boxes. The font folders are
//! searched and the chosen files read on a background thread; each is added to egui's fallback
//! chain (after the bundled fonts) and the window redrawn. Nothing is shipped: a machine with
//! no such font keeps egui's boxes.
//!
//! A CJK font is 4 to 20 MB held in memory for as long as the app runs, so it is read only when
//! something needs it: at start when the workspace has CJK text, else the first time a CJK
//! character is drawn (egui asks the [`FontProvider`] installed here for a font it lacks; the
//! character shows as a box for the frames the read takes).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use egui::epaint::text::{FallbackRequest, FontInsert, FontProvider};

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

/// Whether `c` is of the CJK scripts (Han, kana, Hangul, CJK punctuation, full-width forms):
/// what the bundled fonts lack and a system CJK font draws.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF        // Hangul Jamo
        | 0x2E80..=0x2FDF      // CJK radicals, Kangxi
        | 0x3000..=0x33FF      // CJK punctuation, kana, Bopomofo, compatibility
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xA000..=0xA4CF      // Yi
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFE30..=0xFE4F      // CJK compatibility forms
        | 0xFF00..=0xFFEF      // half- and full-width forms
        | 0x20000..=0x3134F) // CJK extensions B to G
}

/// Whether `text` has a CJK character.
pub fn has_cjk(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(is_cjk)
}

fn json_has_cjk(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => has_cjk(s),
        serde_json::Value::Array(items) => items.iter().any(json_has_cjk),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| has_cjk(k) || json_has_cjk(v)),
        _ => false,
    }
}

/// Whether anything of the workspace (payloads, sample users and tickets, contexts) has CJK text.
pub fn workspace_needs_cjk(ws: &crate::workspace::Workspace) -> bool {
    ws.payloads.iter().any(|p| {
        has_cjk(&p.name)
            || has_cjk(&p.url)
            || has_cjk(&p.body)
            || p.headers.iter().any(|(k, v)| has_cjk(k) || has_cjk(v))
    }) || ws.users.iter().any(json_has_cjk)
        || ws.tickets.iter().any(json_has_cjk)
        || ws
            .contexts
            .iter()
            .any(|c| has_cjk(&c.name) || json_has_cjk(&c.context))
}

/// The fallback fonts: which were added, and whether the CJK font's read has started.
#[derive(Clone, Default)]
pub struct Fallbacks(Arc<Shared>);

#[derive(Default)]
struct Shared {
    /// The file names added; none until the first search is done.
    loaded: Mutex<Option<Vec<String>>>,
    /// Whether the CJK font has been looked for (once per run).
    cjk_started: AtomicBool,
}

impl Fallbacks {
    /// The fonts added so far, once the first search is done (empty when the machine has none).
    pub fn loaded(&self) -> Option<Vec<String>> {
        self.0.loaded.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Whether the CJK font has been asked for (the workspace has CJK text, or some was drawn).
    pub fn cjk_asked(&self) -> bool {
        self.0.cjk_started.load(Ordering::Acquire)
    }

    /// Starts reading the CJK font, once; it is added to the fonts recorded so far (the
    /// provider that calls this is installed only once the first search has recorded them).
    fn start_cjk(&self, ctx: &egui::Context, dirs: Arc<Vec<PathBuf>>) {
        if self.0.cjk_started.swap(true, Ordering::AcqRel) {
            return;
        }
        let me = self.clone();
        let ctx = ctx.clone();
        crate::net::runtime().spawn_blocking(move || {
            let added = add(&ctx, &dirs, "system_cjk", CJK);
            if let Ok(mut loaded) = me.0.loaded.lock() {
                loaded.get_or_insert_with(Vec::new).extend(added);
            }
            ctx.request_repaint();
        });
    }
}

/// Finds and adds the fallback fonts off the UI thread, then redraws; the CJK font only when
/// `cjk_now`, else when a CJK character is first drawn.
pub fn install(ctx: &egui::Context, cjk_now: bool) -> Fallbacks {
    install_from(ctx, font_dirs(), cjk_now)
}

/// As [`install`], searching `dirs`.
pub fn install_from(ctx: &egui::Context, dirs: Vec<PathBuf>, cjk_now: bool) -> Fallbacks {
    let fallbacks = Fallbacks::default();
    install_into(ctx, dirs, &fallbacks, cjk_now);
    fallbacks
}

/// The fallbacks to fill, and the search that fills them, which the app starts once its first
/// frame is drawn: no first frame needs a CJK font, and reading one (4 to 20 MB) would delay it.
pub fn install_later(cjk_now: bool) -> (Fallbacks, impl FnOnce(&egui::Context) + Send + 'static) {
    let fallbacks = Fallbacks::default();
    let filled = fallbacks.clone();
    (fallbacks, move |ctx: &egui::Context| {
        install_into(ctx, font_dirs(), &filled, cjk_now)
    })
}

/// Asks for the CJK font when egui meets a CJK character no font has; never answers itself
/// (the read is not done on the UI thread): the font joins the chain once read.
struct LazyCjk {
    fallbacks: Fallbacks,
    ctx: egui::Context,
    dirs: Arc<Vec<PathBuf>>,
}

impl FontProvider for LazyCjk {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        if request.cluster.chars().next().is_some_and(is_cjk) {
            self.fallbacks.start_cjk(&self.ctx, Arc::clone(&self.dirs));
        }
        None
    }
}

/// Removes the provider [`install`] added (it holds the context: without this the context
/// would never be freed).
pub fn uninstall(ctx: &egui::Context) {
    ctx.set_font_providers(Vec::new());
}

fn install_into(ctx: &egui::Context, dirs: Vec<PathBuf>, fallbacks: &Fallbacks, cjk_now: bool) {
    let dirs = Arc::new(dirs);
    let me = fallbacks.clone();
    let ctx = ctx.clone();
    if cjk_now {
        me.0.cjk_started.store(true, Ordering::Release);
    }
    crate::net::runtime().spawn_blocking(move || {
        let cjk = if cjk_now {
            add(&ctx, &dirs, "system_cjk", CJK)
        } else {
            None
        };
        let symbols = add(&ctx, &dirs, "system_symbols", SYMBOLS);
        if let Ok(mut loaded) = me.0.loaded.lock() {
            *loaded = Some(cjk.into_iter().chain(symbols).collect());
        }
        // From here on a CJK character drawn for the first time asks for the font.
        if !cjk_now {
            ctx.add_font_provider(Arc::new(LazyCjk {
                fallbacks: me.clone(),
                ctx: ctx.clone(),
                dirs: Arc::clone(&dirs),
            }));
        }
        ctx.request_repaint();
    });
}

/// Finds the first of `list` under `dirs`, reads it and adds it to egui's fallback chain as
/// `name`; its file name, or none when none is found or readable.
fn add(ctx: &egui::Context, dirs: &[PathBuf], name: &str, list: &[&str]) -> Option<String> {
    let path = find(dirs, list)?;
    // A font that cannot be read is skipped: the bundled fonts still draw everything else.
    let bytes = std::fs::read(&path).ok()?;
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
    path.file_name().map(|n| n.to_string_lossy().into_owned())
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

    #[test]
    fn cjk_text_is_told_from_the_rest() {
        assert!(has_cjk("Ångström 山田"));
        assert!(has_cjk("カタカナ"));
        assert!(has_cjk("한국어"));
        assert!(has_cjk("ｆｕｌｌ"));
        assert!(!has_cjk("Zoë \"Z\" Quote → ✓ émoji"));
        assert!(!has_cjk(""));
    }

    #[test]
    fn a_workspace_needs_cjk_only_when_some_of_its_text_has_it() {
        let mut ws = crate::workspace::parse(
            r#"{"zenbraze_workspace": 1, "payloads": [{"name": "p", "direction":
                "braze_to_zendesk", "body": "{}"}], "users": [{"external_id": "u",
                "custom_attributes": {"tags": ["a", "b"]}}], "tickets": [], "contexts": []}"#,
        )
        .unwrap()
        .0;
        assert!(!workspace_needs_cjk(&ws));
        ws.users[0]["custom_attributes"]["tags"][1] = serde_json::json!("東京");
        assert!(workspace_needs_cjk(&ws));
        ws.users.clear();
        assert!(!workspace_needs_cjk(&ws));
        ws.payloads[0].body = "{\"subject\": \"ご注文\"}".to_owned();
        assert!(workspace_needs_cjk(&ws));
    }
}
