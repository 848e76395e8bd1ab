//! Theme tokens: every colour the app uses, for light and dark, and every spacing and size the
//! panels add to egui's own, in one place. Panels ask for a token; no colour, gap or width is
//! spelled anywhere else.

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

/// Spacing between widgets and groups of them, by scale. egui's own spacing (item spacing,
/// margins) stays egui's; these are the gaps the panels add.
pub mod space {
    /// Between the items of one list (each step of a plan), and the slack around a row.
    pub const XXS: f32 = 2.0;
    /// Before a sub-heading inside a section; the padding of a table row.
    pub const XS: f32 = 4.0;
    /// Between the sections of a form or a dialog; the padding of a tall table row.
    pub const S: f32 = 6.0;
}

/// Sizes in points, named by role where they have one: window, panes, fields, popups and
/// dialogs. Shares of the room (a pane's fraction of the width) stay beside the layout that
/// divides it.
pub mod size {
    use egui::Vec2;

    // ---- notices ----
    /// The notices' box, floating over the panels' bottom-right corner.
    pub const NOTICES_WIDTH: f32 = 420.0;
    /// From the window's bottom to the notices' box: clear of the status bar.
    pub const NOTICES_ABOVE_BOTTOM: f32 = 36.0;

    // ---- the window ----
    /// The window's size at first start.
    pub const WINDOW: [f32; 2] = [1280.0, 800.0];
    /// The smallest the window can be made.
    pub const WINDOW_MIN: [f32; 2] = [720.0, 480.0];

    // ---- panes ----
    /// The payload list's width at first, and its range.
    pub const PAYLOAD_LIST_WIDTH: f32 = 170.0;
    pub const PAYLOAD_LIST_MIN_WIDTH: f32 = 130.0;
    pub const PAYLOAD_LIST_MAX_WIDTH: f32 = 260.0;
    /// The tickets' and contexts' lists beside their editors.
    pub const SIDE_LIST_WIDTH: f32 = 260.0;
    /// The users' table beside the user's form.
    pub const USERS_TABLE_WIDTH: f32 = 420.0;
    /// The console's history beside the exchange.
    pub const HISTORY_WIDTH: f32 = 320.0;
    /// The payload editor never gets narrower than this while the window has room for it: the
    /// preview takes what is left, up to its share of the panel.
    pub const EDITOR_MIN_WIDTH: f32 = 340.0;
    /// The body editor keeps at least this height above the findings.
    pub const EDITOR_MIN_HEIGHT: f32 = 160.0;
    /// The preview pane's least width.
    pub const PREVIEW_MIN_WIDTH: f32 = 240.0;
    /// The payload's fields' height before the first frame has measured it: four rows and a
    /// heading.
    pub const FIELDS_HEIGHT_GUESS: f32 = 140.0;
    /// Below twice this width a finding's line shows its message alone, the fix on hover: half
    /// of a narrow line left both cut to a few words.
    pub const FINDING_MESSAGE_MIN_WIDTH: f32 = 180.0;
    /// The wizard's Back / Next row below its scrolling step, and the step's least height.
    pub const WIZARD_FOOTER_HEIGHT: f32 = 34.0;
    pub const WIZARD_STEP_MIN_HEIGHT: f32 = 100.0;

    // ---- a divider's grip ----
    /// Across the divider and along it.
    pub const GRIP_THICKNESS: f32 = 4.0;
    pub const GRIP_LENGTH: f32 = 36.0;
    pub const GRIP_ROUNDING: f32 = 2.0;

    // ---- fields and columns ----
    /// A text field, picker or progress bar that holds a name, a value or a count.
    pub const FIELD_WIDTH: f32 = 320.0;
    /// A text field that holds a URL, a path or a key.
    pub const LONG_FIELD_WIDTH: f32 = 420.0;
    /// How far below the window's top a dialog whose height changes is anchored.
    pub const DIALOG_TOP_OFFSET: f32 = 60.0;
    /// A small "▾" button that fills the field beside it from a list.
    pub const PICKER_BUTTON_WIDTH: f32 = 28.0;
    /// The headers' remove buttons and the least room the name and value share.
    pub const HEADER_BUTTONS_WIDTH: f32 = 90.0;
    pub const HEADER_FIELDS_MIN_WIDTH: f32 = 120.0;
    /// A table's column of names (the subject of a row): its least and its most.
    pub const NAME_COLUMN_MIN_WIDTH: f32 = 80.0;
    pub const NAME_COLUMN_WIDTH: f32 = 150.0;
    /// The wizard's custom-field key and its placeholder picker.
    pub const WIZARD_KEY_FIELD: [f32; 2] = [150.0, 20.0];
    pub const WIZARD_PLACEHOLDER_WIDTH: f32 = 260.0;
    /// The room a field's ✕ takes, with its frame.
    pub const WIZARD_REMOVE_BUTTON: f32 = 24.0;
    /// The app's icon in About.
    pub const ABOUT_ICON: Vec2 = Vec2::splat(64.0);

    // ---- popups, lists and dialogs ----
    /// Insert…'s menu and its list; the completion list's most width.
    pub const INSERT_MENU_WIDTH: f32 = 320.0;
    pub const POPUP_LIST_MAX_HEIGHT: f32 = 360.0;
    pub const COMPLETION_MAX_WIDTH: f32 = 360.0;
    /// The completion list's frame (its margins and title) beyond its rows, for placing it.
    pub const COMPLETION_FRAME: f32 = 16.0;
    /// The sample-subject picker's list.
    pub const SUBJECT_PICKER_HEIGHT: f32 = 400.0;
    /// The send-to-all progress rows.
    pub const BULK_ROWS_MAX_HEIGHT: f32 = 220.0;
    /// Scrolling lists inside dialogs: the palette's commands, the import's column mapping,
    /// the third-party licences.
    pub const PALETTE_LIST_MAX_HEIGHT: f32 = 320.0;
    pub const MAPPING_LIST_MAX_HEIGHT: f32 = 260.0;
    pub const LICENSES_MAX_HEIGHT: f32 = 360.0;
    /// Dialog widths: the palette, the send confirmation, the destructive confirmation, the
    /// path dialog, the import.
    pub const PALETTE_WIDTH: f32 = 420.0;
    pub const CONFIRM_SEND_WIDTH: f32 = 440.0;
    pub const CONFIRM_WIDTH: f32 = 460.0;
    pub const PATH_DIALOG_WIDTH: f32 = 520.0;
    pub const IMPORT_WIDTH: f32 = 680.0;

    // ---- text areas, in rows ----
    /// A payload's body and a sample ticket's JSON.
    pub const BODY_ROWS: usize = 24;
    /// The wizard's custom event body.
    pub const WIZARD_BODY_ROWS: usize = 18;
    /// A user's custom attributes.
    pub const ATTRIBUTES_ROWS: usize = 10;
    /// One part of a context (its JSON beside the others).
    pub const CONTEXT_PART_ROWS: usize = 5;

    // ---- strokes ----
    /// The underline under a finding in the editor, by severity (error, warning, hint).
    pub const UNDERLINE_ERROR: f32 = 2.0;
    pub const UNDERLINE_WARNING: f32 = 1.5;
    pub const UNDERLINE_HINT: f32 = 1.0;
}

/// Text contrast both themes keep: egui's weak text (hints, captions, the empty states) is its
/// text colour at 60 % alpha, about 2.7:1 on the dark panel and 3:1 on the light one, too faint
/// to read. Hints get a colour of their own at 4.5:1 or more (WCAG AA), and the dark theme's
/// text is raised so hints stay a step below it.
pub fn install_visuals(ctx: &egui::Context) {
    // egui's floating scroll bars are invisible until the pointer is over the area: a list of
    // eight findings showing six and a half read as the whole list. Solid bars are drawn (in
    // room of their own) whenever the content overflows, so a person sees there is more.
    ctx.all_styles_mut(|style| style.spacing.scroll = egui::style::ScrollStyle::solid());
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
