//! A small SVG writer for the plots (escaping and number spelling are the leaf module
//! [`crate::format`]'s, shared with the XML graph files).
//!
//! The plots are written by hand rather than through a plotting library: a heatmap or a vote
//! grid is a few rectangles and labels, and writing them directly keeps the files small (runs
//! of equal cells merged), free of element ids (so several plots can sit inline in one HTML
//! page) and byte-identical across platforms.

use crate::format::palette::Rgb;
pub use crate::format::{escape, number};
use std::fmt::Write;

/// Horizontal anchor of a text label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A text label: position, size, anchor and optional rotation, weight and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Label<'a> {
    pub x: f64,
    pub y: f64,
    pub text: &'a str,
    pub size: f64,
    pub anchor: Anchor,
    /// Degrees clockwise around (x, y).
    pub rotate: f64,
    pub bold: bool,
    pub fill: Option<Rgb>,
    /// A white outline behind the glyphs, so the label stays readable over lines and points.
    pub halo: bool,
    /// The element's `class` (trusted markup): `label` marks the labels of points, which
    /// the placement keeps apart (see [`super::labels`]).
    pub class: Option<&'static str>,
}

impl<'a> Label<'a> {
    /// A label of `size` px starting at (x, y) (baseline), not rotated, regular, black.
    pub fn new(x: f64, y: f64, text: &'a str, size: f64) -> Label<'a> {
        Label {
            x,
            y,
            text,
            size,
            anchor: Anchor::Start,
            rotate: 0.0,
            bold: false,
            fill: None,
            halo: false,
            class: None,
        }
    }

    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    pub fn rotate(mut self, degrees: f64) -> Self {
        self.rotate = degrees;
        self
    }

    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub fn fill(mut self, colour: Rgb) -> Self {
        self.fill = Some(colour);
        self
    }

    pub fn halo(mut self) -> Self {
        self.halo = true;
        self
    }

    pub fn class(mut self, class: &'static str) -> Self {
        self.class = Some(class);
        self
    }
}

/// Estimated width in px of `text` at `size` px in a sans-serif font (0.6 em per character:
/// an upper bound for most Latin text), for placing labels without measuring fonts.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// Advance widths of the printable ASCII characters (space to `~`) in Helvetica, in
/// thousandths of an em: the Adobe Font Metrics of the PostScript core font, which Arial and
/// Liberation Sans (what browsers use for `Helvetica, Arial, sans-serif`) match.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ␠ to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];

/// Width in px of `text` at `size` px in Helvetica (see `HELVETICA`), a character outside
/// printable ASCII counted as wide as `M` less a little (0.75 em, above any accented Latin
/// letter): the width the label placement keeps free, so that labels in the browser's
/// font do not touch. [`text_width`]'s estimate is kept for the layouts drawn with it.
///
/// # Examples
///
/// ```
/// use votebloc::report::markup::label_width;
/// assert_eq!(label_width("USA", 10.0), (0.722 + 0.667 + 0.667) * 10.0);
/// assert!(label_width("WWW", 10.0) > label_width("iii", 10.0) * 3.0);
/// ```
pub fn label_width(text: &str, size: f64) -> f64 {
    let thousandths: u32 = text
        .chars()
        .map(|c| match c {
            ' '..='~' => u32::from(HELVETICA[c as usize - 32]),
            _ => 750,
        })
        .sum();
    f64::from(thousandths) / 1000.0 * size
}

/// An SVG document being written: elements are appended in drawing order (later on top).
#[derive(Debug, Clone)]
pub struct Svg {
    body: String,
    width: f64,
    height: f64,
    title: String,
}

impl Svg {
    /// An empty `width` × `height` px drawing; `title` becomes its `<title>` (shown as a tooltip
    /// and read by screen readers).
    pub fn new(width: f64, height: f64, title: &str) -> Svg {
        Svg {
            body: String::with_capacity(1 << 14),
            width,
            height,
            title: title.to_string(),
        }
    }

    pub fn width(&self) -> f64 {
        self.width
    }

    pub fn height(&self) -> f64 {
        self.height
    }

    /// A rectangle filled with `fill`; `extra` is appended verbatim inside the element (e.g. a
    /// stroke), so it must be trusted markup.
    pub fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: Rgb, extra: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"{extra}/>"#,
            number(x),
            number(y),
            number(width),
            number(height)
        );
        self.body.push('\n');
    }

    /// A line segment with a stroke colour and width; `extra` as in [`Svg::rect`].
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: Rgb, width: f64, extra: &str) {
        let _ = write!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}"{extra}/>"#,
            number(from.0),
            number(from.1),
            number(to.0),
            number(to.1),
            number(width)
        );
        self.body.push('\n');
    }

    /// A circle; `tooltip` (escaped) becomes a `<title>` child shown on hover.
    pub fn circle(
        &mut self,
        centre: (f64, f64),
        radius: f64,
        fill: Rgb,
        extra: &str,
        tooltip: Option<&str>,
    ) {
        let _ = write!(
            self.body,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}"{extra}"#,
            number(centre.0),
            number(centre.1),
            number(radius)
        );
        match tooltip {
            Some(text) => {
                let _ = write!(self.body, "><title>{}</title></circle>", escape(text));
            }
            None => self.body.push_str("/>"),
        }
        self.body.push('\n');
    }

    /// A text label (escaped).
    pub fn text(&mut self, label: &Label<'_>) {
        let _ = write!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}""#,
            number(label.x),
            number(label.y),
            number(label.size)
        );
        if label.anchor != Anchor::Start {
            let _ = write!(self.body, r#" text-anchor="{}""#, label.anchor.as_str());
        }
        if label.rotate != 0.0 {
            let _ = write!(
                self.body,
                r#" transform="rotate({} {} {})""#,
                number(label.rotate),
                number(label.x),
                number(label.y)
            );
        }
        if label.bold {
            self.body.push_str(r#" font-weight="bold""#);
        }
        if let Some(fill) = label.fill {
            let _ = write!(self.body, r#" fill="{fill}""#);
        }
        if let Some(class) = label.class {
            let _ = write!(self.body, r#" class="{class}""#);
        }
        if label.halo {
            self.body.push_str(
                r##" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##,
            );
        }
        let _ = write!(self.body, ">{}</text>", escape(label.text));
        self.body.push('\n');
    }

    /// Raw markup appended as is (must be trusted and well formed).
    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
        self.body.push('\n');
    }

    /// The document: an `<svg>` element with a white background, no XML declaration (so it can
    /// also be inlined in HTML) and a final newline.
    pub fn finish(self) -> String {
        let mut out = String::with_capacity(self.body.len() + 400);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" role="img">"#,
            w = number(self.width),
            h = number(self.height)
        );
        out.push('\n');
        let _ = writeln!(out, "<title>{}</title>", escape(&self.title));
        let _ = writeln!(
            out,
            r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
            number(self.width),
            number(self.height)
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_escapes_labels_and_tooltips() {
        let mut svg = Svg::new(100.0, 50.0, "A & B");
        svg.text(
            &Label::new(1.0, 2.0, "<x>", 10.0)
                .anchor(Anchor::Middle)
                .bold(),
        );
        svg.circle((5.0, 5.0), 2.0, Rgb::hex(0x123456), "", Some("\"q\""));
        let out = svg.finish();
        assert!(out.contains("<title>A &amp; B</title>"), "{out}");
        assert!(
            out.contains(
                r#"<text x="1" y="2" font-size="10" text-anchor="middle" font-weight="bold">&lt;x&gt;</text>"#
            ),
            "{out}"
        );
        assert!(
            out.contains("<title>&quot;q&quot;</title></circle>"),
            "{out}"
        );
        assert!(out.ends_with("</svg>\n"));
    }
}
