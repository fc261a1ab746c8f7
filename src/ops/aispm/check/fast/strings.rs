//! Every string value of a parsed envelope, visited in place through its
//! own `Serialize` (so a member added to the shape is visited without a
//! line here): the secret scan of the fast path, without parsing the
//! payload a second time. Member names are not visited; the shape fixes
//! every one of them.

use serde::Serialize;
use serde::ser;

/// Whether `f` holds for any string value of `value`, depth first; stops at
/// the first that does.
pub(crate) fn any_str<T: Serialize + ?Sized>(value: &T, f: &dyn Fn(&str) -> bool) -> bool {
    matches!(value.serialize(&mut Strings { f }), Err(Found::Yes))
}

struct Strings<'f> {
    f: &'f dyn Fn(&str) -> bool,
}

/// How a visit stops early: a string `f` holds for, or (never, for the
/// shapes visited) something serde asked to fail.
#[derive(Debug)]
enum Found {
    Yes,
    Failed,
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Found::Yes => "found",
            Found::Failed => "failed",
        })
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Found::Failed
    }
}

impl Strings<'_> {
    fn visit(&self, s: &str) -> Result<(), Found> {
        if (self.f)(s) { Err(Found::Yes) } else { Ok(()) }
    }
}

macro_rules! skip {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, _: $t) -> Result<(), Found> { Ok(()) })*
    };
}

impl ser::Serializer for &mut Strings<'_> {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    skip!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
          serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
          serialize_u128: u128, serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8],
          serialize_unit_struct: &'static str);

    fn serialize_char(self, c: char) -> Result<(), Found> {
        self.visit(c.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, s: &str) -> Result<(), Found> {
        self.visit(s)
    }
    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Found> {
        // Written as the variant's name: a string of the output.
        self.visit(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
}

/// The compound parts: each element or field visited in turn (a map's
/// member names are not string values, so its keys are skipped).
macro_rules! visit_parts {
    ($($trait:ident :: $method:ident ($($key:ty)?)),*) => {
        $(impl ser::$trait for &mut Strings<'_> {
            type Ok = ();
            type Error = Found;
            fn $method<T: Serialize + ?Sized>(&mut self, $(_: $key,)? value: &T) -> Result<(), Found> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        })*
    };
}

visit_parts!(
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStruct::serialize_field(&'static str),
    SerializeStructVariant::serialize_field(&'static str)
);

impl ser::SerializeMap for &mut Strings<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string values `any_str` visits, in order.
    fn visited<T: Serialize>(value: &T) -> Vec<String> {
        let seen = std::cell::RefCell::new(Vec::new());
        assert!(!any_str(value, &|s| {
            seen.borrow_mut().push(s.to_string());
            false
        }));
        seen.into_inner()
    }

    #[test]
    fn visits_every_string_value_of_any_shape_and_stops_at_the_first_hit() {
        #[derive(Serialize)]
        enum Kind {
            Plain,
            Wrapped(&'static str),
        }
        #[derive(Serialize)]
        struct Inner<'a> {
            name: &'a str,
            tags: Vec<&'a str>,
            pair: (u8, &'a str),
        }
        #[derive(Serialize)]
        struct Outer<'a> {
            a: Option<&'a str>,
            b: Option<&'a str>,
            n: i64,
            f: f64,
            flag: bool,
            c: char,
            inner: Inner<'a>,
            kinds: [Kind; 2],
            map: std::collections::BTreeMap<&'a str, &'a str>,
        }
        let value = Outer {
            a: Some("one"),
            b: None,
            n: 7,
            f: 1.5,
            flag: true,
            c: 'x',
            inner: Inner {
                name: "two",
                tags: vec!["three", "four"],
                pair: (1, "five"),
            },
            kinds: [Kind::Plain, Kind::Wrapped("six")],
            map: [("member", "seven")].into(),
        };
        assert_eq!(
            visited(&value),
            ["one", "x", "two", "three", "four", "five", "Plain", "six", "seven"]
        );
        // The same strings a parse of its JSON holds, member names aside.
        let text = serde_json::to_string(&value).unwrap();
        let json: crate::store::ledger::record::Json<'_> = serde_json::from_str(&text).unwrap();
        let seen = std::cell::RefCell::new(Vec::new());
        json.any_str(&|s| {
            seen.borrow_mut().push(s.to_string());
            false
        });
        assert_eq!(visited(&value), seen.into_inner());
        let calls = std::cell::Cell::new(0);
        assert!(any_str(&value, &|s| {
            calls.set(calls.get() + 1);
            s == "three"
        }));
        assert_eq!(calls.get(), 4, "stops at the first string that holds");
    }
}
