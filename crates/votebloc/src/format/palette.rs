//! Colours of the plots and graph files: one colour per bloc, one per vote, and a sequential
//! scale for similarities. Fixed tables, so every output is byte-identical from run to run.

use crate::model::Vote;
use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Rgb {
    /// The colour from `0xRRGGBB`.
    pub const fn hex(value: u32) -> Rgb {
        Rgb {
            r: (value >> 16) as u8,
            g: (value >> 8) as u8,
            b: value as u8,
        }
    }

    /// Black or white, whichever reads better on this colour (WCAG relative luminance, with
    /// the threshold at which both contrasts are equal).
    pub fn text_colour(self) -> Rgb {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance =
            0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b);
        if luminance > 0.179 {
            Rgb::hex(0x000000)
        } else {
            Rgb::hex(0xffffff)
        }
    }
}

impl fmt::Display for Rgb {
    /// `#rrggbb`, as SVG, HTML and DOT read it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Tableau 10 (M. Stone, Tableau Software, 2016): ten categorical colours that stay apart
/// for most readers, in the order given to blocs 1–10.
const BLOCS: [Rgb; 10] = [
    Rgb::hex(0x4e79a7),
    Rgb::hex(0xf28e2b),
    Rgb::hex(0xe15759),
    Rgb::hex(0x76b7b2),
    Rgb::hex(0x59a14f),
    Rgb::hex(0xedc948),
    Rgb::hex(0xb07aa1),
    Rgb::hex(0xff9da7),
    Rgb::hex(0x9c755f),
    Rgb::hex(0xbab0ac),
];

/// The colour of no bloc (bloc 0) and of undefined values.
pub const NO_BLOC: Rgb = Rgb::hex(0x8c8c8c);

/// The colour of a missing similarity in the heatmap.
pub const MISSING: Rgb = Rgb::hex(0xeeeeee);

/// The colour of bloc `bloc` (1-based). Blocs 1–10 get the Tableau 10 colours; later blocs
/// hues spaced by the golden angle (137.5°), which keeps consecutive blocs apart however many
/// there are; bloc 0 (no bloc) is grey.
///
/// # Examples
///
/// ```
/// use votebloc::format::palette::bloc_colour;
/// assert_eq!(bloc_colour(1).to_string(), "#4e79a7");
/// assert_ne!(bloc_colour(11), bloc_colour(12));
/// ```
pub fn bloc_colour(bloc: u32) -> Rgb {
    match bloc {
        0 => NO_BLOC,
        1..=10 => BLOCS[bloc as usize - 1],
        _ => {
            let hue = (f64::from(bloc - 11) * 137.507_764).rem_euclid(360.0);
            hsl(hue, 0.55, 0.5)
        }
    }
}

/// Colour of a vote in the vote grid: yes green, no red, abstain amber, absent light grey,
/// not a member white (ColorBrewer RdYlGn ends, C. Brewer 2002).
pub fn vote_colour(vote: Vote) -> Rgb {
    match vote {
        Vote::Yes => Rgb::hex(0x1a9850),
        Vote::No => Rgb::hex(0xd73027),
        Vote::Abstain => Rgb::hex(0xfdae61),
        Vote::Absent => Rgb::hex(0xd9d9d9),
        Vote::NotMember => Rgb::hex(0xffffff),
    }
}

/// Viridis (van der Walt & Smith 2015, matplotlib's default map) at ten evenly spaced
/// stops: perceptually uniform and readable in grey scale and by colour-blind readers.
const VIRIDIS: [Rgb; 10] = [
    Rgb::hex(0x440154),
    Rgb::hex(0x482878),
    Rgb::hex(0x3e4989),
    Rgb::hex(0x31688e),
    Rgb::hex(0x26828e),
    Rgb::hex(0x1f9e89),
    Rgb::hex(0x35b779),
    Rgb::hex(0x6ece58),
    Rgb::hex(0xb5de2b),
    Rgb::hex(0xfde725),
];

/// The sequential scale at `t` in \[0, 1\] (clamped; NaN gives [`MISSING`]), linear between
/// the viridis stops.
///
/// # Examples
///
/// ```
/// use votebloc::format::palette::sequential;
/// assert_eq!(sequential(0.0).to_string(), "#440154");
/// assert_eq!(sequential(1.0).to_string(), "#fde725");
/// ```
pub fn sequential(t: f64) -> Rgb {
    if t.is_nan() {
        return MISSING;
    }
    let position = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let low = (position.floor() as usize).min(VIRIDIS.len() - 2);
    let fraction = position - low as f64;
    let (a, b) = (VIRIDIS[low], VIRIDIS[low + 1]);
    let mix =
        |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * fraction).round() as u8;
    Rgb {
        r: mix(a.r, b.r),
        g: mix(a.g, b.g),
        b: mix(a.b, b.b),
    }
}

/// HSL to sRGB (hue in degrees, saturation and lightness in \[0, 1\]).
fn hsl(hue: f64, saturation: f64, lightness: f64) -> Rgb {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let sector = hue / 60.0;
    let x = chroma * (1.0 - (sector.rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match sector as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb {
        r: byte(r),
        g: byte(g),
        b: byte(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocs_get_distinct_colours() {
        let colours: Vec<Rgb> = (1..=30).map(bloc_colour).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(bloc_colour(0), NO_BLOC);
    }

    #[test]
    fn hsl_matches_known_colours() {
        assert_eq!(hsl(0.0, 1.0, 0.5), Rgb::hex(0xff0000));
        assert_eq!(hsl(120.0, 1.0, 0.5), Rgb::hex(0x00ff00));
        assert_eq!(hsl(240.0, 1.0, 0.25), Rgb::hex(0x000080));
    }

    #[test]
    fn sequential_interpolates_between_stops() {
        // Halfway between the first two stops (#440154, #482878), within rounding.
        let middle = sequential(0.5 / 9.0);
        assert_eq!((middle.r, middle.b), (0x46, 0x66));
        assert!((20..=21).contains(&middle.g), "{middle}");
        assert_eq!(sequential(-3.0), sequential(0.0));
        assert_eq!(sequential(f64::NAN), MISSING);
    }

    #[test]
    fn text_on_dark_is_white_and_on_light_black() {
        assert_eq!(Rgb::hex(0x440154).text_colour(), Rgb::hex(0xffffff));
        assert_eq!(Rgb::hex(0xfde725).text_colour(), Rgb::hex(0x000000));
    }
}
