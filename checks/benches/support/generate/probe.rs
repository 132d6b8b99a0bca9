//! Counting a section's resources without serializing them: the section's
//! `Serialize` hands each of its fields to a [`Probe`], which stops at the
//! field's length when it is a list (through the error channel, so nothing
//! inside it is visited). Exact-`n` accounting counts after every generator
//! has run; serializing 100,000 resources to JSON for it would take longer
//! than writing them. `tests/synthetic.rs` checks it against a JSON count.

use super::sections::lists_resources;
use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};
use std::fmt;

/// The entries of `section`'s resource lists.
pub fn resources(section: &impl Serialize) -> usize {
    section.serialize(Probe::Section).unwrap_or(0)
}

/// Serializes a section (counting its fields' lists) or one of its fields
/// (stopping at its length when it is a list).
#[derive(Clone, Copy)]
enum Probe {
    Section,
    Field,
}

/// Where a probe stopped.
#[derive(Debug)]
enum Stop {
    /// At a list of this length.
    List(usize),
    /// At anything else.
    Other,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Stop {
        Stop::Other
    }
}

/// A section's fields, and the resources counted so far.
struct Fields(usize);

impl SerializeStruct for Fields {
    type Ok = usize;
    type Error = Stop;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        if let (Err(Stop::List(n)), true) = (value.serialize(Probe::Field), lists_resources(key)) {
            self.0 += n;
        }
        Ok(())
    }

    fn end(self) -> Result<usize, Stop> {
        Ok(self.0)
    }
}

/// Serializer methods that stop at anything but a section or a list.
macro_rules! other {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, Stop> {
            Err(Stop::Other)
        })*
    };
}

impl Serializer for Probe {
    type Ok = usize;
    type Error = Stop;
    type SerializeSeq = Impossible<usize, Stop>;
    type SerializeTuple = Impossible<usize, Stop>;
    type SerializeTupleStruct = Impossible<usize, Stop>;
    type SerializeTupleVariant = Impossible<usize, Stop>;
    type SerializeMap = Impossible<usize, Stop>;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<usize, Stop>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, Stop> {
        match self {
            Probe::Section => Ok(Fields(0)),
            Probe::Field => Err(Stop::Other),
        }
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop::List(len.unwrap_or(0)))
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<usize, Stop> {
        Err(Stop::Other)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<usize, Stop> {
        Err(Stop::Other)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<usize, Stop> {
        Err(Stop::Other)
    }

    other! {
        serialize_bool(bool) -> usize;
        serialize_i8(i8) -> usize;
        serialize_i16(i16) -> usize;
        serialize_i32(i32) -> usize;
        serialize_i64(i64) -> usize;
        serialize_u8(u8) -> usize;
        serialize_u16(u16) -> usize;
        serialize_u32(u32) -> usize;
        serialize_u64(u64) -> usize;
        serialize_f32(f32) -> usize;
        serialize_f64(f64) -> usize;
        serialize_char(char) -> usize;
        serialize_str(&str) -> usize;
        serialize_bytes(&[u8]) -> usize;
        serialize_none() -> usize;
        serialize_unit() -> usize;
        serialize_unit_struct(&'static str) -> usize;
        serialize_unit_variant(&'static str, u32, &'static str) -> usize;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}
