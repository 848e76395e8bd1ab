//! Drawing: each panel draws part of the app's state (`crate::app`) and pushes commands; none of
//! them does any work itself. `window` is eframe's glue, `shell` the frame around the panels
//! (and the one match from a panel to its module), `dialogs` and `import` float over them.
//! Colours come from `theme`, text from the catalogue. The dependency goes ui → app only.

pub mod console;
pub mod dialogs;
pub mod import;
pub mod payloads;
pub mod sandbox;
pub mod settings;
pub mod shell;
pub mod theme;
pub mod users;
pub mod window;
pub mod wizard;

use egui::{Response, RichText, Ui};

/// The parts that have text, joined with a middle dot: a user without an email or a name
/// reads as its id alone, with no separators left dangling.
/// Each part is shown on one line: a control character in the data (a newline in a last name)
/// is written out (`\n`) instead of drawn as a box.
pub fn joined<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(one_line)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `text` for a one-line label: newlines, tabs and other control characters written out as
/// escapes (`\n`, `\t`, `\u{1b}`), so none is drawn as a box or breaks the line.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Small helpers every panel uses.
pub trait UiExt {
    /// A message in the error colour, where the person acted.
    fn error_label(&mut self, text: impl Into<String>) -> Response;
    fn warning_label(&mut self, text: impl Into<String>) -> Response;
    fn ok_label(&mut self, text: impl Into<String>) -> Response;
    /// A label that names the widget `add` draws (kittest and screen readers need it).
    fn labelled(&mut self, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response;
    /// A row of tabs; the clicked one becomes `current`.
    fn tab_bar<T: PartialEq + Copy>(&mut self, current: &mut T, tabs: &[(T, &str)]);
    /// A JSON editor for typed text that may be invalid (named by the caller's error label).
    fn json_editor(&mut self, label: &str, text: &mut String, rows: usize) -> Response;
}

impl UiExt for Ui {
    fn error_label(&mut self, text: impl Into<String>) -> Response {
        let colour = theme::tokens(self).error;
        self.label(RichText::new(text.into()).color(colour))
    }

    fn warning_label(&mut self, text: impl Into<String>) -> Response {
        let colour = theme::tokens(self).warning;
        self.label(RichText::new(text.into()).color(colour))
    }

    fn ok_label(&mut self, text: impl Into<String>) -> Response {
        let colour = theme::tokens(self).ok;
        self.label(RichText::new(text.into()).color(colour))
    }

    fn labelled(&mut self, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
        let l = self.label(label);
        add(self).labelled_by(l.id)
    }

    fn tab_bar<T: PartialEq + Copy>(&mut self, current: &mut T, tabs: &[(T, &str)]) {
        self.horizontal(|ui| {
            for (tab, label) in tabs {
                if ui
                    .add(egui::Button::selectable(*current == *tab, *label))
                    .clicked()
                {
                    *current = *tab;
                }
            }
        });
    }

    fn json_editor(&mut self, label: &str, text: &mut String, rows: usize) -> Response {
        let l = self.label(label);
        self.add(
            egui::TextEdit::multiline(text)
                .code_editor()
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_written_out_in_one_line_labels() {
        assert_eq!(super::one_line("O'Neil\nJr."), "O'Neil\\nJr.");
        assert_eq!(super::one_line("a\tb\r\u{1b}c"), "a\\tb\\r\\u{1b}c");
        assert_eq!(
            super::joined(["user_1", "Ada O'Neil\nJr.", ""]),
            "user_1 · Ada O'Neil\\nJr."
        );
    }
}
