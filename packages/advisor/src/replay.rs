//! `replay`: re-derive a payload from its snapshot and config and compare.
//!
//! For a deterministic strategy the whole payload is re-derived and must match
//! byte for byte; the first differing field is reported as a JSON path
//! (`actions[0].swap.offer_amount`). A model's answer cannot be reproduced, so
//! for a non-deterministic strategy everything but the model's own output
//! (actions, rationale, confidence) is checked: envelope, domain, state
//! digest, strategy, model id and the prompt digest, plus the policy check.

use crate::error::{AdvisorError, Result};
use crate::recommend::{finish, payload_bytes, precheck, Envelope, Outcome};
use crate::snapshot::Snapshot;
use crate::strategy::Strategy;
use serde_json::Value;
use steward_types::payload::RecommendationPayload;

/// What a successful replay established.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayReport {
    /// Hex sha256 of the payload bytes.
    pub payload_hash: String,
    /// Whether the actions were re-derived too (deterministic strategy).
    pub actions_rederived: bool,
}

/// Fields a model produces, which a replay of a model strategy cannot re-derive.
const MODEL_OUTPUT: [&str; 3] = [
    "actions",
    "provenance.rationale",
    "provenance.confidence_bps",
];

/// Re-derives the payload for `snapshot` with `strategy` and `envelope` and
/// compares it with `bytes`.
pub fn replay(
    snapshot: &Snapshot,
    strategy: &dyn Strategy,
    envelope: &Envelope,
    bytes: &[u8],
) -> Result<ReplayReport> {
    let given = RecommendationPayload::parse(bytes)
        .map_err(|reason| AdvisorError::MalformedPayload { reason })?;
    let payload_hash = steward_types::crypto::digest_hex(bytes);
    if !strategy.is_deterministic() {
        // Rebuild everything around the model's output from the given payload.
        let mut expected = given.clone();
        expected.chain_id = snapshot.chain_id.clone();
        expected.oracle = snapshot.oracle.clone();
        expected.advisor = envelope.key_id.clone();
        expected.nonce = envelope.nonce;
        expected.issued_at = envelope.issued_at;
        expected.expires_at = envelope.expires_at;
        expected.policy_version = snapshot.context.policy_version;
        expected.state.height = snapshot.height;
        expected.state.digest = snapshot.digest();
        expected.provenance.strategy = strategy.name().into();
        expected.provenance.strategy_version = strategy.version().into();
        expected.provenance.model_id = strategy.model_id();
        expected.provenance.config_digest = strategy.config_digest(snapshot)?;
        expected.provenance.rationale.uri = None;
        expected.provenance.rationale.digest = None;
        compare(&expected, &given, &MODEL_OUTPUT)?;
        precheck(snapshot, &given)?;
        return Ok(ReplayReport {
            payload_hash,
            actions_rederived: false,
        });
    }
    let advice = strategy.advise(snapshot)?;
    let expected = match finish(snapshot, advice, envelope)? {
        Outcome::Payload(rec) => rec.payload,
        Outcome::NothingToDo { reason, .. } => {
            return Err(AdvisorError::ReplayMismatch {
                path: "actions".into(),
                expected: format!("no actions ({reason})"),
                got: format!("{} action(s)", given.actions.len()),
            })
        }
    };
    compare(&expected, &given, &[])?;
    let rebuilt = payload_bytes(&expected);
    if rebuilt != bytes {
        return Err(AdvisorError::ReplayMismatch {
            path: "<bytes>".into(),
            expected: format!(
                "{} bytes, sha256 {}",
                rebuilt.len(),
                steward_types::crypto::digest_hex(&rebuilt)
            ),
            got: format!(
                "{} bytes, sha256 {payload_hash} (same fields, other formatting)",
                bytes.len()
            ),
        });
    }
    Ok(ReplayReport {
        payload_hash,
        actions_rederived: true,
    })
}

/// Field order of a payload, so "first" means first as the struct reads.
const PAYLOAD_ORDER: [&str; 10] = [
    "chain_id",
    "oracle",
    "advisor",
    "nonce",
    "issued_at",
    "expires_at",
    "policy_version",
    "state",
    "actions",
    "provenance",
];
const STATE_ORDER: [&str; 2] = ["height", "digest"];
const PROVENANCE_ORDER: [&str; 6] = [
    "strategy",
    "strategy_version",
    "model_id",
    "config_digest",
    "rationale",
    "confidence_bps",
];

fn compare(
    expected: &RecommendationPayload,
    got: &RecommendationPayload,
    skip: &[&str],
) -> Result<()> {
    let e = serde_json::to_value(expected).expect("payloads serialise");
    let g = serde_json::to_value(got).expect("payloads serialise");
    match first_difference("", &e, &g, skip) {
        None => Ok(()),
        Some((path, expected, got)) => Err(AdvisorError::ReplayMismatch {
            path,
            expected,
            got,
        }),
    }
}

fn order_for(path: &str) -> Option<&'static [&'static str]> {
    match path {
        "" => Some(&PAYLOAD_ORDER),
        "state" => Some(&STATE_ORDER),
        "provenance" => Some(&PROVENANCE_ORDER),
        _ => None,
    }
}

/// The first path at which `a` and `b` differ, with both values.
fn first_difference(
    path: &str,
    a: &Value,
    b: &Value,
    skip: &[&str],
) -> Option<(String, String, String)> {
    if skip.contains(&path) {
        return None;
    }
    let child = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&str> = match order_for(path) {
                Some(order) => order.to_vec(),
                None => vec![],
            };
            for k in x.keys().chain(y.keys()) {
                if !keys.contains(&k.as_str()) {
                    keys.push(k);
                }
            }
            for k in keys {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(&child(k), va, vb, skip) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(&format!("{path}[{i}]"), va, vb, skip) {
                    return Some(d);
                }
            }
            if x.len() != y.len() {
                return Some((
                    format!("{path}.length"),
                    x.len().to_string(),
                    y.len().to_string(),
                ));
            }
            None
        }
        _ if a == b => None,
        _ => Some((path.to_string(), a.to_string(), b.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::{recommend, Recommendation};
    use crate::sample;
    use cosmwasm_std::Uint128;
    use steward_types::TreasuryAction;

    fn setup() -> (Snapshot, Box<dyn Strategy>, Envelope, Recommendation) {
        let snapshot = sample::snapshot(5);
        let config = sample::config(sample::rebalance_config(5));
        let envelope = Envelope::derive(&snapshot, &config.advisor, &Default::default()).unwrap();
        let strategy = config.strategy.build().unwrap();
        let Outcome::Payload(rec) = recommend(&snapshot, strategy.as_ref(), &envelope).unwrap()
        else {
            panic!()
        };
        (snapshot, strategy, envelope, *rec)
    }

    #[test]
    fn replay_of_an_untouched_payload_succeeds() {
        let (snapshot, strategy, envelope, rec) = setup();
        let report = replay(&snapshot, strategy.as_ref(), &envelope, &rec.bytes).unwrap();
        assert!(report.actions_rederived);
        assert_eq!(
            report.payload_hash,
            steward_types::crypto::digest_hex(&rec.bytes)
        );
    }

    #[test]
    fn replay_names_the_first_differing_field() {
        let (snapshot, strategy, envelope, rec) = setup();
        let mut p = rec.payload.clone();
        let TreasuryAction::Swap { offer_amount, .. } = &mut p.actions[0] else {
            panic!()
        };
        let original = *offer_amount;
        *offer_amount += Uint128::one();
        p.provenance.confidence_bps = 1;
        let bytes = cosmwasm_std::to_json_vec(&p).unwrap();
        let err = replay(&snapshot, strategy.as_ref(), &envelope, &bytes).unwrap_err();
        let AdvisorError::ReplayMismatch {
            path,
            expected,
            got,
        } = err
        else {
            panic!("{err}")
        };
        assert_eq!(path, "actions[0].swap.offer_amount");
        assert_eq!(expected, format!("\"{original}\""));
        assert_eq!(got, format!("\"{}\"", original + Uint128::one()));
    }

    #[test]
    fn replay_checks_the_envelope_and_the_state() {
        let (snapshot, strategy, envelope, rec) = setup();
        let mut p = rec.payload.clone();
        p.nonce += 1;
        let err = replay(
            &snapshot,
            strategy.as_ref(),
            &envelope,
            &cosmwasm_std::to_json_vec(&p).unwrap(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, AdvisorError::ReplayMismatch { path, .. } if path == "nonce"),
            "{err}"
        );
        let mut other = snapshot.clone();
        other.height += 1;
        let err = replay(&other, strategy.as_ref(), &envelope, &rec.bytes).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::ReplayMismatch { path, .. } if path == "state.height"),
            "{err}"
        );
    }

    #[test]
    fn reformatted_bytes_are_a_mismatch_even_with_equal_fields() {
        let (snapshot, strategy, envelope, rec) = setup();
        let pretty = serde_json::to_vec_pretty(&rec.payload).unwrap();
        let err = replay(&snapshot, strategy.as_ref(), &envelope, &pretty).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::ReplayMismatch { path, .. } if path == "<bytes>"),
            "{err}"
        );
    }

    #[test]
    fn replay_with_nothing_to_do_is_a_mismatch_on_actions() {
        let (mut snapshot, strategy, envelope, rec) = setup();
        // Everything at target: the strategy re-derives no actions.
        snapshot
            .context
            .balances
            .iter_mut()
            .for_each(|b| b.amount = Uint128::zero());
        let err = replay(&snapshot, strategy.as_ref(), &envelope, &rec.bytes).unwrap_err();
        assert!(
            matches!(&err, AdvisorError::ReplayMismatch { path, .. } if path == "actions"),
            "{err}"
        );
    }

    #[test]
    fn array_length_differences_are_reported() {
        let a = serde_json::json!({"actions": [1, 2]});
        let b = serde_json::json!({"actions": [1]});
        let d = first_difference("", &a, &b, &[]).unwrap();
        assert_eq!(d.0, "actions.length");
    }
}
