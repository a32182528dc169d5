//! JSON that a contract carries without reading.
//!
//! The proposal module forwards messages addressed to the other modules. If it
//! decoded them into their Rust types it would carry a copy of every module's
//! message decoder, which is most of a CosmWasm contract's size. A
//! [`ModuleMsg<T>`] is typed for clients (its schema, and so the generated
//! TypeScript, is `T`'s) but held as a [`Value`] by the contract; the module
//! that receives the message is the one that parses it.

use core::fmt;
use core::marker::PhantomData;
use cosmwasm_std::{from_json, to_json_vec, StdResult};
use schemars::gen::SchemaGenerator;
use schemars::schema::Schema;
use schemars::JsonSchema;
use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A parsed JSON document, as `serde_json_wasm` reads it (integers only, no
/// floats). Object keys keep their order and duplicates, so the module that
/// parses the forwarded message sees exactly what was proposed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(v) => Value::U64(v),
            Err(_) => Value::I64(v),
        })
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        Ok(Value::Object(entries))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::U64(n) => serializer.serialize_u64(*n),
            Value::I64(n) => serializer.serialize_i64(*n),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// A message for another module: typed as `T` in the schema, carried as JSON.
///
/// Build one with [`ModuleMsg::new`]; read it back with [`ModuleMsg::parse`].
/// A contract that only forwards it never instantiates `T`'s decoder.
pub struct ModuleMsg<T> {
    value: Value,
    message_type: PhantomData<fn() -> T>,
}

impl<T: Serialize> ModuleMsg<T> {
    /// Wraps a typed message.
    pub fn new(msg: &T) -> StdResult<Self> {
        Ok(Self::from_value(from_json(to_json_vec(msg)?)?))
    }
}

impl<T: DeserializeOwned> ModuleMsg<T> {
    /// Parses the carried JSON as `T`, as the receiving module will.
    pub fn parse(&self) -> StdResult<T> {
        from_json(to_json_vec(&self.value)?)
    }
}

impl<T> ModuleMsg<T> {
    /// Wraps JSON as it is.
    pub fn from_value(value: Value) -> Self {
        ModuleMsg {
            value,
            message_type: PhantomData,
        }
    }

    /// The carried JSON.
    pub fn value(&self) -> &Value {
        &self.value
    }
}

impl<T> Clone for ModuleMsg<T> {
    fn clone(&self) -> Self {
        Self::from_value(self.value.clone())
    }
}

impl<T> PartialEq for ModuleMsg<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> fmt::Debug for ModuleMsg<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T> Serialize for ModuleMsg<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T> Deserialize<'de> for ModuleMsg<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::from_value)
    }
}

/// The schema is `T`'s, so clients build and show typed messages.
impl<T: JsonSchema> JsonSchema for ModuleMsg<T> {
    fn is_referenceable() -> bool {
        T::is_referenceable()
    }
    fn schema_name() -> String {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(gen: &mut SchemaGenerator) -> Schema {
        T::json_schema(gen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::treasury::ExecuteMsg as TreasuryExecute;
    use cosmwasm_std::to_json_string;

    #[test]
    fn carries_a_message_byte_for_byte() {
        let msg = TreasuryExecute::Execute {
            actions: vec![],
            recommendation_id: Some(7),
            expected_policy_version: None,
        };
        let carried = ModuleMsg::new(&msg).unwrap();
        assert_eq!(
            to_json_string(&carried).unwrap(),
            to_json_string(&msg).unwrap()
        );
        assert_eq!(carried.parse().unwrap(), msg);
    }

    #[test]
    fn keeps_what_the_receiver_must_judge() {
        // Key order, duplicates, negative numbers and escapes survive the trip.
        let json = br#"{"b":{"x":-3,"x":"q\"\u00e9"},"a":[true,null,18446744073709551615]}"#;
        let value: ModuleMsg<TreasuryExecute> = from_json(json).unwrap();
        assert_eq!(
            to_json_string(&value).unwrap(),
            r#"{"b":{"x":-3,"x":"q\"é"},"a":[true,null,18446744073709551615]}"#
        );
        // Not a treasury message: the receiving module's parser says so.
        let err = value.parse().unwrap_err().to_string();
        assert!(err.contains("unknown variant `b`"), "{err}");
    }

    #[test]
    fn refuses_what_the_contracts_never_accept() {
        assert!(from_json::<Value>(b"1.5").is_err());
        assert!(from_json::<Value>(br#"{"a":"#).is_err());
    }

    #[test]
    fn schema_is_the_message_schema() {
        let carried = schemars::schema_for!(ModuleMsg<TreasuryExecute>);
        let typed = schemars::schema_for!(TreasuryExecute);
        assert_eq!(carried, typed);
    }
}
