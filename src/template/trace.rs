//! Which `{{ … }}` produced which bytes of the output.
//!
//! In a traced render every top-level output wraps its value in markers carrying the output's
//! number (private-use code points no template contains); [`strip`] removes them and returns the
//! spans. Outputs inside `capture`, content blocks and free-text tag arguments are not marked,
//! so filters applied later never see a marker and the traced output equals the real one.

use std::ops::Range;

const OPEN: char = '\u{10FFF0}';
const VALUE: char = '\u{10FFF1}';
const CLOSE: char = '\u{10FFF2}';

/// Wraps a rendered value for [`strip`].
pub(crate) fn mark(ordinal: usize, value: &str) -> String {
    format!("{OPEN}{ordinal}{VALUE}{value}{CLOSE}")
}

/// One output's bytes in the rendered text, and the output's filter number in its segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawSpan {
    pub output: Range<usize>,
    pub segment: usize,
    pub ordinal: usize,
}

/// Removes the markers; `segment_starts` (positions in the marked text) tell which segment
/// wrote each output.
pub(crate) fn strip(marked: &str, segment_starts: &[usize]) -> (String, Vec<RawSpan>) {
    let mut out = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut chars = marked.char_indices().peekable();
    // Segment boundaries are positions in the *marked* text.
    let segment_at = |pos: usize| {
        segment_starts
            .partition_point(|s| *s <= pos)
            .saturating_sub(1)
    };
    while let Some((pos, c)) = chars.next() {
        match c {
            OPEN => {
                let mut ordinal = 0usize;
                for (_, d) in chars.by_ref() {
                    if d == VALUE {
                        break;
                    }
                    ordinal = ordinal * 10 + d.to_digit(10).unwrap_or(0) as usize;
                }
                open.push((out.len(), ordinal));
            }
            CLOSE => {
                if let Some((start, ordinal)) = open.pop() {
                    spans.push(RawSpan {
                        output: start..out.len(),
                        segment: segment_at(pos),
                        ordinal,
                    });
                }
            }
            c => out.push(c),
        }
    }
    (out, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        let marked = format!("a{}b{}", mark(3, "xy"), mark(0, ""));
        let (text, spans) = strip(&marked, &[0]);
        assert_eq!(text, "axyb");
        assert_eq!(spans[0].output, 1..3);
        assert_eq!(spans[0].ordinal, 3);
        assert_eq!(spans[1].output, 4..4);
    }
}
