//! The window's panels. The top bar, the `Ctrl+1` … `Ctrl+9` shortcuts, the palette's "show"
//! commands and the central area all come from this one list, so a new panel is its line in
//! `panels!` below, its module in `src/ui/` (named once, in `ui::shell::panel_ui`'s match, which
//! the compiler keeps complete) and its `panel-…` key in both catalogues. Nothing indexes a panel
//! by position in a fixed-size array.

use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};

/// Declares `Panel` and `Panel::ALL` from one list, so the two can never disagree.
macro_rules! panels {
    ($($(#[$doc:meta])* $name:ident => $key:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Panel {
            $($(#[$doc])* $name),+
        }

        impl Panel {
            /// Every panel, in the top bar's order.
            pub const ALL: &'static [Panel] = &[$(Panel::$name),+];

            /// The catalogue key of its name.
            pub fn label_key(self) -> &'static str {
                match self {
                    $(Panel::$name => $key),+
                }
            }
        }
    };
}

panels! {
    /// Payload templates: the editor, its findings and the live preview.
    Payloads => "panel-payloads",
    /// Sample users, tickets and render contexts.
    Users => "panel-users",
    /// Test sends and their history.
    Console => "panel-console",
    /// The Zendesk → Braze setup wizard.
    Wizard => "panel-wizard",
    /// The embedded sandbox, looked into.
    Sandbox => "panel-sandbox",
    /// Language, theme and connection profiles.
    Settings => "panel-settings",
}

impl Default for Panel {
    fn default() -> Self {
        Panel::ALL[0]
    }
}

/// The digit keys, for `Ctrl+1` … `Ctrl+9`.
const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// `Ctrl+N` for the panel at `position` in the top bar; the tenth and later have none.
pub fn shortcut_at(position: usize) -> Option<KeyboardShortcut> {
    DIGITS
        .get(position)
        .map(|key| KeyboardShortcut::new(Modifiers::COMMAND, *key))
}

impl Panel {
    /// Its place in the top bar.
    pub fn position(self) -> usize {
        Panel::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// `Ctrl+` its place in the top bar.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        shortcut_at(self.position())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_panel_has_a_place_a_name_and_its_own_shortcut() {
        let mut seen = Vec::new();
        for (i, panel) in Panel::ALL.iter().enumerate() {
            assert_eq!(panel.position(), i);
            assert!(panel.label_key().starts_with("panel-"), "{panel:?}");
            let shortcut = panel.shortcut().expect("the first nine panels have one");
            assert!(!seen.contains(&shortcut), "{panel:?} shares a shortcut");
            seen.push(shortcut);
        }
    }

    /// A tenth or twentieth panel gets no shortcut instead of indexing past a fixed array.
    #[test]
    fn panels_beyond_the_digit_keys_have_no_shortcut_and_nothing_panics() {
        for position in 0..40 {
            let shortcut = shortcut_at(position);
            assert_eq!(shortcut.is_some(), position < 9, "{position}");
        }
    }

    #[test]
    fn the_remembered_panel_round_trips_by_name() {
        for panel in Panel::ALL {
            let text = serde_json::to_string(panel).unwrap();
            assert_eq!(serde_json::from_str::<Panel>(&text).unwrap(), *panel);
        }
        assert_eq!(Panel::default(), Panel::Payloads);
    }
}
