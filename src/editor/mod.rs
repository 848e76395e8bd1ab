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

/// Bodies longer than this (bytes) are shown read-only, a screenful at a time: egui lays out
/// every glyph of a text it edits, about 300 bytes each, so a 10 MB body took gigabytes.
pub const EDIT_LIMIT: usize = 1 << 20;

/// Byte ranges of a text, one per row shown.
pub type Rows = Vec<std::ops::Range<usize>>;

/// The rows a long text is shown in: each line, cut into pieces of at most `width` characters
/// (at character boundaries), so that no row is longer than a screen.
pub fn rows(text: &str, width: usize) -> Rows {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let mut from = start;
        let mut count = 0;
        for (i, _) in content.char_indices() {
            if count == width {
                out.push(from..start + i);
                from = start + i;
                count = 0;
            }
            count += 1;
        }
        out.push(from..start + content.len());
        start += line.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push(text.len()..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_into_rows_at_character_boundaries() {
        let text = "ab\néñxyz\n\nlast";
        let shown: Vec<&str> = rows(text, 2).into_iter().map(|r| &text[r]).collect();
        assert_eq!(shown, ["ab", "éñ", "xy", "z", "", "la", "st"]);
        assert_eq!(rows("", 5), std::iter::once(0..0).collect::<Vec<_>>());
        assert_eq!(rows("a\n", 5), [0..1, 2..2]);
        // A 10 MB line is 50,000 rows of 200, each within the text.
        let long = "x".repeat(10_000_000);
        let r = rows(&long, 200);
        assert_eq!(r.len(), 50_000);
        assert!(r.iter().all(|r| r.len() == 200));
    }

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
