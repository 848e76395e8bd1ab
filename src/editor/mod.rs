//! The payload editor's logic, with no UI in it: Liquid-inside-JSON highlighting, `${...}`
//! completion, and the text positions the editor and the findings share.

pub mod completion;
pub mod filter;
pub mod highlight;

/// The character index of a byte offset (egui cursors count characters).
pub fn char_index(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    let byte = (0..=byte)
        .rev()
        .find(|&b| text.is_char_boundary(b))
        .unwrap_or(0);
    text[..byte].chars().count()
}

/// The byte offset of a character index.
pub fn byte_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

/// The byte range of the 1-based `line`.
pub fn line_range(text: &str, line: usize) -> std::ops::Range<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return start..start + l.trim_end_matches(['\n', '\r']).len();
        }
        start += l.len();
    }
    text.len()..text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_through_multibyte_text() {
        let t = "añb\n€c";
        assert_eq!(char_index(t, 3), 2);
        assert_eq!(byte_offset(t, 2), 3);
        assert_eq!(char_index(t, 2), 1, "inside ñ rounds down");
        assert_eq!(byte_offset(t, 99), t.len());
        assert_eq!(&t[line_range(t, 2)], "€c");
        assert_eq!(&t[line_range(t, 1)], "añb");
        assert_eq!(line_range(t, 9), t.len()..t.len());
    }
}
