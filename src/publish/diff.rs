//! A line diff for the plan: what a block's text loses and gains, in order.

/// One line of a diff. Only changed lines are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Removed(String),
    Added(String),
}

impl DiffLine {
    /// The line as the plan shows it, the whitespace one cannot see made visible (see
    /// [`visible`]), so `- }` and `+ }·` do not look alike.
    pub fn text(&self) -> String {
        match self {
            DiffLine::Removed(l) => format!("- {}", visible(l)),
            DiffLine::Added(l) => format!("+ {}", visible(l)),
        }
    }
}

/// A tab as `→`, and each space (or carriage return) at the line's end as `·`.
pub fn visible(line: &str) -> String {
    let body = line.trim_end_matches([' ', '\t', '\r']);
    let mut out = body.replace('\t', "→");
    out.extend(
        line[body.len()..]
            .chars()
            .map(|c| if c == '\t' { '→' } else { '·' }),
    );
    out
}

/// Whether the lines removed and the lines added differ only in whitespace.
pub fn whitespace_only(diff: &[DiffLine]) -> bool {
    let squeezed = |removed: bool| -> String {
        diff.iter()
            .filter_map(|l| match l {
                DiffLine::Removed(s) if removed => Some(s.as_str()),
                DiffLine::Added(s) if !removed => Some(s.as_str()),
                _ => None,
            })
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    !diff.is_empty() && squeezed(true) == squeezed(false)
}

/// Past this many cells the diff is "everything removed, everything added" (no quadratic table
/// for two 10 MB bodies).
const MAX_CELLS: usize = 4_000_000;

/// The changed lines from `old` to `new` (a longest common subsequence of lines; the common
/// prefix and suffix are dropped first).
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a = &a[prefix..a.len() - suffix];
    let b = &b[prefix..b.len() - suffix];
    let removed = |l: &&str| DiffLine::Removed((*l).to_owned());
    let added = |l: &&str| DiffLine::Added((*l).to_owned());
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        return a.iter().map(removed).chain(b.iter().map(added)).collect();
    }
    // lcs[i][j]: the common lines of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push(removed(&a[i]));
            i += 1;
        } else {
            out.push(added(&b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(removed));
    out.extend(b[j..].iter().map(added));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_at_a_line_end_and_tabs_show_and_a_whitespace_change_is_named() {
        let diff = line_diff("a\n}\n", "a\n} \n");
        assert_eq!(
            diff.iter().map(DiffLine::text).collect::<Vec<_>>(),
            ["- }", "+ }·"]
        );
        assert!(whitespace_only(&diff));
        assert_eq!(visible("\tx\t y \t"), "→x→ y·→");
        assert!(!whitespace_only(&line_diff("a\n", "b\n")));
        assert!(!whitespace_only(&[]));
    }

    #[test]
    fn only_changed_lines_in_order() {
        assert!(line_diff("a\nb", "a\nb").is_empty());
        assert_eq!(
            line_diff("a\nb\nc\nd", "a\nx\nc\nd\ne"),
            vec![
                DiffLine::Removed("b".into()),
                DiffLine::Added("x".into()),
                DiffLine::Added("e".into()),
            ]
        );
        assert_eq!(line_diff("", "a"), vec![DiffLine::Added("a".into())]);
        assert_eq!(line_diff("a", ""), vec![DiffLine::Removed("a".into())]);
    }
}
