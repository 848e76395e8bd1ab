//! Percent-encoding (RFC 3986), in one place for every layer: the API clients' paths and
//! queries, the sandbox's pagination links, the redactor's URL-encoded spelling of a secret, and
//! the template's URL filters (which bring their own sets of characters to keep, as Ruby's
//! `CGI.escape` and `URI.encode_www_form_component` do).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encoding of everything but unreserved characters, as in a query string or a path
/// segment.
pub fn encode(s: &str) -> String {
    encode_except(s, NOT_UNRESERVED)
}

/// Percent-encodes the UTF-8 bytes of `s` that are in `set`, in upper case (`%3C`).
pub fn encode_except(s: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(s, set).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_unreserved_characters() {
        assert_eq!(encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode("p@ss word/+="), "p%40ss%20word%2F%2B%3D");
        assert_eq!(encode("é"), "%C3%A9");
    }
}
