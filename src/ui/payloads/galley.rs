//! The body editor's laid-out text, kept between frames.
//!
//! egui's own galley cache keys every layout by a hash of the whole `LayoutJob`: for a 200 KB
//! body that is the text and tens of thousands of coloured sections, hashed (and, to hand the
//! job over, cloned) on every repaint. Here the finished galley is kept while the text, the
//! wrap width and the underlines are unchanged, so a repaint costs one comparison of the text.
//! egui also forgets a paragraph's layout in the first frame it is not asked for, which an idle
//! repaint served from here would be: the paragraphs are therefore kept here too, and a
//! keystroke lays out only the paragraphs it changed.

use std::sync::Arc;

use egui::Ui;
use egui::text::{ByteIndex, Galley, LayoutJob, LayoutSection};

/// What the editor last laid out: the whole galley, and each paragraph's in order.
#[derive(Default)]
pub struct BodyGalley {
    /// Everything but the text that shaped the galley: theme, wrap width, font, underlines.
    key: u64,
    galley: Option<Arc<Galley>>,
    /// Each paragraph's galley; its `job` is the paragraph's text and colouring.
    paragraphs: Vec<Arc<Galley>>,
}

impl BodyGalley {
    /// The galley for `text`: the kept one while `key` and the text are unchanged, otherwise
    /// `build`'s job laid out, reusing every paragraph whose text and colouring are unchanged.
    pub fn get(
        &mut self,
        ui: &Ui,
        key: u64,
        text: &str,
        build: impl FnOnce() -> LayoutJob,
    ) -> Arc<Galley> {
        if self.key == key
            && let Some(galley) = &self.galley
            && galley.job.text == text
        {
            return Arc::clone(galley);
        }
        let mut job = build();
        // egui rounds the wrap width before laying out (epaint's galley_cache.rs); so do we, or
        // the kept paragraphs would be wrapped at another width than a fresh layout.
        if job.wrap.max_width.is_finite() {
            job.wrap.max_width = job.wrap.max_width.round();
        }
        let galley = if job.text.contains('\n') && job.break_on_newline {
            let kept = std::mem::take(&mut self.paragraphs);
            let spans = paragraph_spans(&job);
            // A keystroke changes one stretch of paragraphs; those before it keep their index,
            // those after it are shifted by the lines it added or removed. Each paragraph is
            // compared in place with its two candidates, and only a changed one is cut out of
            // the job and laid out (equality, not a hash: hashing 200 KB of text and coloured
            // runs is what an idle repaint used to spend its time on).
            let shift = kept.len() as isize - spans.len() as isize;
            let mut galleys = Vec::with_capacity(spans.len());
            for (k, span) in spans.iter().enumerate() {
                let same = [Some(k), k.checked_add_signed(shift)]
                    .into_iter()
                    .flatten()
                    .filter_map(|i| kept.get(i))
                    .find(|g| span.is(&job, &g.job));
                galleys.push(match same {
                    Some(g) => Arc::clone(g),
                    None => ui.fonts_mut(|f| f.layout_job(span.job(&job))),
                });
            }
            let ppp = ui.ctx().pixels_per_point();
            let galley = Arc::new(Galley::concat(Arc::new(job), &galleys, ppp));
            self.paragraphs = galleys;
            galley
        } else {
            self.paragraphs.clear();
            ui.fonts_mut(|f| f.layout_job(job))
        };
        self.key = key;
        self.galley = Some(Arc::clone(&galley));
        galley
    }
}

/// One paragraph of a job: its text (without the `\n` that ends it, but with a final one) and
/// the sections that overlap it. egui's galley cache splits a multi-paragraph job the same way
/// (epaint 0.37, `layout_each_paragraph_individually`, MIT/Apache-2.0), so the concatenation
/// lays out exactly as egui would.
struct Span {
    text: std::ops::Range<usize>,
    sections: std::ops::Range<usize>,
}

fn paragraph_spans(job: &LayoutJob) -> Vec<Span> {
    let text = &job.text;
    let mut out = Vec::new();
    let mut first_section = 0;
    let mut start = 0;
    while start < text.len() {
        let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        // A final newline belongs to the last paragraph, not to an empty one after it.
        if end == text.len() - 1 && text.ends_with('\n') {
            end += 1;
        }
        while job
            .sections
            .get(first_section)
            .is_some_and(|s| s.byte_range.end <= ByteIndex(start))
        {
            first_section += 1;
        }
        let mut last = first_section;
        while job
            .sections
            .get(last)
            .is_some_and(|s| s.byte_range.start <= ByteIndex(end))
        {
            last += 1;
        }
        out.push(Span {
            text: start..end,
            sections: first_section..last,
        });
        start = end + 1;
    }
    out
}

impl Span {
    /// This paragraph's section `s` as the paragraph's own job holds it.
    fn section(&self, s: &LayoutSection) -> (f32, std::ops::Range<ByteIndex>) {
        let (start, end) = (self.text.start, self.text.end);
        let leading_space = if ByteIndex(start) <= s.byte_range.start {
            s.leading_space
        } else {
            0.0
        };
        let range = s.byte_range.start.saturating_sub(start)
            ..s.byte_range.end.min(ByteIndex(end)).saturating_sub(start);
        (leading_space, range)
    }

    /// Whether `laid_out` is this paragraph's job: same text, colouring and wrapping.
    fn is(&self, job: &LayoutJob, laid_out: &LayoutJob) -> bool {
        laid_out.text == job.text[self.text.clone()]
            && laid_out.sections.len() == self.sections.len()
            && laid_out.wrap == job.wrap
            && laid_out.first_row_min_height == self.first_row_min_height(job)
            && job.sections[self.sections.clone()]
                .iter()
                .zip(&laid_out.sections)
                .all(|(s, theirs)| {
                    let (leading_space, range) = self.section(s);
                    theirs.byte_range == range
                        && theirs.leading_space == leading_space
                        && theirs.format == s.format
                })
    }

    fn first_row_min_height(&self, job: &LayoutJob) -> f32 {
        if self.text.start == 0 {
            job.first_row_min_height
        } else {
            0.0
        }
    }

    /// This paragraph cut out of `job`, to be laid out.
    fn job(&self, job: &LayoutJob) -> LayoutJob {
        LayoutJob {
            text: job.text[self.text.clone()].to_owned(),
            wrap: job.wrap.clone(),
            sections: job.sections[self.sections.clone()]
                .iter()
                .map(|s| {
                    let (leading_space, byte_range) = self.section(s);
                    LayoutSection {
                        leading_space,
                        byte_range,
                        format: s.format.clone(),
                    }
                })
                .collect(),
            break_on_newline: job.break_on_newline,
            halign: job.halign,
            justify: job.justify,
            first_row_min_height: self.first_row_min_height(job),
            round_output_to_gui: job.round_output_to_gui,
            keep_trailing_whitespace: job.keep_trailing_whitespace,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::text::TextFormat;
    use egui::{Color32, FontId};

    /// A job like the editor's: every line in two coloured runs.
    fn job(text: &str) -> LayoutJob {
        let mut job = LayoutJob::default();
        for line in text.split_inclusive('\n') {
            let (a, b) = line.split_at(line.len() / 2);
            for (part, color) in [(a, Color32::RED), (b, Color32::GREEN)] {
                job.append(
                    part,
                    0.0,
                    TextFormat::simple(FontId::monospace(12.0), color),
                );
            }
        }
        job.wrap.max_width = 300.4;
        job
    }

    /// Runs `f` in one frame of a headless context.
    fn in_frame(ctx: &egui::Context, f: impl FnMut(&mut Ui)) {
        let mut output = ctx.run_ui(egui::RawInput::default(), f);
        output.textures_delta.clear();
    }

    fn lines(n: usize, changed: Option<usize>) -> String {
        (0..n)
            .map(|i| {
                if Some(i) == changed {
                    format!("line {i} edited\n")
                } else {
                    format!("line {i} with some words\n")
                }
            })
            .collect()
    }

    #[test]
    fn a_keystroke_lays_out_only_its_paragraph_and_a_repaint_nothing() {
        let ctx = egui::Context::default();
        let mut kept = BodyGalley::default();
        let before = lines(50, None);
        let mut first = None;
        in_frame(&ctx, |ui| {
            first = Some(kept.get(ui, 1, &before, || job(&before)))
        });
        let first = first.unwrap();
        let old: Vec<_> = kept.paragraphs.clone();
        // A repaint with nothing changed hands back the same galley, without building a job.
        in_frame(&ctx, |ui| {
            let again = kept.get(ui, 1, &before, || unreachable!("nothing changed"));
            assert!(Arc::ptr_eq(&first, &again));
        });
        // An edit in line 20: every other paragraph is the one laid out before.
        let after = lines(50, Some(20));
        in_frame(&ctx, |ui| {
            let galley = kept.get(ui, 1, &after, || job(&after));
            assert_eq!(galley.job.text, after);
        });
        let reused: Vec<usize> = (0..50)
            .filter(|&i| Arc::ptr_eq(&old[i], &kept.paragraphs[i]))
            .collect();
        assert_eq!(reused, (0..50).filter(|&i| i != 20).collect::<Vec<_>>());
        // A line added at 10: those before keep their index, those after are found shifted.
        let mut inserted = lines(50, Some(20));
        let at = inserted.match_indices('\n').nth(9).unwrap().0 + 1;
        inserted.insert_str(at, "a new line\n");
        let old = kept.paragraphs.clone();
        in_frame(&ctx, |ui| {
            drop(kept.get(ui, 1, &inserted, || job(&inserted)))
        });
        assert_eq!(kept.paragraphs.len(), 51);
        let fresh: Vec<usize> = (0..51)
            .filter(|&i| !old.iter().any(|g| Arc::ptr_eq(g, &kept.paragraphs[i])))
            .collect();
        assert_eq!(fresh, vec![10]);
    }

    #[test]
    fn the_kept_layout_is_the_one_egui_makes() {
        let ctx = egui::Context::default();
        let text = lines(30, Some(3)) + "last line without a newline";
        let mut kept = BodyGalley::default();
        in_frame(&ctx, |ui| {
            let ours = kept.get(ui, 7, &text, || job(&text));
            let egui = ui.fonts_mut(|f| f.layout_job(job(&text)));
            assert_eq!(ours.rows.len(), egui.rows.len());
            assert_eq!(ours.rect, egui.rect);
            for (a, b) in ours.rows.iter().zip(&egui.rows) {
                assert_eq!(a.pos, b.pos);
                assert_eq!(a.row.glyphs.len(), b.row.glyphs.len());
            }
        });
    }
}
