//! Resident identity card numbers (居民身份证号码), GB 11643-1999.

use crate::date::Date;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// No living member was born before this; earlier years are typos.
const MIN_BIRTH_YEAR: i32 = 1900;

/// ISO 7064 MOD 11-2 check character for the first 17 digits.
// The remainder of 11 indexes the 11-entry map.
#[allow(clippy::indexing_slicing)]
pub fn try_check_digit(first17: &str) -> Result<char, ErrorCode> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return Err(ErrorCode::InvalidIdNumber);
    }
    let sum: u32 = b
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Ok(CHECK_MAP[(sum % 11) as usize])
}

/// Check character for fabricating fictitious but well-formed numbers
/// (demo seeding, tests).
///
/// # Panics
/// If `first17` is not exactly 17 ASCII digits; use [`try_check_digit`] for input.
#[allow(clippy::expect_used)] // documented above: fabricating, never for input
pub fn make_check_digit(first17: &str) -> char {
    try_check_digit(first17).expect("make_check_digit needs exactly 17 ASCII digits")
}

code_enum! {
    pub enum Sex / InvalidSex {
        Male = "male" / "男",
        Female = "female" / "女",
    }
}

/// An 18-digit resident ID number with a valid birth date and check digit,
/// stored with an upper-case `X`.
///
/// `Debug` prints the masked form so numbers do not leak into logs.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(String);

impl ResidentId {
    /// Accepts surrounding whitespace and a lower-case `x`. The region code
    /// is not checked against a list: codes change with redistricting and
    /// an outdated list would reject real members.
    // Every index below is inside the 18 bytes the first check requires.
    #[allow(clippy::indexing_slicing)]
    pub fn parse(input: &str) -> Result<ResidentId, ErrorCode> {
        let s = input.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 18
            || !b[..17].iter().all(u8::is_ascii_digit)
            || !(b[17].is_ascii_digit() || b[17] == b'X')
            || b[0] == b'0'
        {
            return Err(ErrorCode::InvalidIdNumber);
        }
        let birth = Date::parse_compact(&s[6..14]).map_err(|_| ErrorCode::IdBirthDateInvalid)?;
        if birth.year() < MIN_BIRTH_YEAR {
            return Err(ErrorCode::IdBirthDateInvalid);
        }
        if try_check_digit(&s[..17])? != char::from(b[17]) {
            return Err(ErrorCode::IdChecksumMismatch);
        }
        Ok(ResidentId(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    // `parse` admitted only numbers whose digits 7–14 are a valid date.
    #[allow(clippy::expect_used, clippy::indexing_slicing)]
    pub fn birth_date(&self) -> Date {
        Date::parse_compact(&self.0[6..14]).expect("validated in parse")
    }

    /// The 17th digit (sequence code) is odd for men, even for women.
    // A parsed number has 18 bytes.
    #[allow(clippy::indexing_slicing)]
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The six-digit administrative region code of registration.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    /// `431***********123X`: first 3 and last 4 characters.
    ///
    /// Shows less than the common "first 6 + last 4" form on purpose: the
    /// six-digit county code plus a surname is identifying inside one county,
    /// and the birth date is hidden as well. Three leading digits still let a
    /// clerk tell two members apart together with the last four.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..3], "*".repeat(11), &self.0[14..])
    }
}

impl core::fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl core::fmt::Display for ResidentId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ResidentId {
    type Error = ErrorCode;
    fn try_from(s: String) -> Result<Self, ErrorCode> {
        ResidentId::parse(&s)
    }
}

impl From<ResidentId> for String {
    fn from(v: ResidentId) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fictitious numbers built with the check-digit rule, not real people.
    const MALE: &str = "11010519491231002X";

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", make_check_digit(first17))
    }

    #[test]
    fn check_digit_standard_example() {
        // The worked example from GB 11643-1999 appendix.
        assert_eq!(make_check_digit("11010519491231002"), 'X');
        assert_eq!(make_check_digit("44052418800101001"), '4');
        assert_eq!(try_check_digit("1234"), Err(ErrorCode::InvalidIdNumber));
    }

    #[test]
    fn parses_and_normalizes_lowercase_x() {
        let id = ResidentId::parse(&MALE.to_lowercase()).unwrap();
        assert_eq!(id.as_str(), MALE);
        assert_eq!(id.birth_date(), Date::new(1949, 12, 31).unwrap());
        assert_eq!(id.sex(), Sex::Female); // 17th digit 2
        assert_eq!(id.region_code(), "110105");
    }

    #[test]
    fn sex_from_17th_digit() {
        let male = ResidentId::parse(&with_check("43112819900307123")).unwrap();
        assert_eq!(male.sex(), Sex::Male);
        let female = ResidentId::parse(&with_check("43112819900307124")).unwrap();
        assert_eq!(female.sex(), Sex::Female);
    }

    #[test]
    fn rejects_bad_check_digit() {
        let good = with_check("43112819900307123");
        for c in "0123456789X".chars() {
            let candidate = format!("{}{c}", &good[..17]);
            if candidate != good {
                assert_eq!(
                    ResidentId::parse(&candidate),
                    Err(ErrorCode::IdChecksumMismatch)
                );
            }
        }
    }

    #[test]
    fn rejects_bad_shapes_and_dates() {
        for bad in [
            "",
            "4311281990030712",
            "43112819900307123Y",
            "4311281990030712345",
            "A31128199003071234",
            "031128199003071235",
        ] {
            assert_eq!(
                ResidentId::parse(bad),
                Err(ErrorCode::InvalidIdNumber),
                "{bad}"
            );
        }
        let feb30 = with_check("43112819900230123");
        assert_eq!(
            ResidentId::parse(&feb30),
            Err(ErrorCode::IdBirthDateInvalid)
        );
        let too_old = with_check("43112818890307123");
        assert_eq!(
            ResidentId::parse(&too_old),
            Err(ErrorCode::IdBirthDateInvalid)
        );
    }

    #[test]
    fn masks_first3_last4() {
        let id = ResidentId::parse(MALE).unwrap();
        assert_eq!(id.masked(), "110***********002X");
        assert_eq!(id.masked().chars().count(), 18);
        assert_eq!(format!("{id:?}"), "ResidentId(110***********002X)");
    }

    #[test]
    fn serde_validates() {
        let json = format!("\"{}\"", MALE.to_lowercase());
        let id: ResidentId = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{MALE}\""));
        assert!(serde_json::from_str::<ResidentId>("\"110105194912310021\"").is_err());
    }
}
