//! Byte offsets in a template as the lines and columns (in characters) people read.

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Line starts of a text, and its character count every [`CHECKPOINT`] bytes, for many
/// [`line_col`] lookups in one text. A long template with thousands of outputs would otherwise
/// rescan it from the top for each, and a 10 MB body on one line from the line's start.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The characters before the char boundary at or below `k * CHECKPOINT`, for each k.
    chars: Vec<usize>,
}

/// How far apart the character counts are kept: a lookup counts at most this many bytes.
const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let (mut at, mut count) = (0, 0);
        for k in 0..=text.len() / CHECKPOINT {
            let next = floor_char_boundary(text, (k * CHECKPOINT).min(text.len()));
            count += text[at..next].chars().count();
            at = next;
            chars.push(count);
        }
        LineIndex { starts, chars }
    }

    /// The characters before `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = (offset / CHECKPOINT).min(self.chars.len().saturating_sub(1));
        let from = floor_char_boundary(text, k * CHECKPOINT);
        self.chars.get(k).copied().unwrap_or(0) + text[from..offset].chars().count()
    }

    /// The same as [`line_col`] for the text this index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        let col = if offset - start <= CHECKPOINT {
            text[start..offset].chars().count()
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        (line, col + 1)
    }
}

/// Byte offset of a 1-based line and character column.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_line_col() {
        let text = "ab\nñé\n\nxyz€\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    /// Long lines of multibyte text: the character checkpoints agree with a count from the
    /// line's start at every offset.
    #[test]
    fn the_line_index_agrees_on_long_multibyte_lines() {
        let text = format!(
            "{}\n{}x\n{}",
            "é€a".repeat(3000),
            "ñ".repeat(5000),
            "b".repeat(9000)
        );
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).step_by(7).chain([text.len()]) {
            assert_eq!(
                index.line_col(&text, offset),
                line_col(&text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "é{{x}}\nab";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (1, 2));
        assert_eq!(line_col(text, text.len()), (2, 3));
        assert_eq!(offset_of(text, 1, 2), 2);
        assert_eq!(offset_of(text, 2, 2), 9);
    }
}
