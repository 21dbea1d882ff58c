//! A picture's focal point: the spot a crop must keep. Pages cut pictures to fixed shapes
//! (3:2 teasers, a 16:9 lead teaser) with CSS `object-fit: cover`; the focal point becomes
//! their `object-position`, so a face at the left edge stays in the frame.

use serde::Serialize;

/// Where in a picture the subject is: `x` from the left edge, `y` from the top, each
/// from 0 to 1, kept in thousandths (what the database stores). No focal point means the
/// centre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FocalPoint {
    x: u16,
    y: u16,
}

impl FocalPoint {
    /// The most thousandths a coordinate holds (the right or bottom edge).
    pub const MAX: u16 = 1000;

    /// From stored thousandths; `None` when either is missing or out of range.
    pub fn from_thousandths(x: Option<i64>, y: Option<i64>) -> Option<FocalPoint> {
        let ok = |v: i64| u16::try_from(v).ok().filter(|v| *v <= Self::MAX);
        Some(FocalPoint {
            x: ok(x?)?,
            y: ok(y?)?,
        })
    }

    /// From a form's two fields, each a number from 0 to 1 (`0.35`); both empty means no
    /// focal point (`Ok(None)`). The error says, in words, what is wrong.
    pub fn parse(x: &str, y: &str) -> Result<Option<FocalPoint>, String> {
        let (x, y) = (x.trim(), y.trim());
        if x.is_empty() && y.is_empty() {
            return Ok(None);
        }
        let one = |name: &str, value: &str| -> Result<u16, String> {
            let bad = || {
                format!(
                    "the focal point's {name} must be a number from 0 (the {}) to 1 (the {}), like 0.35; {value:?} is not",
                    if name == "x" { "left edge" } else { "top" },
                    if name == "x" { "right edge" } else { "bottom" },
                )
            };
            let v: f64 = value.parse().map_err(|_| bad())?;
            if !v.is_finite() || !(0.0..=1.0).contains(&v) {
                return Err(bad());
            }
            // In range, so the product fits: 0..=1000.
            Ok((v * f64::from(Self::MAX)).round() as u16)
        };
        Ok(Some(FocalPoint {
            x: one("x", x)?,
            y: one("y", y)?,
        }))
    }

    /// From two numbers from 0 to 1 (the Admin API's `{"x": 0.35, "y": 0.2}`).
    pub fn from_unit(x: f64, y: f64) -> Result<FocalPoint, String> {
        let one = |name: &str, v: f64| -> Result<u16, String> {
            if !v.is_finite() || !(0.0..=1.0).contains(&v) {
                return Err(format!(
                    "the focal point's {name} must be a number from 0 to 1; {v} is not"
                ));
            }
            Ok((v * f64::from(Self::MAX)).round() as u16)
        };
        Ok(FocalPoint {
            x: one("x", x)?,
            y: one("y", y)?,
        })
    }

    /// `x` from 0 to 1.
    pub fn x(self) -> f64 {
        f64::from(self.x) / f64::from(Self::MAX)
    }

    pub fn y(self) -> f64 {
        f64::from(self.y) / f64::from(Self::MAX)
    }

    pub fn x_thousandths(self) -> u16 {
        self.x
    }

    pub fn y_thousandths(self) -> u16 {
        self.y
    }

    /// `x` as a form shows it: `0.35`.
    pub fn x_text(self) -> String {
        decimal(self.x)
    }

    pub fn y_text(self) -> String {
        decimal(self.y)
    }

    /// The point in whole percent, rounded to a multiple of 5: what the stylesheet's
    /// `fx-N`/`fy-N` classes offer (the pages' policy forbids inline styles).
    pub fn percent_steps(self) -> [u8; 2] {
        let step = |v: u16| ((u32::from(v) + 25) / 50 * 5) as u8;
        [step(self.x), step(self.y)]
    }
}

fn decimal(thousandths: u16) -> String {
    let text = format!("{:.3}", f64::from(thousandths) / 1000.0);
    let text = text.trim_end_matches('0');
    text.strip_suffix('.').unwrap_or(text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_empty_is_the_centre() {
        assert_eq!(FocalPoint::parse("", " "), Ok(None));
    }

    #[test]
    fn numbers_from_zero_to_one_are_kept_in_thousandths() {
        let p = FocalPoint::parse("0.35", "1").unwrap().unwrap();
        assert_eq!((p.x_thousandths(), p.y_thousandths()), (350, 1000));
        assert_eq!(
            (p.x_text(), p.y_text()),
            ("0.35".to_owned(), "1".to_owned())
        );
        assert_eq!(FocalPoint::parse("0", "0").unwrap().unwrap().x_text(), "0");
    }

    #[test]
    fn out_of_range_words_and_half_filled_are_refused() {
        for (x, y) in [
            ("1.5", "0.5"),
            ("abc", "0.5"),
            ("0.5", "-0.1"),
            ("NaN", "0.5"),
            ("inf", "0.5"),
            ("0.5", ""),
        ] {
            let e = FocalPoint::parse(x, y).unwrap_err();
            assert!(e.contains("from 0"), "{x} {y}: {e}");
        }
    }

    #[test]
    fn the_apis_numbers_are_checked_the_same_way() {
        let p = FocalPoint::from_unit(0.25, 1.0).unwrap();
        assert_eq!((p.x(), p.y()), (0.25, 1.0));
        assert!(FocalPoint::from_unit(1.5, 0.5).is_err());
        assert!(FocalPoint::from_unit(0.5, f64::NAN).is_err());
    }

    #[test]
    fn percent_steps_round_to_five() {
        let p = FocalPoint::parse("0.33", "0.974").unwrap().unwrap();
        assert_eq!(p.percent_steps(), [35, 95]);
        let p = FocalPoint::parse("0", "1").unwrap().unwrap();
        assert_eq!(p.percent_steps(), [0, 100]);
    }

    #[test]
    fn stored_values_out_of_range_are_no_focal_point() {
        assert!(FocalPoint::from_thousandths(Some(1001), Some(5)).is_none());
        assert!(FocalPoint::from_thousandths(Some(-1), Some(5)).is_none());
        assert!(FocalPoint::from_thousandths(None, Some(5)).is_none());
        assert!(FocalPoint::from_thousandths(Some(0), Some(1000)).is_some());
    }
}
