//! A quick reader for log lines in the exact form the store writes them (`ron::to_string`):
//! no blanks or comments, strings without escapes, plain decimal numbers, structs without
//! their names. It reads those about ten times faster than `ron`, which matters when progress
//! is rebuilt from ten million lines.
//!
//! It never decides a line differently from `ron`: every form it accepts, `ron` reads as the
//! same value, and anything else (an escape, a blank, a hexadecimal number, a field it would
//! have to skip) makes it give up, so that the caller reads that line with `ron` instead.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

/// The line as an `E`, or `None` when `ron` must read it (which may refuse it).
pub(crate) fn parse<'de, E: Deserialize<'de>>(line: &'de str) -> Option<E> {
    let mut reader = Reader { text: line, pos: 0 };
    let value = E::deserialize(&mut reader).ok()?;
    (reader.pos == line.len()).then_some(value)
}

/// Why the quick reader gave up; never shown, since `ron` reads the line next.
#[derive(Debug)]
pub(crate) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the compact form")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Reader<'de> {
    text: &'de str,
    pos: usize,
}

impl<'de> Reader<'de> {
    /// Elements between `open` and `close`: a list's `[..]` or a tuple's `(..)`.
    fn elements<V: Visitor<'de>>(&mut self, open: u8, close: u8, visitor: V) -> Result<V::Value> {
        self.expect(open)?;
        let value = visitor.visit_seq(Elements {
            reader: &mut *self,
            close,
        })?;
        self.expect(close)?;
        Ok(value)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.eat(byte) { Ok(()) } else { Err(GiveUp) }
    }

    /// The longest run of bytes from here that `keep` accepts.
    fn run(&mut self, keep: impl Fn(u8) -> bool) -> &'de str {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && keep(bytes[self.pos]) {
            self.pos += 1;
        }
        // Only ASCII bytes are kept, so both ends are character boundaries.
        self.text.get(start..self.pos).unwrap_or_default()
    }

    /// An identifier as `ron` writes one (no raw `r#` identifiers).
    fn ident(&mut self) -> Result<&'de str> {
        if !self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            return Err(GiveUp);
        }
        Ok(self.run(|b| b.is_ascii_alphanumeric() || b == b'_'))
    }

    /// A string without escapes; one with a `\` is left to `ron`.
    fn string(&mut self) -> Result<&'de str> {
        self.expect(b'"')?;
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\')
            .map(|i| start + i)
            .ok_or(GiveUp)?;
        if bytes[end] == b'\\' {
            return Err(GiveUp);
        }
        self.pos = end + 1;
        // A quote is ASCII, so both ends are character boundaries.
        self.text.get(start..end).ok_or(GiveUp)
    }

    /// `-?digits` with no leading zero, or a float `-?digits.digits`: the only numbers
    /// `ron::to_string` writes for the records' integers and (finite) floats.
    fn number(&mut self) -> Result<(&'de str, bool)> {
        let start = self.pos;
        self.eat(b'-');
        let whole = self.run(|b| b.is_ascii_digit());
        if whole.is_empty() || (whole.len() > 1 && whole.starts_with('0')) {
            return Err(GiveUp);
        }
        let float = self.eat(b'.');
        if float && self.run(|b| b.is_ascii_digit()).is_empty() {
            return Err(GiveUp);
        }
        if matches!(self.peek(), Some(b'e' | b'E' | b'_' | b'x' | b'b' | b'o')) {
            return Err(GiveUp);
        }
        Ok((self.text.get(start..self.pos).ok_or(GiveUp)?, float))
    }

    fn integer<T: std::str::FromStr>(&mut self) -> Result<T> {
        match self.number()? {
            (token, false) => token.parse().map_err(|_| GiveUp),
            (_, true) => Err(GiveUp),
        }
    }

    fn float<T: std::str::FromStr>(&mut self) -> Result<T> {
        self.number()?.0.parse().map_err(|_| GiveUp)
    }

    /// After an element of a list or tuple: a `,`, or the closing bracket (left in place).
    fn after_element(&mut self, close: u8) -> Result<()> {
        if self.eat(b',') || self.peek() == Some(close) {
            Ok(())
        } else {
            Err(GiveUp)
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'"') => visitor.visit_borrowed_str(self.string()?),
            Some(b'-' | b'0'..=b'9') => {
                let (token, float) = self.number()?;
                if float {
                    visitor.visit_f64(token.parse().map_err(|_| GiveUp)?)
                } else if token.starts_with('-') {
                    visitor.visit_i64(token.parse().map_err(|_| GiveUp)?)
                } else {
                    visitor.visit_u64(token.parse().map_err(|_| GiveUp)?)
                }
            }
            _ => self.deserialize_bool(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(self.integer()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(self.integer()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(self.integer()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.integer()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(self.integer()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(self.integer()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(self.integer()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.integer()?)
    }
    // Parsed straight as the field's own type, as `ron` does: an `f32` read through an `f64`
    // could round differently.
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(self.float()?)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.string()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "None" => visitor.visit_none(),
            "Some" => {
                self.expect(b'(')?;
                let value = visitor.visit_some(&mut *self)?;
                self.expect(b')')?;
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.expect(b')')?;
        visitor.visit_unit()
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.elements(b'[', b']', visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.elements(b'(', b')', visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = visitor.visit_map(Fields { reader: &mut *self })?;
        self.expect(b')')?;
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    // Everything else (chars, bytes, maps, named and newtype structs, fields to skip) is rare
    // in a log: `ron` reads it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit_struct newtype_struct tuple_struct map
    }
}

/// The elements of a list or a tuple, up to `close`.
struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.reader.peek() == Some(self.close) {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.after_element(self.close)?;
        Ok(Some(value))
    }
}

/// A struct's `name:value` fields, up to its `)`.
struct Fields<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.reader.peek() == Some(b')') {
            return Ok(None);
        }
        let name = self.reader.ident()?;
        self.reader.expect(b':')?;
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.after_element(b')')?;
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.ident()?;
        let variant = seed.deserialize(name.into_deserializer())?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        // `Good`, never `Good()`: the latter is left to `ron`.
        if self.peek() == Some(b'(') {
            Err(GiveUp)
        } else {
            Ok(())
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.expect(b'(')?;
        let value = seed.deserialize(&mut *self)?;
        self.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}
