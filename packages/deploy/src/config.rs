//! The DAO config file (TOML): who the members are, how proposals pass, the
//! treasury policy, the advisor keys and price feeders. It is checked in full
//! before anything is sent.
//!
//! ```toml
//! name = "Steward Local DAO"
//! description = "A DAO whose treasury an AI advises"
//! guardian = "wasm1..."                      # optional
//! # How amounts are shown: natives need symbol and decimals; a cw20's come
//! # from its TokenInfo (decimals stated here must agree with it).
//! assets = [
//!   { asset = "native:uatom", symbol = "ATOM", decimals = 6, name = "Cosmos Hub Atom" },
//!   { asset = "cw20:wasm1...", symbol = "STEW" },   # optional: overrides the token's symbol
//! ]
//!
//! [[members]]
//! addr = "wasm1..."
//! weight = 40
//!
//! [proposal]
//! threshold = "majority"                     # or a percentage "60", or absolute_count = 50
//! quorum = "30"                              # optional: percentage of power that must vote
//! voting_period_seconds = 600
//! adoption_timelock_seconds = 10
//! timelock_seconds = 0                       # plain proposals; 0 = none
//! vetoer = "wasm1..."
//!
//! [policy]
//! period_seconds = 86400
//! max_nav_share_bps = 2500
//! max_slippage_bps = 300
//! max_price_age_seconds = 3600
//! venue_allowlist = []
//! allowances = [{ asset = "native:uusd", amount = "10000000" }]
//! min_reserves = [{ asset = "native:uusd", amount = "1000000" }]
//!
//! [oracle]
//! quorum = 1
//! max_price_age_seconds = 3600
//! outcome_horizon_seconds = 86400            # optional: score adopted recommendations a day after execution
//! advisors = [{ id = "advisor-1", algorithm = "secp256k1", public_key = "<base64 or hex>" }]
//! feeders  = [{ id = "feeder-1",  algorithm = "secp256k1", public_key = "<base64 or hex>" }]
//! ```

use cosmwasm_std::{Api, Binary, Decimal, Uint128};
use cw_utils::Duration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::str::FromStr;
use steward_chain::Bech32Api;
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::core::{self, Member, ModuleInstantiate, VotingConfig};
use steward_types::crypto::KeyAlgorithm;
use steward_types::display::{AssetDisplay, AssetDisplayError, MAX_DECIMALS};
use steward_types::duration::DurationError;
use steward_types::governance::GovernancePolicy;
use steward_types::oracle::{self, AdvisorKeyMsg, FeederMsg, OracleConfigError};
use steward_types::policy::Policy;
use steward_types::proposal::{self, Timelock};
use steward_types::threshold::{PercentageThreshold, Threshold, ThresholdError};
use steward_types::treasury;

/// The whole file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaoConfig {
    /// DAO name.
    pub name: String,
    /// DAO description.
    #[serde(default)]
    pub description: String,
    /// May pause the DAO besides governance.
    #[serde(default)]
    pub guardian: Option<String>,
    /// How amounts of each asset are shown (written to the deployment file).
    #[serde(default)]
    pub assets: Vec<AssetDisplayConfig>,
    /// Weighted members.
    pub members: Vec<MemberConfig>,
    /// How proposals pass.
    pub proposal: ProposalConfig,
    /// The treasury policy.
    pub policy: PolicyConfig,
    /// Advisor keys and price feeders.
    pub oracle: OracleConfig,
}

/// `[[members]]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberConfig {
    /// Address.
    pub addr: String,
    /// Voting weight (> 0).
    pub weight: u64,
}

/// `[proposal]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalConfig {
    /// `"majority"` or a percentage such as `"60"` (of total power, or of
    /// yes + no when `quorum` is set). Exclusive with `absolute_count`.
    #[serde(default)]
    pub threshold: Option<String>,
    /// Power of yes votes needed. Exclusive with `threshold`.
    #[serde(default)]
    pub absolute_count: Option<u64>,
    /// Percentage of total power that must vote (turns on threshold + quorum).
    #[serde(default)]
    pub quorum: Option<String>,
    /// How long voting stays open.
    pub voting_period_seconds: u64,
    /// Minimum voting period (no early decision before it).
    #[serde(default)]
    pub min_voting_period_seconds: Option<u64>,
    /// Timelock of adoption proposals (required, > 0).
    pub adoption_timelock_seconds: u64,
    /// Timelock of plain proposals; 0 or absent: none.
    #[serde(default)]
    pub timelock_seconds: u64,
    /// Who may veto during a timelock.
    pub vetoer: String,
    /// Whether votes may change.
    #[serde(default)]
    pub allow_revoting: bool,
    /// Whether only members may execute.
    #[serde(default)]
    pub only_members_execute: bool,
    /// How long a passed proposal stays executable after its timelock;
    /// absent: until executed.
    #[serde(default)]
    pub execution_window_seconds: Option<u64>,
    /// `[proposal.governance]`: which config parameters the advisor may
    /// recommend changing, by how much per step and how often; absent: none.
    #[serde(default)]
    pub governance: Option<GovernancePolicy>,
}

/// An asset amount as written in the file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetAmountConfig {
    /// `native:<denom>` or `cw20:<address>`.
    pub asset: String,
    /// Amount in the smallest unit (a string, so large values survive TOML).
    pub amount: String,
}

/// An entry of `assets`: how amounts of one asset are shown. A native denom
/// needs `symbol` and `decimals`; a cw20 token's come from its `TokenInfo`, and
/// `decimals` stated here must agree with it (they decide what an amount is
/// worth), while `symbol` and `name` stated here replace the token's (they
/// are only words).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetDisplayConfig {
    /// `native:<denom>` or `cw20:<address>`.
    pub asset: String,
    /// Shown after an amount, e.g. `ATOM`.
    #[serde(default)]
    pub symbol: Option<String>,
    /// Decimal places of the smallest unit (at most 18).
    #[serde(default)]
    pub decimals: Option<u8>,
    /// A longer name.
    #[serde(default)]
    pub name: Option<String>,
}

/// An asset's display as far as the config settles it: complete for a native
/// denom, what the config states for a cw20 (the rest comes from the token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatedDisplay {
    /// A native denom: the whole display, checked.
    Native(AssetDisplay),
    /// A cw20 token: `field` is the config entry's TOML path (for errors);
    /// `None` everywhere when the token is only named in the policy.
    Cw20 {
        /// The token's address.
        contract_addr: String,
        /// The entry's TOML path, when the config lists the token in `assets`.
        field: Option<String>,
        /// The stated symbol.
        symbol: Option<String>,
        /// The stated decimals.
        decimals: Option<u8>,
        /// The stated name.
        name: Option<String>,
    },
}

/// Why an asset's display cannot be settled against its token's `TokenInfo`.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DisplayError {
    /// The config states other decimals than the token has.
    #[error("{field}: {asset} has decimals = {config} in the config, but the token's TokenInfo says {token_info}: amounts would be shown {factor} off; fix or drop decimals in the config")]
    DecimalsDisagree {
        /// The config entry's TOML path.
        field: String,
        /// The token.
        asset: String,
        /// Decimals in the config.
        config: u8,
        /// Decimals in TokenInfo.
        token_info: u8,
        /// How far off, e.g. `10^2 times`.
        factor: String,
    },
    /// The token's own TokenInfo is not a valid display (and the config does not replace it).
    #[error("{asset}: the token's TokenInfo (symbol {symbol:?}, decimals {decimals}) cannot be shown: {reason}; state a symbol in the config's assets")]
    InvalidTokenInfo {
        /// The token.
        asset: String,
        /// TokenInfo's symbol.
        symbol: String,
        /// TokenInfo's decimals.
        decimals: u8,
        /// Why.
        reason: AssetDisplayError,
    },
}

/// The display of a cw20 token: the config's stated fields checked against
/// and completed by the token's `TokenInfo`.
pub fn cw20_display(
    asset: &AssetInfo,
    stated: &StatedDisplay,
    token: &cw20::TokenInfoResponse,
) -> Result<AssetDisplay, DisplayError> {
    let (field, symbol, decimals, name) = match stated {
        StatedDisplay::Cw20 {
            field,
            symbol,
            decimals,
            name,
            ..
        } => (field.as_deref(), symbol, *decimals, name),
        StatedDisplay::Native(d) => return Ok(d.clone()),
    };
    if let Some(config) = decimals {
        if config != token.decimals {
            let diff = config.abs_diff(token.decimals);
            return Err(DisplayError::DecimalsDisagree {
                field: format!("{}.decimals", field.unwrap_or("assets")),
                asset: asset.to_string(),
                config,
                token_info: token.decimals,
                factor: format!("10^{diff} times"),
            });
        }
    }
    let display = AssetDisplay {
        symbol: symbol.clone().unwrap_or_else(|| token.symbol.clone()),
        decimals: token.decimals,
        name: name
            .clone()
            .or_else(|| (!token.name.trim().is_empty()).then(|| token.name.clone())),
    };
    display
        .validate()
        .map_err(|reason| DisplayError::InvalidTokenInfo {
            asset: asset.to_string(),
            symbol: token.symbol.clone(),
            decimals: token.decimals,
            reason,
        })?;
    Ok(display)
}

/// `[policy]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// Spending period in seconds.
    pub period_seconds: u64,
    /// Allowance per asset per period.
    pub allowances: Vec<AssetAmountConfig>,
    /// Most of NAV moved per period, in basis points.
    #[serde(default)]
    pub max_nav_share_bps: Option<u16>,
    /// Allowed recipients; absent: any.
    #[serde(default)]
    pub recipient_allowlist: Option<Vec<String>>,
    /// Allowed swap pairs.
    #[serde(default)]
    pub venue_allowlist: Vec<String>,
    /// Reserves to keep.
    #[serde(default)]
    pub min_reserves: Vec<AssetAmountConfig>,
    /// Largest swap slippage, in basis points.
    #[serde(default)]
    pub max_slippage_bps: u16,
    /// Oldest price accepted for a valuation.
    pub max_price_age_seconds: u64,
}

/// A key as written in the file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    /// Key id.
    pub id: String,
    /// `secp256k1` (default) or `ed25519`.
    #[serde(default = "default_algorithm")]
    pub algorithm: KeyAlgorithm,
    /// Public key, base64 or hex.
    pub public_key: String,
}

fn default_algorithm() -> KeyAlgorithm {
    KeyAlgorithm::Secp256k1
}

/// `[oracle]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleConfig {
    /// Advisor signatures needed per recommendation.
    #[serde(default = "one")]
    pub quorum: u32,
    /// Oldest price update accepted at submission.
    pub max_price_age_seconds: u64,
    /// How long after execution the oracle scores an adopted
    /// recommendation's outcome; unset: outcomes are not recorded.
    #[serde(default)]
    pub outcome_horizon_seconds: Option<u64>,
    /// Advisor keys registered at instantiation.
    #[serde(default)]
    pub advisors: Vec<KeyConfig>,
    /// Price feeders.
    #[serde(default)]
    pub feeders: Vec<KeyConfig>,
}

fn one() -> u32 {
    1
}

/// Why a config is refused: the field (a TOML path) and the reason.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid DAO config: {field}: {reason}")]
pub struct ConfigError {
    /// The field.
    pub field: String,
    /// Why.
    pub reason: String,
}

/// The proposal module's own bound on a duration (`steward_types::duration`),
/// so the deploy check refuses exactly what the contract would.
fn bounded_seconds(field: &'static str, seconds: u64) -> Result<(), ConfigError> {
    steward_types::duration::ensure_bounded_seconds(field, seconds)
        .or_else(|e| err(field, e.to_string()))
}

/// The config file's field a proposal-config error is about (the contract
/// names its own fields).
fn proposal_field(e: &proposal::ConfigError) -> &'static str {
    use proposal::ConfigError as E;
    let contract_field = match e {
        E::Threshold(ThresholdError::InvalidPercentage { field, .. }) => field,
        E::Threshold(ThresholdError::ZeroAbsoluteCount {}) => "absolute_count",
        E::Duration(DurationError::TooLong { field, .. }) => field,
        E::Duration(_) => "",
        E::GovernancePolicy(_) => "governance",
        E::ZeroDuration { field } | E::DurationUnitMismatch { field, .. } => field,
        E::MinVotingPeriodTooLong { .. } => "min_voting_period",
        E::InvalidVetoer { .. } => "vetoer",
    };
    match contract_field {
        "percentage" | "threshold" => "proposal.threshold",
        "quorum" => "proposal.quorum",
        "absolute_count" => "proposal.absolute_count",
        "voting_period" => "proposal.voting_period_seconds",
        "min_voting_period" => "proposal.min_voting_period_seconds",
        "timelock.duration" => "proposal.timelock_seconds",
        "adoption_timelock.duration" => "proposal.adoption_timelock_seconds",
        "execution_window" => "proposal.execution_window_seconds",
        "vetoer" => "proposal.vetoer",
        "governance" => "proposal.governance",
        _ => "proposal",
    }
}

fn err<T>(field: impl Into<String>, reason: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError {
        field: field.into(),
        reason: reason.into(),
    })
}

/// Code ids of the four contracts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeIds {
    /// dao-core.
    pub core: u64,
    /// proposal.
    pub proposal: u64,
    /// treasury.
    pub treasury: u64,
    /// oracle.
    pub oracle: u64,
}

fn percentage(field: &str, s: &str) -> Result<PercentageThreshold, ConfigError> {
    if s.eq_ignore_ascii_case("majority") {
        return Ok(PercentageThreshold::Majority {});
    }
    let p = Decimal::from_str(s.trim().trim_end_matches('%')).map_err(|_| ConfigError {
        field: field.into(),
        reason: format!("{s:?} is neither \"majority\" nor a percentage"),
    })?;
    // Its range is the proposal module's rule, checked with the whole config.
    Ok(PercentageThreshold::Percent(p / Uint128::new(100)))
}

fn asset(field: &str, s: &str) -> Result<AssetInfo, ConfigError> {
    s.parse::<AssetInfo>()
        .or_else(|e| err(field, e.to_string()))
}

fn amounts(field: &str, list: &[AssetAmountConfig]) -> Result<Vec<AssetAmount>, ConfigError> {
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let f = format!("{field}[{i}]");
            let amount = Uint128::from_str(&a.amount).map_err(|_| ConfigError {
                field: format!("{f}.amount"),
                reason: format!("{:?} is not a whole number", a.amount),
            })?;
            Ok(AssetAmount::new(
                asset(&format!("{f}.asset"), &a.asset)?,
                amount,
            ))
        })
        .collect()
}

fn key_bytes(field: &str, s: &str) -> Result<Binary, ConfigError> {
    let s = s.trim();
    let bytes = if s.len().is_multiple_of(2) && s.chars().all(|c| c.is_ascii_hexdigit()) {
        hex::decode(s).ok()
    } else {
        Binary::from_base64(s).ok().map(|b| b.to_vec())
    };
    bytes.map(Binary::from).ok_or_else(|| ConfigError {
        field: field.into(),
        reason: "not base64 or hex".into(),
    })
}

/// A key of the config as the oracle's message names it; its id and bytes are
/// checked with the message ([`oracle::InstantiateMsg::validate`]).
fn key(field: &str, k: &KeyConfig) -> Result<(String, KeyAlgorithm, Binary), ConfigError> {
    let pk = key_bytes(&format!("{field}.public_key"), &k.public_key)?;
    Ok((k.id.clone(), k.algorithm, pk))
}

/// The config field an oracle refusal is about.
fn oracle_field(msg: &oracle::InstantiateMsg, e: &OracleConfigError) -> String {
    use OracleConfigError as E;
    // The field of the `nth` entry of `list` (whose ids are `ids`) named `id`.
    fn entry<'a>(
        list: &str,
        ids: impl Iterator<Item = &'a str>,
        id: &str,
        nth: usize,
        part: &str,
    ) -> Option<String> {
        ids.enumerate()
            .filter(|(_, entry)| *entry == id)
            .nth(nth)
            .map(|(i, _)| format!("oracle.{list}[{i}].{part}"))
    }
    let advisor = |id: &str, nth: usize, part: &str| {
        entry(
            "advisors",
            msg.advisors.iter().map(|k| k.id.as_str()),
            id,
            nth,
            part,
        )
    };
    let feeder = |id: &str, nth: usize, part: &str| {
        entry(
            "feeders",
            msg.feeders.iter().map(|f| f.id.as_str()),
            id,
            nth,
            part,
        )
    };
    let field = match e {
        E::QuorumOutOfRange { .. } => Some("oracle.quorum".to_string()),
        E::ZeroMaxPriceAge {} => Some("oracle.max_price_age_seconds".to_string()),
        E::Horizon(_) => Some("oracle.outcome_horizon_seconds".to_string()),
        E::TooManyAdvisors { .. } => Some("oracle.advisors".to_string()),
        E::TooManyFeeders { .. } => Some("oracle.feeders".to_string()),
        // Advisors are checked before feeders, so an id found among them is
        // the one refused.
        E::InvalidId { id, .. } => advisor(id, 0, "id").or_else(|| feeder(id, 0, "id")),
        E::InvalidPublicKey { id, .. } => {
            advisor(id, 0, "public_key").or_else(|| feeder(id, 0, "public_key"))
        }
        E::DuplicateAdvisor { id } => advisor(id, 1, "id"),
        E::DuplicatePublicKey { id, .. } => advisor(id, 0, "public_key"),
        E::DuplicateFeeder { id } => feeder(id, 1, "id"),
    };
    field.unwrap_or_else(|| "oracle".to_string())
}

impl DaoConfig {
    /// The display of every asset the config names: each entry of `assets`
    /// (a native one complete and valid, a cw20 one as stated), then each
    /// cw20 token of the policy not listed there, in that order, each once.
    /// A native denom of the policy without an entry gets none: the web app
    /// then shows its raw amount and denom, marked as such.
    pub fn stated_displays(&self) -> Result<Vec<(AssetInfo, StatedDisplay)>, ConfigError> {
        let mut out: Vec<(AssetInfo, StatedDisplay)> = vec![];
        for (i, a) in self.assets.iter().enumerate() {
            let field = format!("assets[{i}]");
            let info = asset(&format!("{field}.asset"), &a.asset)?;
            if out.iter().any(|(seen, _)| *seen == info) {
                return err(format!("{field}.asset"), format!("{info} is listed twice"));
            }
            let stated = match &info {
                AssetInfo::NativeToken { .. } => {
                    let (Some(symbol), Some(decimals)) = (&a.symbol, a.decimals) else {
                        return err(
                            field,
                            format!("{info} needs symbol and decimals (only a cw20's come from its TokenInfo)"),
                        );
                    };
                    let d = AssetDisplay {
                        symbol: symbol.clone(),
                        decimals,
                        name: a.name.clone(),
                    };
                    d.validate()
                        .or_else(|e| err(field.clone(), e.to_string()))?;
                    StatedDisplay::Native(d)
                }
                AssetInfo::Token { contract_addr } => {
                    if let Some(decimals) = a.decimals {
                        if decimals > MAX_DECIMALS {
                            return err(
                                format!("{field}.decimals"),
                                AssetDisplayError::TooManyDecimals {
                                    decimals,
                                    max: MAX_DECIMALS,
                                }
                                .to_string(),
                            );
                        }
                    }
                    // What the config replaces must itself be valid; the
                    // decimals stand in for the token's until it answers.
                    let probe = AssetDisplay {
                        symbol: a.symbol.clone().unwrap_or_else(|| "X".into()),
                        decimals: a.decimals.unwrap_or(0),
                        name: a.name.clone(),
                    };
                    probe
                        .validate()
                        .or_else(|e| err(field.clone(), e.to_string()))?;
                    StatedDisplay::Cw20 {
                        contract_addr: contract_addr.clone(),
                        field: Some(field),
                        symbol: a.symbol.clone(),
                        decimals: a.decimals,
                        name: a.name.clone(),
                    }
                }
            };
            out.push((info, stated));
        }
        let policy_assets = amounts("policy.allowances", &self.policy.allowances)?
            .into_iter()
            .chain(amounts("policy.min_reserves", &self.policy.min_reserves)?);
        for a in policy_assets {
            let AssetInfo::Token { contract_addr } = &a.info else {
                continue;
            };
            if !out.iter().any(|(s, _)| *s == a.info) {
                out.push((
                    a.info.clone(),
                    StatedDisplay::Cw20 {
                        contract_addr: contract_addr.clone(),
                        field: None,
                        symbol: None,
                        decimals: None,
                        name: None,
                    },
                ));
            }
        }
        Ok(out)
    }

    /// Parses TOML.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError {
            field: "<file>".into(),
            reason: e.to_string().trim().to_string(),
        })
    }

    /// Checks every field against the chain's address `prefix` and builds
    /// dao-core's instantiate message for `codes`.
    pub fn instantiate_msg(
        &self,
        prefix: &str,
        codes: CodeIds,
    ) -> Result<core::InstantiateMsg, ConfigError> {
        let api = Bech32Api::new(prefix);
        let addr = |field: &str, a: &str| -> Result<String, ConfigError> {
            api.addr_validate(a)
                .map(|a| a.to_string())
                .map_err(|_| ConfigError {
                    field: field.into(),
                    reason: format!("{a:?} is not a valid {prefix}1… address"),
                })
        };
        core::validate_name(&self.name).or_else(|e| err("name", e.to_string()))?;
        core::validate_description(&self.description)
            .or_else(|e| err("description", e.to_string()))?;
        let displays = self.stated_displays()?;
        for (i, (info, _)) in displays.iter().take(self.assets.len()).enumerate() {
            if let AssetInfo::Token { contract_addr } = info {
                addr(&format!("assets[{i}].asset"), contract_addr)?;
            }
        }
        // Members.
        if self.members.is_empty() {
            return err("members", "a DAO needs at least one member");
        }
        if self.members.len() > core::MAX_MEMBER_CHANGES {
            return err("members", format!("at most {}", core::MAX_MEMBER_CHANGES));
        }
        let mut seen = BTreeSet::new();
        let mut members = vec![];
        let mut total: u128 = 0;
        for (i, m) in self.members.iter().enumerate() {
            let a = addr(&format!("members[{i}].addr"), &m.addr)?;
            if m.weight == 0 {
                return err(format!("members[{i}].weight"), "must be above 0");
            }
            if !seen.insert(a.clone()) {
                return err(format!("members[{i}].addr"), format!("{a} is listed twice"));
            }
            total += u128::from(m.weight);
            members.push(Member {
                addr: a,
                weight: m.weight,
            });
        }
        // Threshold.
        let p = &self.proposal;
        let threshold = match (&p.threshold, p.absolute_count, &p.quorum) {
            (Some(_), Some(_), _) => {
                return err("proposal", "give threshold or absolute_count, not both")
            }
            (None, None, _) => return err("proposal.threshold", "missing"),
            (None, Some(_), Some(_)) => {
                return err("proposal.quorum", "does not combine with absolute_count")
            }
            (None, Some(n), None) => {
                if n == 0 || u128::from(n) > total {
                    return err(
                        "proposal.absolute_count",
                        format!("{n} must be above 0 and at most the total weight {total}"),
                    );
                }
                Threshold::AbsoluteCount {
                    threshold: Uint128::from(n),
                }
            }
            (Some(t), None, None) => Threshold::AbsolutePercentage {
                percentage: percentage("proposal.threshold", t)?,
            },
            (Some(t), None, Some(q)) => Threshold::ThresholdQuorum {
                threshold: percentage("proposal.threshold", t)?,
                quorum: percentage("proposal.quorum", q)?,
            },
        };
        // Every duration, the shares, the vetoer and the governance policy:
        // the proposal module's own rule, so the two cannot disagree.
        let vetoer = p.vetoer.clone();
        let sec = Duration::Time;
        let proposal_config = proposal::Config {
            threshold,
            voting_period: sec(p.voting_period_seconds),
            min_voting_period: p.min_voting_period_seconds.map(sec),
            allow_revoting: p.allow_revoting,
            only_members_execute: p.only_members_execute,
            timelock: (p.timelock_seconds > 0).then(|| Timelock {
                duration: sec(p.timelock_seconds),
                vetoer: vetoer.clone(),
            }),
            adoption_timelock: Timelock {
                duration: sec(p.adoption_timelock_seconds),
                vetoer,
            },
            execution_window: p.execution_window_seconds.map(sec),
            governance: p.governance.clone(),
        };
        // A plain timelock of 0 means none; its bound still applies.
        bounded_seconds("proposal.timelock_seconds", p.timelock_seconds)?;
        proposal_config
            .validate(&api)
            .or_else(|e| err(proposal_field(&e), e.to_string()))?;
        let guardian = self
            .guardian
            .as_deref()
            .map(|g| addr("guardian", g))
            .transpose()?;
        // Policy.
        let pc = &self.policy;
        let policy = Policy {
            period_seconds: pc.period_seconds,
            allowances: amounts("policy.allowances", &pc.allowances)?,
            max_nav_share_bps: pc.max_nav_share_bps,
            recipient_allowlist: pc.recipient_allowlist.clone(),
            venue_allowlist: pc.venue_allowlist.clone(),
            min_reserves: amounts("policy.min_reserves", &pc.min_reserves)?,
            max_slippage_bps: pc.max_slippage_bps,
            max_price_age_seconds: pc.max_price_age_seconds,
        };
        if let Err(e) = policy.validate(&api) {
            return err(format!("policy.{}", e.field()), e.to_string());
        }
        // Oracle: the oracle's own rule, so the two cannot disagree.
        let o = &self.oracle;
        let keys = |list: &str, keys: &[KeyConfig]| {
            keys.iter()
                .enumerate()
                .map(|(i, k)| key(&format!("oracle.{list}[{i}]"), k))
                .collect::<Result<Vec<_>, _>>()
        };
        let oracle_msg = oracle::InstantiateMsg {
            quorum: o.quorum,
            advisors: keys("advisors", &o.advisors)?
                .into_iter()
                .map(|(id, algorithm, public_key)| AdvisorKeyMsg {
                    id,
                    algorithm,
                    public_key,
                    active_from: None,
                    expires_at: None,
                })
                .collect(),
            feeders: keys("feeders", &o.feeders)?
                .into_iter()
                .map(|(id, algorithm, public_key)| FeederMsg {
                    id,
                    algorithm,
                    public_key,
                })
                .collect(),
            max_price_age_seconds: o.max_price_age_seconds,
            outcome_horizon_seconds: o.outcome_horizon_seconds,
        };
        oracle_msg
            .validate()
            .or_else(|e| err(oracle_field(&oracle_msg, &e), e.to_string()))?;
        let module = |code_id, label: &str, msg: &dyn erased::Json| ModuleInstantiate {
            code_id,
            label: label.to_string(),
            msg: msg.to_binary(),
        };
        Ok(core::InstantiateMsg {
            name: self.name.clone(),
            description: self.description.clone(),
            members,
            voting: VotingConfig::Members {},
            guardian,
            proposal: module(
                codes.proposal,
                "steward-proposal",
                &proposal::InstantiateMsg {
                    config: proposal_config,
                },
            ),
            treasury: module(
                codes.treasury,
                "steward-treasury",
                &treasury::InstantiateMsg { policy },
            ),
            oracle: module(codes.oracle, "steward-oracle", &oracle_msg),
        })
    }
}

/// Serialising the three module messages through one closure.
mod erased {
    use cosmwasm_std::Binary;

    pub trait Json {
        fn to_binary(&self) -> Binary;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_binary(&self) -> Binary {
            cosmwasm_std::to_json_binary(self).expect("messages always serialise")
        }
    }
}

#[cfg(test)]
mod tests;
