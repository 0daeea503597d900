//! client-go v0.37.2 `third_party/forked/golang/template/funcs.go`: `Equal`, `Less` and
//! `LessEqual` as JSONPath filters compare their operands, with Go's rules for mixing ints,
//! uints and floats and its error messages.

use super::eval::{Item, Kind};

#[derive(PartialEq, Eq, Clone, Copy)]
enum BasicKind {
    Bool,
    Int,
    Uint,
    Float,
    Str,
}

const BAD_TYPE: &str = "invalid type for comparison";
const INCOMPATIBLE: &str = "incompatible types for comparison";

fn basic<'b>(item: &'b Item<'_>) -> Result<(BasicKind, Kind<'b>), &'static str> {
    let kind = item.kind();
    let basic = match kind {
        Kind::Bool(_) => BasicKind::Bool,
        Kind::Int(_) => BasicKind::Int,
        Kind::Uint(_) => BasicKind::Uint,
        Kind::Float(_) => BasicKind::Float,
        Kind::Str(_) => BasicKind::Str,
        _ => return Err(BAD_TYPE),
    };
    Ok((basic, kind))
}

#[expect(
    clippy::float_cmp,
    reason = "Go's template.Equal compares floats exactly"
)]
pub(super) fn equal(a: &Item<'_>, b: &Item<'_>) -> Result<bool, String> {
    let (_, ka) = basic(a)?;
    let (_, kb) = basic(b)?;
    Ok(match (ka, kb) {
        (Kind::Int(x), Kind::Uint(y)) | (Kind::Uint(y), Kind::Int(x)) => {
            x >= 0 && u64::try_from(x).is_ok_and(|x| x == y)
        }
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Float(x), Kind::Float(y)) => x == y,
        (Kind::Int(x), Kind::Int(y)) => x == y,
        (Kind::Uint(x), Kind::Uint(y)) => x == y,
        (Kind::Str(x), Kind::Str(y)) => x == y,
        _ => return Err(INCOMPATIBLE.to_owned()),
    })
}

pub(super) fn less(a: &Item<'_>, b: &Item<'_>) -> Result<bool, String> {
    let (ba, ka) = basic(a)?;
    let (bb, kb) = basic(b)?;
    if ba == bb && ba == BasicKind::Bool {
        return Err(BAD_TYPE.to_owned());
    }
    Ok(match (ka, kb) {
        (Kind::Int(x), Kind::Uint(y)) => x < 0 || u64::try_from(x).is_ok_and(|x| x < y),
        (Kind::Uint(x), Kind::Int(y)) => y >= 0 && u64::try_from(y).is_ok_and(|y| x < y),
        (Kind::Float(x), Kind::Float(y)) => x < y,
        (Kind::Int(x), Kind::Int(y)) => x < y,
        (Kind::Uint(x), Kind::Uint(y)) => x < y,
        (Kind::Str(x), Kind::Str(y)) => x < y,
        _ => return Err(INCOMPATIBLE.to_owned()),
    })
}

pub(super) fn less_equal(a: &Item<'_>, b: &Item<'_>) -> Result<bool, String> {
    let lt = less(a, b)?;
    if lt {
        return Ok(true);
    }
    equal(a, b)
}
