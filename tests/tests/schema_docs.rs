//! Every message variant and field in the committed schema carries a doc
//! comment: they flow into the generated TypeScript and the voter's app.

use serde_json::Value;
use std::path::Path;

/// Walks a JSON schema and records every property and enum variant that has no
/// description. `path` names where we are, for the failure message.
fn undocumented(schema: &Value, path: &str, missing: &mut Vec<String>) {
    undocumented_inner(schema, path, false, missing)
}

/// `variant`: this object is an enum variant, whose one property is the
/// variant's tag (documented on the variant itself).
fn undocumented_inner(schema: &Value, path: &str, variant: bool, missing: &mut Vec<String>) {
    let Value::Object(map) = schema else { return };
    if let Some(Value::Object(props)) = map.get("properties") {
        for (name, prop) in props {
            let here = format!("{path}.{name}");
            // A field typed by reference is documented at the field (schemars
            // puts the field's doc next to the $ref / allOf).
            if !variant && prop.get("description").is_none() {
                missing.push(here.clone());
            }
            undocumented_inner(prop, &here, false, missing);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(variants)) = map.get(key) {
            for (i, variant) in variants.iter().enumerate() {
                let name = variant
                    .get("required")
                    .and_then(|r| r.get(0))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("#{i}"));
                let here = format!("{path}::{name}");
                // Unit variants of string enums come as {"type":"string","enum":[..]}.
                let is_ref_or_null = variant.get("$ref").is_some()
                    || variant.get("type").and_then(Value::as_str) == Some("null");
                if variant.get("description").is_none()
                    && !is_ref_or_null
                    && variant.get("enum").is_none()
                {
                    missing.push(here.clone());
                }
                undocumented_inner(variant, &here, true, missing);
            }
        }
    }
    for key in ["definitions", "items", "additionalProperties"] {
        match map.get(key) {
            Some(Value::Object(defs)) if key == "definitions" => {
                for (name, def) in defs {
                    undocumented(def, &format!("{path}#{name}"), missing);
                }
            }
            Some(v @ Value::Object(_)) => undocumented(v, path, missing),
            _ => {}
        }
    }
}

#[test]
fn every_message_variant_and_field_is_documented() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut missing = vec![];
    let mut checked = 0;
    for contract in [
        "steward-core",
        "steward-proposal",
        "steward-treasury",
        "steward-oracle",
    ] {
        let text = std::fs::read_to_string(dir.join(format!("{contract}.json")))
            .expect("schema committed");
        let api: Value = serde_json::from_str(&text).unwrap();
        for msg in ["instantiate", "execute", "query", "migrate"] {
            let schema = &api[msg];
            assert!(schema.is_object(), "{contract} has a {msg} schema");
            undocumented(schema, &format!("{contract}/{msg}"), &mut missing);
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
    // Types from cosmwasm-std and cw20 (Binary, Uint128, CosmosMsg, …) are
    // documented upstream; only our own names count here.
    missing.retain(|m| !is_upstream(m));
    assert!(
        missing.is_empty(),
        "{} undocumented:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

fn is_upstream(path: &str) -> bool {
    const UPSTREAM: &[&str] = &[
        "#CosmosMsg",
        "#BankMsg",
        "#WasmMsg",
        "#StakingMsg",
        "#DistributionMsg",
        "#IbcMsg",
        "#GovMsg",
        "#Coin",
        "#Cw20ReceiveMsg",
        "#Empty",
        "#IbcTimeout",
        "#IbcTimeoutBlock",
        "#VoteOption",
        "#Expiration",
        "#Timestamp",
        "#Duration",
        "#Uint64",
        "#Uint128",
        "#Decimal",
        "#Binary",
        "#AnyMsg",
        "#WeightedVoteOption",
        "#IbcAcknowledgement",
        "#IbcFee",
        "#Addr",
    ];
    UPSTREAM.iter().any(|u| path.contains(u))
}
