//! What the library says to the user, before it is in a language: a catalogue id and its
//! arguments. Library code returns these (or errors that turn into one, see [`Localize`]); the app
//! renders them through its catalogue, the CLI through the one `--lang` picks, and `Display`
//! gives English for logs and tests.

use std::fmt;

use super::{Catalogue, Language};

/// A sentence for the user: the Fluent id in `assets/i18n/*/` and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    /// Text that is shown as it is (a field name, a value from the user's data, a URL).
    Text(String),
    /// A count or a number; Fluent picks plurals by it.
    Int(i64),
    /// A message inside another ("cannot save: {reason}"), rendered in the same language.
    Message(Box<Message>),
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds (or replaces) an argument.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        let value = value.into();
        match self.args.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.args.push((name, value)),
        }
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The text argument `name`, when there is one (tests and tools read fields back).
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(n, v)| match v {
            Arg::Text(t) if *n == name => Some(t.as_str()),
            _ => None,
        })
    }

    /// In `language`.
    pub fn to_string_in(&self, language: Language) -> String {
        Catalogue::get(language).message(self)
    }
}

/// English, for logs, panics in tests and `to_string()`; users see [`Catalogue::message`].
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_in(Language::English))
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_owned())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(v: std::borrow::Cow<'_, str>) -> Arg {
        Arg::Text(v.into_owned())
    }
}
impl From<Message> for Arg {
    fn from(v: Message) -> Arg {
        Arg::Message(Box::new(v))
    }
}
macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                Arg::Int(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

/// Anything that can tell the user what it is: errors, findings, plan steps, outcomes.
pub trait Localize {
    fn message(&self) -> Message;
}

impl Localize for Message {
    fn message(&self) -> Message {
        self.clone()
    }
}

/// A message by id with named arguments: `msg!("import-users-done", count = 3)`.
/// Argument names are Fluent variables (`{ $count }`); the catalogue test checks that every id
/// used in `src/` exists in both languages with exactly these names.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id)$(.with(stringify!($name), $value))*
    };
}

/// `Display` in English through the catalogue, for an error type that implements [`Localize`].
#[macro_export]
macro_rules! display_via_message {
    ($($t:ty),* $(,)?) => {$(
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$crate::i18n::Localize::message(self), f)
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_renders_in_both_languages_with_nested_arguments() {
        let m = crate::msg!("findings-count", count = 3);
        assert_eq!(m.to_string(), "3 findings");
        assert_eq!(m.to_string_in(Language::Spanish), "3 hallazgos");
        let replaced = m.clone().with("count", 1);
        assert_eq!(replaced.to_string(), "1 finding");
        assert_eq!(replaced.args().len(), 1);
    }

    #[test]
    fn an_unknown_id_shows_as_itself_with_its_arguments() {
        let m = Message::new("no-such-message").with("field", "subject");
        assert_eq!(m.to_string(), "no-such-message(field: subject)");
    }
}
