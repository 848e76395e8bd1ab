//! Theme tokens: every colour the app uses, for light and dark, in one place. Panels ask for a
//! token; no colour is spelled anywhere else.

use egui::{Color32, Ui};

use crate::editor::highlight::Kind;

pub struct Tokens {
    pub error: Color32,
    pub warning: Color32,
    pub ok: Color32,
    pub hint: Color32,
    /// The underline under a finding's place in the editor.
    pub underline_error: Color32,
    pub underline_warning: Color32,
    /// The background of the part of the preview where the JSON breaks.
    pub break_background: Color32,
    /// The background of lines that match a search.
    pub search_background: Color32,
    pub key: Color32,
    pub string: Color32,
    pub literal: Color32,
    pub punctuation: Color32,
    pub output: Color32,
    pub tag: Color32,
    pub attribute: Color32,
    pub comment: Color32,
    pub plain: Color32,
}

const LIGHT: Tokens = Tokens {
    error: Color32::from_rgb(0xb4, 0x1e, 0x1e),
    warning: Color32::from_rgb(0x9a, 0x5b, 0x00),
    ok: Color32::from_rgb(0x1d, 0x7a, 0x36),
    hint: Color32::from_rgb(0x55, 0x5b, 0x66),
    underline_error: Color32::from_rgb(0xd6, 0x28, 0x28),
    underline_warning: Color32::from_rgb(0xd0, 0x8a, 0x00),
    break_background: Color32::from_rgb(0xfb, 0xd5, 0xd5),
    search_background: Color32::from_rgb(0xff, 0xf1, 0xa8),
    key: Color32::from_rgb(0x1f, 0x4e, 0x9c),
    string: Color32::from_rgb(0x2b, 0x6e, 0x2b),
    literal: Color32::from_rgb(0x8a, 0x3f, 0xa0),
    punctuation: Color32::from_rgb(0x50, 0x50, 0x50),
    output: Color32::from_rgb(0xb0, 0x3a, 0x00),
    tag: Color32::from_rgb(0x9c, 0x1f, 0x6e),
    attribute: Color32::from_rgb(0x00, 0x6d, 0x8f),
    comment: Color32::from_rgb(0x80, 0x80, 0x80),
    plain: Color32::from_rgb(0x20, 0x20, 0x20),
};

const DARK: Tokens = Tokens {
    error: Color32::from_rgb(0xff, 0x7b, 0x72),
    warning: Color32::from_rgb(0xe3, 0xb3, 0x41),
    ok: Color32::from_rgb(0x56, 0xd3, 0x64),
    hint: Color32::from_rgb(0x9d, 0xa5, 0xb4),
    underline_error: Color32::from_rgb(0xff, 0x5c, 0x5c),
    underline_warning: Color32::from_rgb(0xe3, 0xb3, 0x41),
    break_background: Color32::from_rgb(0x5a, 0x1e, 0x1e),
    search_background: Color32::from_rgb(0x5a, 0x4b, 0x12),
    key: Color32::from_rgb(0x79, 0xb8, 0xff),
    string: Color32::from_rgb(0xa5, 0xd6, 0xa7),
    literal: Color32::from_rgb(0xd2, 0xa8, 0xff),
    punctuation: Color32::from_rgb(0xb0, 0xb0, 0xb0),
    output: Color32::from_rgb(0xff, 0xa6, 0x57),
    tag: Color32::from_rgb(0xf7, 0x8c, 0xc6),
    attribute: Color32::from_rgb(0x56, 0xd4, 0xdd),
    comment: Color32::from_rgb(0x8b, 0x94, 0x9e),
    plain: Color32::from_rgb(0xdd, 0xdd, 0xdd),
};

/// The tokens for the theme `ui` is drawn in.
pub fn tokens(ui: &Ui) -> &'static Tokens {
    if ui.visuals().dark_mode {
        &DARK
    } else {
        &LIGHT
    }
}

impl Tokens {
    pub fn syntax(&self, kind: Kind) -> Color32 {
        match kind {
            Kind::Plain => self.plain,
            Kind::Punctuation => self.punctuation,
            Kind::Key => self.key,
            Kind::String => self.string,
            Kind::Literal => self.literal,
            Kind::Output => self.output,
            Kind::Tag => self.tag,
            Kind::Attribute => self.attribute,
            Kind::Comment => self.comment,
        }
    }
}

/// Text contrast both themes keep: egui's weak text (hints, captions, the empty states) is its
/// text colour at 60 % alpha, about 2.7:1 on the dark panel and 3:1 on the light one, too faint
/// to read. Hints get a colour of their own at 4.5:1 or more (WCAG AA), and the dark theme's
/// text is raised so hints stay a step below it.
pub fn install_visuals(ctx: &egui::Context) {
    ctx.style_mut_of(egui::Theme::Dark, |style| {
        style.visuals.widgets.noninteractive.fg_stroke.color = Color32::from_gray(175);
        style.visuals.weak_text_color = Some(Color32::from_gray(135));
    });
    ctx.style_mut_of(egui::Theme::Light, |style| {
        style.visuals.weak_text_color = Some(Color32::from_gray(105));
    });
}

/// The bundled fonts plus DejaVu Sans as a fallback, so arrows, accents and most scripts in
/// names and payloads draw instead of showing boxes.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu_sans".into(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("dejavu_sans".into());
    }
    ctx.set_fonts(fonts);
}
