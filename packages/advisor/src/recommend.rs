//! From advice to a signed recommendation: build the payload, run the one
//! policy check, sign.
//!
//! Every field of a payload comes from the snapshot, the config or explicit
//! overrides, never from the wall clock: `issued_at` is the snapshot's block
//! time, `expires_at` adds the configured validity, the nonce follows the
//! snapshot's last nonce. So a deterministic strategy gives byte-identical
//! payloads for the same inputs, which is what `replay` checks.
//!
//! [`precheck`] is the gate: the payload's shape, its domain against the
//! snapshot (chain, oracle, policy version, state digest), nonce and expiry,
//! then `steward_types::check_actions` on the snapshot's `PolicyContext`, the
//! same function the oracle and the treasury run. [`sign`] refuses whatever
//! fails it.

use crate::config::AdvisorConfig;
use crate::error::{AdvisorError, Result};
use crate::keys::AdvisorKey;
use crate::snapshot::Snapshot;
use crate::strategy::{Advice, Strategy};
use cosmwasm_std::{Addr, Binary};
use serde::{Deserialize, Serialize};
use steward_chain::Bech32Api;
use steward_types::acceptance::Acceptance;
use steward_types::crypto::{digest, digest_hex};
use steward_types::governance::{apply_changes, GovernanceViolation};
use steward_types::oracle::{AdvisorSignature, ExecuteMsg};
use steward_types::payload::{Provenance, Rationale, RecommendationPayload, StateRef};
use steward_types::policy::{validate_actions, CheckOutcome};

/// The payload fields that do not come from the strategy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Advisor key id.
    pub key_id: String,
    /// Nonce.
    pub nonce: u64,
    /// Issue time (Unix seconds).
    pub issued_at: u64,
    /// Expiry (Unix seconds).
    pub expires_at: u64,
}

/// Values given on the command line instead of derived ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvelopeOverrides {
    /// Nonce instead of the snapshot's last nonce + 1.
    pub nonce: Option<u64>,
    /// Issue time instead of the snapshot's block time.
    pub issued_at: Option<u64>,
}

impl Envelope {
    /// Derives the envelope from the snapshot and the config.
    pub fn derive(
        snapshot: &Snapshot,
        advisor: &AdvisorConfig,
        overrides: &EnvelopeOverrides,
    ) -> Result<Self> {
        if snapshot.advisor != advisor.key_id {
            return Err(AdvisorError::DomainMismatch {
                field: "advisor",
                expected: snapshot.advisor.clone(),
                got: advisor.key_id.clone(),
            });
        }
        let nonce = match overrides.nonce {
            Some(n) => n,
            None => snapshot
                .last_nonce
                .map_or(Some(1), |n| n.checked_add(1))
                .ok_or_else(|| AdvisorError::overflow("the next nonce"))?,
        };
        let issued_at = overrides.issued_at.unwrap_or(snapshot.now());
        let expires_at = issued_at
            .checked_add(advisor.validity_seconds)
            .ok_or_else(|| AdvisorError::overflow("expires_at"))?;
        Ok(Envelope {
            key_id: advisor.key_id.clone(),
            nonce,
            issued_at,
            expires_at,
        })
    }
}

/// A payload ready to sign, its exact bytes, and what the policy check said.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    /// The payload.
    pub payload: RecommendationPayload,
    /// Its JSON bytes: what is signed and what is submitted.
    pub bytes: Vec<u8>,
    /// The policy check's outcome (period usage after, swap minimum outputs).
    pub check: CheckOutcome,
}

/// What `recommend` comes to.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A payload that passed the pre-signing check.
    Payload(Box<Recommendation>),
    /// The strategy proposes nothing; there is nothing to sign.
    NothingToDo {
        /// The strategy.
        strategy: String,
        /// Its explanation.
        reason: String,
    },
}

/// Builds the payload for `advice`, without checking it.
pub fn build_payload(
    snapshot: &Snapshot,
    advice: &Advice,
    envelope: &Envelope,
) -> RecommendationPayload {
    RecommendationPayload {
        chain_id: snapshot.chain_id.clone(),
        oracle: snapshot.oracle.clone(),
        advisor: envelope.key_id.clone(),
        nonce: envelope.nonce,
        issued_at: envelope.issued_at,
        expires_at: envelope.expires_at,
        policy_version: snapshot.context.policy_version,
        state: StateRef {
            height: snapshot.height,
            digest: snapshot.digest(),
        },
        actions: advice.actions.clone(),
        governance: advice.governance.clone(),
        provenance: Provenance {
            strategy: advice.strategy.clone(),
            strategy_version: advice.strategy_version.clone(),
            model_id: advice.model_id.clone(),
            config_digest: advice.config_digest.clone(),
            rationale: Rationale {
                text: advice.rationale.clone(),
                uri: None,
                digest: None,
            },
            confidence_bps: advice.confidence_bps,
        },
    }
}

/// The payload's bytes: JSON as the contracts serialise it.
pub fn payload_bytes(payload: &RecommendationPayload) -> Vec<u8> {
    cosmwasm_std::to_json_vec(payload).expect("a payload always serialises")
}

/// Turns advice into a checked payload, or "nothing to do" when it proposes
/// neither actions nor config changes.
pub fn finish(snapshot: &Snapshot, advice: Advice, envelope: &Envelope) -> Result<Outcome> {
    if advice.actions.is_empty() && advice.governance.is_empty() {
        return Ok(Outcome::NothingToDo {
            strategy: advice.strategy,
            reason: advice.rationale,
        });
    }
    let payload = build_payload(snapshot, &advice, envelope);
    // The payload was built from this snapshot: reuse its digest.
    let check = precheck_against(snapshot, &payload, &payload.state.digest.clone())?;
    Ok(Outcome::Payload(Box::new(Recommendation {
        bytes: payload_bytes(&payload),
        payload,
        check,
    })))
}

/// Runs the strategy on the snapshot and checks the result.
pub fn recommend(
    snapshot: &Snapshot,
    strategy: &dyn Strategy,
    envelope: &Envelope,
) -> Result<Outcome> {
    let advice = strategy.advise(snapshot)?;
    finish(snapshot, advice, envelope)
}

/// The pre-signing check: shape, domain, nonce, expiry, the shared policy
/// check on the snapshot's `PolicyContext`, and the governance policy's bound
/// on config changes (the rule the proposal module runs).
pub fn precheck(snapshot: &Snapshot, payload: &RecommendationPayload) -> Result<CheckOutcome> {
    precheck_against(snapshot, payload, &snapshot.digest())
}

/// [`precheck`] with the snapshot's digest already computed.
fn precheck_against(
    snapshot: &Snapshot,
    payload: &RecommendationPayload,
    state_digest: &str,
) -> Result<CheckOutcome> {
    payload
        .validate_shape()
        .map_err(|reason| AdvisorError::MalformedPayload { reason })?;
    if payload.state.height != snapshot.height {
        return Err(AdvisorError::DomainMismatch {
            field: "state.height",
            expected: snapshot.height.to_string(),
            got: payload.state.height.to_string(),
        });
    }
    if payload.state.digest != state_digest {
        return Err(AdvisorError::DomainMismatch {
            field: "state.digest",
            expected: state_digest.to_string(),
            got: payload.state.digest.clone(),
        });
    }
    // The oracle's own acceptance rules, judged at the snapshot's time.
    Acceptance {
        chain_id: &snapshot.chain_id,
        oracle: &snapshot.oracle,
        now: snapshot.now(),
        // The snapshot holds the last nonce of its own advisor only.
        last_nonce: snapshot
            .last_nonce
            .filter(|_| snapshot.advisor == payload.advisor),
        policy_version: snapshot.context.policy_version,
    }
    .check(payload)?;
    let treasury = Addr::unchecked(&snapshot.treasury);
    validate_actions(
        &address_api(&snapshot.treasury),
        &treasury,
        &payload.actions,
    )
    .map_err(|error| AdvisorError::InvalidAction {
        strategy: payload.provenance.strategy.clone(),
        error,
    })?;
    if !payload.governance.is_empty() {
        precheck_governance(snapshot, payload)?;
    }
    if payload.actions.is_empty() {
        // Config changes alone: the limits stay where they are.
        return Ok(CheckOutcome::unchanged(&snapshot.context));
    }
    steward_types::check_actions(&snapshot.context, &payload.actions).map_err(|violation| {
        AdvisorError::PolicyRefused {
            strategy: payload.provenance.strategy.clone(),
            violation,
        }
    })
}

/// `steward_types::governance::apply_changes` on the snapshot's proposal
/// config and governance state, then `Config::validate` on the config that
/// results: the proposal module's own two rules. Its `CheckGovernance` query,
/// which the oracle asks at submission, still has the last word (the chain
/// may have moved since the snapshot).
fn precheck_governance(snapshot: &Snapshot, payload: &RecommendationPayload) -> Result<()> {
    let strategy = payload.provenance.strategy.clone();
    let governance =
        snapshot
            .governance
            .as_ref()
            .ok_or_else(|| AdvisorError::NoGovernanceState {
                strategy: strategy.clone(),
            })?;
    apply_changes(
        &governance.config,
        &governance.state,
        &payload.governance,
        snapshot.now(),
    )
    .and_then(|next| {
        next.validate(&address_api(&snapshot.treasury))
            .map_err(|e| GovernanceViolation::InvalidConfig {
                reason: e.to_string(),
            })
    })
    .map_err(|violation| AdvisorError::GovernanceRefused {
        strategy,
        violation,
    })
}

/// An `Api` that validates addresses with the bech32 prefix of `treasury`
/// (the chain's), as the oracle's does on-chain.
fn address_api(treasury: &str) -> Bech32Api {
    Bech32Api::new(Bech32Api::prefix_of(treasury))
}

/// A payload and its signatures: the oracle's `SubmitRecommendation`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedRecommendation {
    /// The exact payload bytes that were signed.
    pub payload: Binary,
    /// One signature per advisor key.
    pub signatures: Vec<AdvisorSignature>,
}

impl SignedRecommendation {
    /// Parses the JSON `sign` writes (the `submit_recommendation` message body,
    /// with or without its `{"submit_recommendation": ...}` wrapper).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let malformed = |e: serde_json::Error| AdvisorError::MalformedSigned {
            reason: e.to_string(),
        };
        let signed = match serde_json::from_slice::<ExecuteMsg>(bytes) {
            Ok(ExecuteMsg::SubmitRecommendation {
                payload,
                signatures,
            }) => SignedRecommendation {
                payload,
                signatures,
            },
            Ok(_) => {
                return Err(AdvisorError::MalformedSigned {
                    reason: "not a submit_recommendation message".into(),
                })
            }
            Err(_) => serde_json::from_slice::<SignedRecommendation>(bytes).map_err(malformed)?,
        };
        if signed.signatures.is_empty() {
            return Err(AdvisorError::MalformedSigned {
                reason: "no signatures".into(),
            });
        }
        Ok(signed)
    }

    /// The oracle message that submits it.
    pub fn to_msg(&self) -> ExecuteMsg {
        ExecuteMsg::SubmitRecommendation {
            payload: self.payload.clone(),
            signatures: self.signatures.clone(),
        }
    }

    /// The parsed payload.
    pub fn payload(&self) -> Result<RecommendationPayload> {
        RecommendationPayload::parse(&self.payload)
            .map_err(|reason| AdvisorError::MalformedPayload { reason })
    }

    /// Hex sha256 of the payload bytes: the oracle's id of the payload.
    pub fn payload_hash(&self) -> String {
        digest_hex(&self.payload)
    }
}

/// Signs payload bytes with `key`, after [`precheck`] on `snapshot` passes
/// and the payload names `key_id` as its advisor. Nothing else signs payloads.
pub fn sign(
    key: &AdvisorKey,
    key_id: &str,
    snapshot: &Snapshot,
    bytes: &[u8],
) -> Result<SignedRecommendation> {
    let payload = RecommendationPayload::parse(bytes)
        .map_err(|reason| AdvisorError::MalformedPayload { reason })?;
    if payload.advisor != key_id {
        return Err(AdvisorError::DomainMismatch {
            field: "advisor",
            expected: key_id.to_string(),
            got: payload.advisor,
        });
    }
    precheck(snapshot, &payload)?;
    let signature = key.sign_digest(&digest(bytes))?;
    Ok(SignedRecommendation {
        payload: Binary::from(bytes),
        signatures: vec![AdvisorSignature {
            key_id: key_id.to_string(),
            signature: Binary::from(signature.as_slice()),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Mnemonic;
    use crate::sample;
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::Uint128;
    use steward_types::acceptance::{AcceptanceError, MAX_CLOCK_SKEW_SECONDS};
    use steward_types::crypto::{verify_signature, KeyAlgorithm};
    use steward_types::policy::InvalidAction;
    use steward_types::{PolicyViolation, TreasuryAction};

    fn key() -> AdvisorKey {
        AdvisorKey::relayer(&Mnemonic::parse(sample::TEST_MNEMONIC).unwrap()).unwrap()
    }

    fn payload_for(snapshot: &Snapshot) -> Recommendation {
        let n = snapshot.context.balances.len();
        let config = sample::config(sample::rebalance_config(n));
        let envelope = Envelope::derive(snapshot, &config.advisor, &Default::default()).unwrap();
        let strategy = config.strategy.build().unwrap();
        match recommend(snapshot, strategy.as_ref(), &envelope).unwrap() {
            Outcome::Payload(r) => *r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn envelope_comes_from_snapshot_and_config() {
        let mut snapshot = sample::snapshot(3);
        snapshot.last_nonce = Some(41);
        let config = sample::config(sample::rebalance_config(3));
        let e = Envelope::derive(&snapshot, &config.advisor, &Default::default()).unwrap();
        assert_eq!(e.nonce, 42);
        assert_eq!(e.issued_at, snapshot.now());
        assert_eq!(
            e.expires_at,
            snapshot.now() + config.advisor.validity_seconds
        );
        let o = EnvelopeOverrides {
            nonce: Some(7),
            issued_at: Some(5),
        };
        let e = Envelope::derive(&snapshot, &config.advisor, &o).unwrap();
        assert_eq!((e.nonce, e.issued_at), (7, 5));
        snapshot.advisor = "someone-else".into();
        let err = Envelope::derive(&snapshot, &config.advisor, &Default::default()).unwrap_err();
        assert!(
            matches!(
                err,
                AdvisorError::DomainMismatch {
                    field: "advisor",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn recommend_is_byte_identical_for_the_same_inputs() {
        let snapshot = sample::snapshot(6);
        let a = payload_for(&snapshot);
        let b = payload_for(&snapshot);
        assert_eq!(a.bytes, b.bytes);
        assert_eq!(a.payload.state.digest, snapshot.digest());
        assert_eq!(RecommendationPayload::parse(&a.bytes).unwrap(), a.payload);
    }

    #[test]
    fn sign_verifies_with_the_oracle_rule() {
        let snapshot = sample::snapshot(4);
        let rec = payload_for(&snapshot);
        let key = key();
        let signed = sign(&key, sample::KEY_ID, &snapshot, &rec.bytes).unwrap();
        assert_eq!(signed.payload.as_slice(), rec.bytes.as_slice());
        assert!(verify_signature(
            &MockApi::default(),
            KeyAlgorithm::Secp256k1,
            &key.public_key(),
            &digest(&rec.bytes),
            &signed.signatures[0].signature,
        ));
        let parsed =
            SignedRecommendation::parse(&serde_json::to_vec(&signed.to_msg()).unwrap()).unwrap();
        assert_eq!(parsed, signed);
        let parsed = SignedRecommendation::parse(&serde_json::to_vec(&signed).unwrap()).unwrap();
        assert_eq!(parsed, signed);
    }

    #[test]
    fn nothing_to_do_is_an_outcome_not_an_empty_payload() {
        let snapshot = sample::snapshot(3);
        let config = sample::config(sample::rebalance_config(3));
        let envelope = Envelope::derive(&snapshot, &config.advisor, &Default::default()).unwrap();
        let advice = Advice {
            actions: vec![],
            governance: vec![],
            rationale: "all good".into(),
            confidence_bps: 10_000,
            strategy: "rebalance".into(),
            strategy_version: "1.0.0".into(),
            model_id: None,
            config_digest: "00".repeat(32),
        };
        assert_eq!(
            finish(&snapshot, advice, &envelope).unwrap(),
            Outcome::NothingToDo {
                strategy: "rebalance".into(),
                reason: "all good".into()
            }
        );
    }

    #[test]
    fn precheck_refuses_a_policy_violating_recommendation() {
        let snapshot = sample::snapshot(3);
        let config = sample::config(sample::rebalance_config(3));
        let envelope = Envelope::derive(&snapshot, &config.advisor, &Default::default()).unwrap();
        let stable = sample::stable();
        let advice = Advice {
            actions: vec![TreasuryAction::Transfer {
                asset: stable.clone(),
                amount: snapshot.balance(&stable),
                recipient: sample::addr("anyone"),
            }],
            governance: vec![],
            rationale: "drain it".into(),
            confidence_bps: 10_000,
            strategy: "rebalance".into(),
            strategy_version: "1.0.0".into(),
            model_id: None,
            config_digest: "00".repeat(32),
        };
        let err = finish(&snapshot, advice.clone(), &envelope).unwrap_err();
        assert!(
            matches!(
                &err,
                AdvisorError::PolicyRefused {
                    violation: PolicyViolation::BelowReserve { .. }
                        | PolicyViolation::AllowanceExceeded { .. },
                    ..
                }
            ),
            "{err}"
        );
        // And sign refuses the same bytes built by hand.
        let bytes = payload_bytes(&build_payload(&snapshot, &advice, &envelope));
        let err = sign(&key(), sample::KEY_ID, &snapshot, &bytes).unwrap_err();
        assert!(matches!(err, AdvisorError::PolicyRefused { .. }), "{err}");
    }

    #[test]
    fn precheck_refuses_what_the_oracle_would_refuse_on_addresses() {
        let snapshot = sample::snapshot(3);
        let config = sample::config(sample::rebalance_config(3));
        let envelope = Envelope::derive(&snapshot, &config.advisor, &Default::default()).unwrap();
        for recipient in [
            snapshot.treasury.clone(),
            sample::addr("anyone").to_uppercase(),
            "wasm1anyone".to_string(),
        ] {
            let advice = Advice {
                actions: vec![TreasuryAction::Transfer {
                    asset: sample::stable(),
                    amount: Uint128::new(1),
                    recipient,
                }],
                governance: vec![],
                rationale: "pay".into(),
                confidence_bps: 10_000,
                strategy: "rebalance".into(),
                strategy_version: "1.0.0".into(),
                model_id: None,
                config_digest: "00".repeat(32),
            };
            let err = finish(&snapshot, advice, &envelope).unwrap_err();
            assert!(
                matches!(
                    &err,
                    AdvisorError::InvalidAction {
                        error: InvalidAction::RecipientIsTreasury { index: 0 }
                            | InvalidAction::InvalidRecipient { index: 0, .. },
                        ..
                    }
                ),
                "{err}"
            );
        }
    }
    #[test]
    fn sign_refuses_foreign_domains_stale_nonces_and_expiry() {
        let snapshot = sample::snapshot(3);
        let rec = payload_for(&snapshot);
        let key = key();
        let resign = |f: &dyn Fn(&mut RecommendationPayload)| {
            let mut p = rec.payload.clone();
            f(&mut p);
            sign(&key, sample::KEY_ID, &snapshot, &payload_bytes(&p)).unwrap_err()
        };
        assert!(matches!(
            resign(&|p| p.chain_id = "other-1".into()),
            AdvisorError::Unacceptable(AcceptanceError::WrongChainId { got, .. }) if got == "other-1"
        ));
        assert!(matches!(
            resign(&|p| p.oracle = "wasm1other".into()),
            AdvisorError::Unacceptable(AcceptanceError::WrongOracle { got, .. }) if got == "wasm1other"
        ));
        assert!(matches!(
            resign(&|p| p.policy_version += 1),
            AdvisorError::Unacceptable(AcceptanceError::StalePolicyVersion(_))
        ));
        // The oracle's clock-skew rule: an issue time more than five minutes
        // after the snapshot's is refused before signing, as the oracle would.
        let now = snapshot.now();
        let err = resign(&|p| {
            p.issued_at = now + MAX_CLOCK_SKEW_SECONDS + 1;
            p.expires_at = now + 86_400;
        });
        assert!(
            matches!(
                err,
                AdvisorError::Unacceptable(AcceptanceError::IssuedInFuture { .. })
            ),
            "{err}"
        );
        let within_skew = {
            let mut p = rec.payload.clone();
            p.issued_at = now + MAX_CLOCK_SKEW_SECONDS;
            p
        };
        assert!(precheck(&snapshot, &within_skew).is_ok());
        assert!(matches!(
            resign(&|p| p.state.digest = "ab".repeat(32)),
            AdvisorError::DomainMismatch {
                field: "state.digest",
                ..
            }
        ));
        assert!(matches!(
            resign(&|p| p.advisor = "other".into()),
            AdvisorError::DomainMismatch {
                field: "advisor",
                ..
            }
        ));
        let mut stale = snapshot.clone();
        stale.last_nonce = Some(rec.payload.nonce);
        let err = sign(&key, sample::KEY_ID, &stale, &rec.bytes).unwrap_err();
        assert!(matches!(
            err,
            AdvisorError::DomainMismatch {
                field: "state.digest",
                ..
            } | AdvisorError::Unacceptable(AcceptanceError::ReplayedNonce { .. })
        ));
        let err = precheck(&stale, &rec.payload).unwrap_err();
        assert!(
            matches!(err, AdvisorError::DomainMismatch { .. }),
            "digest first: {err}"
        );
        let err = resign(&|p| {
            p.issued_at = 1;
            p.expires_at = 2;
        });
        assert!(
            matches!(
                err,
                AdvisorError::Unacceptable(AcceptanceError::Expired { .. })
            ),
            "{err}"
        );
        let err = sign(&key, sample::KEY_ID, &snapshot, b"{not json").unwrap_err();
        assert!(
            matches!(err, AdvisorError::MalformedPayload { .. }),
            "{err}"
        );
    }

    #[test]
    fn stale_nonce_is_refused() {
        let snapshot = sample::snapshot(3);
        let config = sample::config(sample::rebalance_config(3));
        let mut snap = snapshot.clone();
        snap.last_nonce = Some(9);
        let envelope = Envelope::derive(
            &snap,
            &config.advisor,
            &EnvelopeOverrides {
                nonce: Some(9),
                issued_at: None,
            },
        )
        .unwrap();
        let strategy = config.strategy.build().unwrap();
        let err = recommend(&snap, strategy.as_ref(), &envelope).unwrap_err();
        assert!(
            matches!(
                err,
                AdvisorError::Unacceptable(AcceptanceError::ReplayedNonce {
                    nonce: 9,
                    last: 9,
                    ..
                })
            ),
            "{err}"
        );
    }

    #[test]
    fn signed_file_errors_are_specific() {
        assert!(matches!(
            SignedRecommendation::parse(b"[]"),
            Err(AdvisorError::MalformedSigned { .. })
        ));
        let no_sigs = br#"{"payload":"e30=","signatures":[]}"#;
        assert!(
            matches!(SignedRecommendation::parse(no_sigs), Err(AdvisorError::MalformedSigned { reason }) if reason == "no signatures")
        );
        let other = br#"{"expire_recommendation":{"id":1}}"#;
        assert!(matches!(
            SignedRecommendation::parse(other),
            Err(AdvisorError::MalformedSigned { .. })
        ));
    }
}
