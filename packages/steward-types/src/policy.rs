//! The treasury policy and the one check of actions against it.
//!
//! [`check_actions`] is a pure function of a [`PolicyContext`] (policy, balances,
//! prices, what was already spent this period, the time) and a list of
//! [`TreasuryAction`]s. The treasury runs it before moving anything, the oracle
//! runs it before accepting a recommendation, and the advisor runs it before
//! signing, all on this same code.

use crate::asset::{amount_of, set_amount, AssetAmount, AssetInfo};
use crate::bucket::Bucket;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Api, Decimal, Uint128, Uint256};
use thiserror::Error;

/// Most actions one treasury execution (or one recommendation) may carry.
pub const MAX_ACTIONS: usize = 16;
/// Most assets a policy may list (bounds every valuation loop).
pub const MAX_POLICY_ASSETS: usize = 32;
/// Most recipients in the allowlist.
pub const MAX_RECIPIENTS: usize = 64;
/// Most swap venues in the allowlist.
pub const MAX_VENUES: usize = 16;
/// Basis points in one whole.
pub const BPS: u64 = 10_000;
/// The whole NAV in the units of the NAV-share bucket: a movement of value `v`
/// out of a NAV `n` takes `ceil(v × NAV_SHARE_SCALE / n)` from it.
pub const NAV_SHARE_SCALE: u128 = 1_000_000_000_000_000_000;

/// One thing the treasury can be told to do.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum TreasuryAction {
    /// Send an amount of an asset to a recipient.
    Transfer {
        /// The asset to send.
        asset: AssetInfo,
        /// How much, in the asset's smallest unit. Must be non-zero.
        amount: Uint128,
        /// Who receives it; must be on the recipient allowlist when the policy has one.
        recipient: String,
    },
    /// Swap through an allow-listed pair that speaks the Astroport pair interface.
    /// The treasury computes the minimum output on-chain from oracle prices and
    /// `max_slippage_bps`, and reverts the swap if less arrives.
    Swap {
        /// The pair contract; must be on the venue allowlist.
        pair: String,
        /// The asset offered.
        offer_asset: AssetInfo,
        /// How much is offered. Must be non-zero.
        offer_amount: Uint128,
        /// The asset asked for; must be listed in the policy's allowances.
        ask_asset: AssetInfo,
        /// Largest accepted shortfall below the oracle-price output, in basis points;
        /// at most the policy's `max_slippage_bps`.
        max_slippage_bps: u16,
    },
    /// Create or replace a budget: `spender` may draw up to `amount_per_period`
    /// of `asset` in each period of `period_seconds`. Draws still pass the policy.
    SetBudget {
        /// The address allowed to draw.
        spender: String,
        /// The asset of the budget; must be listed in the policy's allowances.
        asset: AssetInfo,
        /// Most the spender may draw per period. Must be non-zero and at most
        /// the asset's allowance in the policy (every draw also passes it).
        amount_per_period: Uint128,
        /// The budget's period in seconds. Must be non-zero.
        period_seconds: u64,
    },
    /// Remove a spender's budget for an asset.
    RemoveBudget {
        /// The spender whose budget goes.
        spender: String,
        /// The asset of the budget.
        asset: AssetInfo,
    },
}

/// Why an action names an address or asset the treasury cannot use. Checked
/// before the policy: the policy compares recipients and pairs as strings
/// against its allowlists, so only canonical addresses may reach it.
#[cw_serde]
#[derive(Error)]
pub enum InvalidAction {
    #[error("action {index}: invalid recipient {recipient}: {reason}")]
    InvalidRecipient {
        index: u32,
        recipient: String,
        reason: String,
    },

    #[error("action {index}: the treasury cannot pay itself")]
    RecipientIsTreasury { index: u32 },

    #[error("action {index}: invalid pair {pair}: {reason}")]
    InvalidPair {
        index: u32,
        pair: String,
        reason: String,
    },

    #[error("action {index}: invalid spender {spender}: {reason}")]
    InvalidSpender {
        index: u32,
        spender: String,
        reason: String,
    },

    #[error("action {index}: invalid asset {asset}: {reason}")]
    InvalidAsset {
        index: u32,
        asset: String,
        reason: String,
    },
}

impl TreasuryAction {
    /// Checks every address and asset the action names: addresses must be
    /// valid and canonical (what `addr_validate` accepts unchanged), and the
    /// treasury (`treasury`) may not pay itself. `index` is the action's place
    /// in its list, for the error. The treasury runs this before executing, the
    /// oracle at submission and the advisor before signing.
    pub fn validate(
        &self,
        api: &dyn Api,
        treasury: &Addr,
        index: u32,
    ) -> Result<(), InvalidAction> {
        let asset = |info: &AssetInfo| {
            info.validate(api).map_err(|e| InvalidAction::InvalidAsset {
                index,
                asset: info.key(),
                reason: e.to_string(),
            })
        };
        match self {
            TreasuryAction::Transfer {
                asset: info,
                recipient: to,
                ..
            } => {
                asset(info)?;
                validate_recipient(api, treasury, index, to)?;
            }
            TreasuryAction::Swap {
                pair,
                offer_asset,
                ask_asset,
                ..
            } => {
                api.addr_validate(pair)
                    .map_err(|e| InvalidAction::InvalidPair {
                        index,
                        pair: pair.clone(),
                        reason: e.to_string(),
                    })?;
                asset(offer_asset)?;
                asset(ask_asset)?;
            }
            TreasuryAction::SetBudget {
                spender: who,
                asset: info,
                ..
            }
            | TreasuryAction::RemoveBudget {
                spender: who,
                asset: info,
            } => {
                api.addr_validate(who)
                    .map_err(|e| InvalidAction::InvalidSpender {
                        index,
                        spender: who.clone(),
                        reason: e.to_string(),
                    })?;
                asset(info)?;
            }
        }
        Ok(())
    }
}

/// [`TreasuryAction::validate`] on every action of a list, in order.
pub fn validate_actions(
    api: &dyn Api,
    treasury: &Addr,
    actions: &[TreasuryAction],
) -> Result<(), InvalidAction> {
    actions
        .iter()
        .enumerate()
        .try_for_each(|(index, action)| action.validate(api, treasury, index as u32))
}

/// A valid, canonical address other than the treasury's own: a payment to
/// itself would leave the balance unchanged and so hide a short swap output in
/// the same execution.
pub fn validate_recipient(
    api: &dyn Api,
    treasury: &Addr,
    index: u32,
    recipient: &str,
) -> Result<Addr, InvalidAction> {
    let addr = api
        .addr_validate(recipient)
        .map_err(|e| InvalidAction::InvalidRecipient {
            index,
            recipient: recipient.to_string(),
            reason: e.to_string(),
        })?;
    if addr == *treasury {
        return Err(InvalidAction::RecipientIsTreasury { index });
    }
    Ok(addr)
}

/// Limits the DAO sets on its treasury. Changing them bumps the policy version,
/// which invalidates every pending recommendation signed against the old one.
#[cw_serde]
pub struct Policy {
    /// Length of a spending period in seconds. Each limit (an asset's
    /// allowance, the NAV share) is continuous: it holds at most one period's
    /// amount and refills at that amount per period, linearly, so any window of
    /// `T` seconds moves at most `amount × (1 + T / period_seconds)`.
    pub period_seconds: u64,
    /// How much of each asset may leave the treasury per period. An asset not
    /// listed here cannot be moved or swapped into, and does not count toward NAV.
    pub allowances: Vec<AssetAmount>,
    /// Most of the net asset value that may leave per period, in basis points,
    /// valued at oracle prices (each movement counts as its value over the NAV
    /// at the time). `None`: no NAV limit (and transfers need no prices).
    pub max_nav_share_bps: Option<u16>,
    /// Recipients that transfers and budget draws may pay. `None`: any address.
    pub recipient_allowlist: Option<Vec<String>>,
    /// Pair contracts swaps may go through. Empty: no swaps.
    pub venue_allowlist: Vec<String>,
    /// Balance each listed asset must keep after any movement.
    pub min_reserves: Vec<AssetAmount>,
    /// Largest slippage a swap may ask for, in basis points.
    pub max_slippage_bps: u16,
    /// Oldest oracle price accepted for a valuation, in seconds.
    pub max_price_age_seconds: u64,
}

/// Actions signed against one policy version met another: the oracle refuses
/// the recommendation, the proposal module its adoption, the treasury its
/// execution, all through [`ensure_policy_version`].
#[derive(Error, Debug, Clone, PartialEq, Eq)]
#[error("signed against policy version {signed}, the treasury's is {current}")]
pub struct StalePolicyVersion {
    /// The version the actions were signed (or proposed) against.
    pub signed: u64,
    /// The treasury's version now.
    pub current: u64,
}

/// Actions signed against policy version `signed` may run only while it is
/// the treasury's `current` one: a policy change makes them stale.
pub fn ensure_policy_version(signed: u64, current: u64) -> Result<(), StalePolicyVersion> {
    if signed == current {
        Ok(())
    } else {
        Err(StalePolicyVersion { signed, current })
    }
}

/// Why a [`Policy`] is refused ([`Policy::validate`]): the treasury at
/// instantiation and on `UpdatePolicy`, and the deploy tool's config check.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum PolicyError {
    #[error("period_seconds must be non-zero")]
    ZeroPeriod,
    #[error("max_price_age_seconds must be non-zero")]
    ZeroMaxPriceAge,
    #[error("max_slippage_bps {bps} is over {max}")]
    SlippageOverMax { bps: u16, max: u64 },
    #[error("max_nav_share_bps {bps} must be within 1..={max}")]
    NavShareOutOfRange { bps: u16, max: u64 },
    #[error("{list} lists {count} assets, at most {max}")]
    TooManyAssets {
        list: &'static str,
        count: usize,
        max: usize,
    },
    #[error("{list}: invalid asset {asset}: {reason}")]
    InvalidAsset {
        list: &'static str,
        asset: String,
        reason: String,
    },
    #[error("{list} lists {asset} twice")]
    DuplicateAsset { list: &'static str, asset: String },
    #[error("{list} has {count} entries, at most {max}")]
    TooManyAddresses {
        list: &'static str,
        count: usize,
        max: usize,
    },
    #[error("{list}: {address:?} is not a valid address: {reason}")]
    InvalidAddress {
        list: &'static str,
        address: String,
        reason: String,
    },
}

impl PolicyError {
    /// The policy field the error is about (`period_seconds`, `allowances`, …),
    /// for tools that point at a config line.
    pub fn field(&self) -> &'static str {
        match self {
            PolicyError::ZeroPeriod => "period_seconds",
            PolicyError::ZeroMaxPriceAge => "max_price_age_seconds",
            PolicyError::SlippageOverMax { .. } => "max_slippage_bps",
            PolicyError::NavShareOutOfRange { .. } => "max_nav_share_bps",
            PolicyError::TooManyAssets { list, .. }
            | PolicyError::InvalidAsset { list, .. }
            | PolicyError::DuplicateAsset { list, .. }
            | PolicyError::TooManyAddresses { list, .. }
            | PolicyError::InvalidAddress { list, .. } => list,
        }
    }
}

impl Policy {
    /// Checks the policy's own shape.
    pub fn validate(&self, api: &dyn Api) -> Result<(), PolicyError> {
        if self.period_seconds == 0 {
            return Err(PolicyError::ZeroPeriod);
        }
        if self.max_price_age_seconds == 0 {
            return Err(PolicyError::ZeroMaxPriceAge);
        }
        if u64::from(self.max_slippage_bps) > BPS {
            return Err(PolicyError::SlippageOverMax {
                bps: self.max_slippage_bps,
                max: BPS,
            });
        }
        if let Some(bps) = self.max_nav_share_bps {
            if bps == 0 || u64::from(bps) > BPS {
                return Err(PolicyError::NavShareOutOfRange { bps, max: BPS });
            }
        }
        for (list, assets) in [
            ("allowances", &self.allowances),
            ("min_reserves", &self.min_reserves),
        ] {
            if assets.len() > MAX_POLICY_ASSETS {
                return Err(PolicyError::TooManyAssets {
                    list,
                    count: assets.len(),
                    max: MAX_POLICY_ASSETS,
                });
            }
            for (i, a) in assets.iter().enumerate() {
                a.info
                    .validate(api)
                    .map_err(|e| PolicyError::InvalidAsset {
                        list,
                        asset: a.info.key(),
                        reason: e.to_string(),
                    })?;
                if assets[..i].iter().any(|b| b.info == a.info) {
                    return Err(PolicyError::DuplicateAsset {
                        list,
                        asset: a.info.to_string(),
                    });
                }
            }
        }
        let addresses = |list: &'static str, entries: &[String], max: usize| {
            if entries.len() > max {
                return Err(PolicyError::TooManyAddresses {
                    list,
                    count: entries.len(),
                    max,
                });
            }
            entries.iter().try_for_each(|address| {
                api.addr_validate(address)
                    .map(|_| ())
                    .map_err(|e| PolicyError::InvalidAddress {
                        list,
                        address: address.clone(),
                        reason: e.to_string(),
                    })
            })
        };
        if let Some(recipients) = &self.recipient_allowlist {
            addresses("recipient_allowlist", recipients, MAX_RECIPIENTS)?;
        }
        addresses("venue_allowlist", &self.venue_allowlist, MAX_VENUES)
    }

    /// The NAV-share bucket's capacity, in units of [`NAV_SHARE_SCALE`]: the
    /// cap's share of the whole, or the whole NAV without a cap (so that a cap
    /// set later starts from what moved before, never from more than full).
    pub fn nav_share_capacity(&self) -> Uint128 {
        let bps = self
            .max_nav_share_bps
            .map_or(BPS, |bps| u64::from(bps).min(BPS));
        Uint128::new(NAV_SHARE_SCALE).multiply_ratio(bps, BPS)
    }

    /// The allowance of a listed asset.
    pub fn allowance(&self, asset: &AssetInfo) -> Option<Uint128> {
        self.allowances
            .iter()
            .find(|a| &a.info == asset)
            .map(|a| a.amount)
    }
}

/// An oracle price: value of one smallest unit of `asset` in the oracle's quote unit.
#[cw_serde]
pub struct PriceInfo {
    /// The priced asset.
    pub asset: AssetInfo,
    /// Quote units per smallest unit of the asset.
    pub price: Decimal,
    /// When the feeder observed the price (Unix seconds).
    pub publish_time: u64,
}

/// One asset's allowance bucket.
#[cw_serde]
pub struct AssetBucket {
    /// The asset.
    pub asset: AssetInfo,
    /// Its bucket; capacity: the asset's allowance, refilled per `period_seconds`.
    pub bucket: Bucket,
}

/// The state of the treasury's continuous limits: what may still leave, per
/// asset and as a share of NAV. The treasury stores it; [`check_actions`]
/// returns it updated.
#[cw_serde]
#[derive(Default)]
pub struct Limits {
    /// One bucket per asset the policy lists. An asset without one is treated
    /// as untouched since the epoch (full); the treasury keeps one for every
    /// listed asset, and one first listed by a policy change starts empty.
    pub assets: Vec<AssetBucket>,
    /// The NAV-share bucket, in units where [`NAV_SHARE_SCALE`] is the whole
    /// NAV; capacity: [`Policy::nav_share_capacity`].
    pub nav_share: Bucket,
}

impl Limits {
    /// Every limit full at `now` (a new treasury).
    pub fn full(policy: &Policy, now: u64) -> Self {
        Limits {
            assets: policy
                .allowances
                .iter()
                .map(|a| AssetBucket {
                    asset: a.info.clone(),
                    bucket: Bucket::full(a.amount, now),
                })
                .collect(),
            nav_share: Bucket::full(policy.nav_share_capacity(), now),
        }
    }

    /// The stored bucket of an asset, if any.
    pub fn bucket(&self, asset: &AssetInfo) -> Option<&Bucket> {
        self.assets
            .iter()
            .find(|b| &b.asset == asset)
            .map(|b| &b.bucket)
    }

    /// The limits refilled up to `now` under `policy`: one bucket per listed
    /// asset, in the policy's order; buckets of assets it no longer lists go.
    pub fn at(&self, policy: &Policy, now: u64) -> Self {
        let period = policy.period_seconds;
        Limits {
            assets: policy
                .allowances
                .iter()
                .map(|a| AssetBucket {
                    asset: a.info.clone(),
                    bucket: self
                        .bucket(&a.info)
                        .copied()
                        .unwrap_or_default()
                        .at(a.amount, period, now),
                })
                .collect(),
            nav_share: self.nav_share.at(policy.nav_share_capacity(), period, now),
        }
    }

    /// The limits right after the policy changes from `old` to `new` at
    /// `now`: refilled up to `now` under `old`, then each bucket keeps its
    /// level (capped at its new capacity) with no refill for the change. An
    /// asset `new` lists and `old` did not starts empty, so listing an asset
    /// again never hands out a fresh allowance.
    pub fn after_policy_change(&self, old: &Policy, new: &Policy, now: u64) -> Self {
        let current = self.at(old, now);
        let (old_period, new_period) = (old.period_seconds, new.period_seconds);
        Limits {
            assets: new
                .allowances
                .iter()
                .map(|a| AssetBucket {
                    asset: a.info.clone(),
                    bucket: match current.bucket(&a.info) {
                        Some(b) => b.rescaled(a.amount, old_period, new_period),
                        None => Bucket::empty(now),
                    },
                })
                .collect(),
            nav_share: current
                .nav_share
                .rescaled(new.nav_share_capacity(), old_period, new_period),
        }
    }

    /// What may leave of `asset` per these limits (zero when not listed).
    pub fn available(&self, asset: &AssetInfo) -> Uint128 {
        self.bucket(asset).map(|b| b.level).unwrap_or_default()
    }

    fn bucket_mut(&mut self, asset: &AssetInfo) -> Option<&mut Bucket> {
        self.assets
            .iter_mut()
            .find(|b| &b.asset == asset)
            .map(|b| &mut b.bucket)
    }
}

/// One asset's continuous allowance at one moment.
#[cw_serde]
pub struct AssetLimit {
    /// The asset.
    pub asset: AssetInfo,
    /// What may leave now, in the asset's smallest unit.
    pub available: Uint128,
    /// Most the limit holds: the asset's allowance.
    pub capacity: Uint128,
    /// The limit refills `capacity` per this many seconds, linearly.
    pub refill_period_seconds: u64,
}

/// The continuous NAV cap at one moment, as shares of NAV.
#[cw_serde]
pub struct NavLimit {
    /// Share of NAV that may leave now (1 = the whole NAV): value at oracle
    /// prices over NAV at the time of each movement.
    pub available_share: Decimal,
    /// Most the limit holds: the policy's `max_nav_share_bps` as a share.
    pub capacity_share: Decimal,
    /// The limit refills `capacity_share` per this many seconds, linearly.
    pub refill_period_seconds: u64,
}

impl Limits {
    /// Per asset `policy` lists, in its order: what these limits let leave,
    /// the capacity and the refill period. Bring the limits to the time of
    /// interest first ([`Limits::at`]).
    pub fn asset_limits(&self, policy: &Policy) -> Vec<AssetLimit> {
        policy
            .allowances
            .iter()
            .map(|a| AssetLimit {
                asset: a.info.clone(),
                available: self.available(&a.info),
                capacity: a.amount,
                refill_period_seconds: policy.period_seconds,
            })
            .collect()
    }

    /// The NAV cap per these limits, as shares; `None` when `policy` has no cap.
    pub fn nav_limit(&self, policy: &Policy) -> Option<NavLimit> {
        policy.max_nav_share_bps.map(|_| NavLimit {
            available_share: share_of_nav(self.nav_share.level),
            capacity_share: share_of_nav(policy.nav_share_capacity()),
            refill_period_seconds: policy.period_seconds,
        })
    }
}

/// Everything [`check_actions`] needs to know, as one value, so the treasury
/// builds it from its state, the oracle from the same state read raw
/// (`TreasuryContract::policy_context`), and the advisor from a snapshot file.
#[cw_serde]
pub struct PolicyContext {
    /// The policy in force.
    pub policy: Policy,
    /// Its version.
    pub policy_version: u64,
    /// The time of the check (Unix seconds).
    pub now: u64,
    /// The treasury's balance of every asset the policy lists.
    pub balances: Vec<AssetAmount>,
    /// Oracle prices (needed for swaps and, with a NAV limit, for every movement).
    pub prices: Vec<PriceInfo>,
    /// The limits' state as last stored; refilled up to `now` by the check.
    pub limits: Limits,
}

/// The minimum output computed for one swap action.
#[cw_serde]
pub struct SwapQuote {
    /// Index of the swap in the action list.
    pub action_index: u32,
    /// Output at oracle prices.
    pub expected_out: Uint128,
    /// Least output accepted: `expected_out` less the action's slippage.
    pub min_out: Uint128,
}

/// What passing actions will do to the limits and balances, and the swap bounds.
#[cw_serde]
pub struct CheckOutcome {
    /// The limits at `now` after the actions; the treasury stores them.
    pub limits: Limits,
    /// One quote per swap, in action order.
    pub swaps: Vec<SwapQuote>,
    /// The balances after the actions, each swap's output counted at its
    /// `min_out`: the least the treasury will hold (a swap may return more).
    pub balances: Vec<AssetAmount>,
}

impl CheckOutcome {
    /// What no actions do: the limits refilled up to `now`, the balances as
    /// they are (a recommendation of config changes alone).
    pub fn unchanged(ctx: &PolicyContext) -> Self {
        CheckOutcome {
            limits: ctx.limits.at(&ctx.policy, ctx.now),
            swaps: vec![],
            balances: ctx.balances.clone(),
        }
    }
}

/// Why actions fall outside the policy. Each carries the values that explain it.
#[cw_serde]
#[derive(Error)]
pub enum PolicyViolation {
    #[error("no actions")]
    NoActions {},

    #[error("{count} actions, at most {max}")]
    TooManyActions { count: u32, max: u32 },

    #[error("action {index}: amount is zero")]
    ZeroAmount { index: u32 },

    #[error("action {index}: budget period is zero")]
    ZeroBudgetPeriod { index: u32 },

    #[error("action {index}: a budget of {amount_per_period} {asset} per period is above the asset's allowance of {allowance}")]
    BudgetAboveAllowance {
        index: u32,
        asset: String,
        amount_per_period: Uint128,
        allowance: Uint128,
    },

    #[error("asset {asset} is not in the policy's allowances")]
    AssetNotAllowed { asset: String },

    #[error("allowance for {asset} exceeded: {requested} requested, {available} available now (allowance {allowance} per period, refilled continuously)")]
    AllowanceExceeded {
        asset: String,
        requested: Uint128,
        available: Uint128,
        allowance: Uint128,
    },

    #[error("NAV share exceeded: a value of {requested_value} requested, {available_value} available now of a NAV of {nav} (at most {max_bps} bps per period, refilled continuously)")]
    NavShareExceeded {
        requested_value: Uint128,
        available_value: Uint128,
        nav: Uint128,
        max_bps: u16,
    },

    #[error("recipient {recipient} is not on the allowlist")]
    RecipientNotAllowed { recipient: String },

    #[error("swap venue {pair} is not on the allowlist")]
    VenueNotAllowed { pair: String },

    #[error("swap offers and asks the same asset {asset}")]
    SameAsset { asset: String },

    #[error("slippage {requested_bps} bps is over the policy's {max_bps} bps")]
    SlippageTooHigh { requested_bps: u16, max_bps: u16 },

    #[error("swap of {offer_amount} {asset} is worth nothing at oracle prices")]
    SwapOutputZero {
        asset: String,
        offer_amount: Uint128,
    },

    #[error("insufficient {asset}: balance {balance}, {requested} requested")]
    InsufficientBalance {
        asset: String,
        balance: Uint128,
        requested: Uint128,
    },

    #[error("{asset} would fall to {balance_after}, below its reserve of {reserve}")]
    BelowReserve {
        asset: String,
        balance_after: Uint128,
        reserve: Uint128,
    },

    #[error("no oracle price for {asset}")]
    PriceMissing { asset: String },

    #[error("oracle price of {asset} is zero")]
    ZeroPrice { asset: String },

    #[error(
        "oracle price of {asset} is stale: published {publish_time}, now {now}, max age {max_age}s"
    )]
    PriceStale {
        asset: String,
        publish_time: u64,
        now: u64,
        max_age: u64,
    },

    #[error("arithmetic overflow while valuing {asset}")]
    Overflow { asset: String },
}

/// Checks `actions` against the policy in `ctx`; on success returns the limits
/// after them and the minimum output of each swap.
pub fn check_actions(
    ctx: &PolicyContext,
    actions: &[TreasuryAction],
) -> Result<CheckOutcome, PolicyViolation> {
    if actions.is_empty() {
        return Err(PolicyViolation::NoActions {});
    }
    if actions.len() > MAX_ACTIONS {
        return Err(PolicyViolation::TooManyActions {
            count: actions.len() as u32,
            max: MAX_ACTIONS as u32,
        });
    }
    let policy = &ctx.policy;
    let mut limits = ctx.limits.at(policy, ctx.now);
    let mut balances = ctx.balances.clone();
    // NAV is valued once, from the balances before this batch.
    let nav = match policy.max_nav_share_bps {
        Some(_) => Some(net_asset_value(ctx)?),
        None => None,
    };
    let mut swaps = vec![];
    // Swap outputs at their minimum, added once every action has passed: a
    // later action of the batch is checked against the outflows alone.
    let mut inflows: Vec<AssetAmount> = vec![];

    for (index, action) in actions.iter().enumerate() {
        let index = index as u32;
        match action {
            TreasuryAction::Transfer {
                asset,
                amount,
                recipient,
            } => {
                if amount.is_zero() {
                    return Err(PolicyViolation::ZeroAmount { index });
                }
                if let Some(allowed) = &policy.recipient_allowlist {
                    if !allowed.contains(recipient) {
                        return Err(PolicyViolation::RecipientNotAllowed {
                            recipient: recipient.clone(),
                        });
                    }
                }
                outflow(ctx, nav, &mut limits, &mut balances, asset, *amount)?;
            }
            TreasuryAction::Swap {
                pair,
                offer_asset,
                offer_amount,
                ask_asset,
                max_slippage_bps,
            } => {
                if offer_amount.is_zero() {
                    return Err(PolicyViolation::ZeroAmount { index });
                }
                if offer_asset == ask_asset {
                    return Err(PolicyViolation::SameAsset {
                        asset: offer_asset.key(),
                    });
                }
                if !policy.venue_allowlist.contains(pair) {
                    return Err(PolicyViolation::VenueNotAllowed { pair: pair.clone() });
                }
                if *max_slippage_bps > policy.max_slippage_bps {
                    return Err(PolicyViolation::SlippageTooHigh {
                        requested_bps: *max_slippage_bps,
                        max_bps: policy.max_slippage_bps,
                    });
                }
                if policy.allowance(ask_asset).is_none() {
                    return Err(PolicyViolation::AssetNotAllowed {
                        asset: ask_asset.key(),
                    });
                }
                let offer_price = price_of(ctx, offer_asset)?;
                let ask_price = price_of(ctx, ask_asset)?;
                let expected_out =
                    swap_output(*offer_amount, offer_price, ask_price).ok_or_else(|| {
                        PolicyViolation::Overflow {
                            asset: ask_asset.key(),
                        }
                    })?;
                let keep = BPS.saturating_sub(u64::from(*max_slippage_bps));
                let min_out = expected_out.multiply_ratio(keep, BPS);
                if min_out.is_zero() {
                    return Err(PolicyViolation::SwapOutputZero {
                        asset: offer_asset.key(),
                        offer_amount: *offer_amount,
                    });
                }
                outflow(
                    ctx,
                    nav,
                    &mut limits,
                    &mut balances,
                    offer_asset,
                    *offer_amount,
                )?;
                swaps.push(SwapQuote {
                    action_index: index,
                    expected_out,
                    min_out,
                });
                inflows.push(AssetAmount::new(ask_asset.clone(), min_out));
            }
            TreasuryAction::SetBudget {
                asset,
                amount_per_period,
                period_seconds,
                ..
            } => {
                if amount_per_period.is_zero() {
                    return Err(PolicyViolation::ZeroAmount { index });
                }
                if *period_seconds == 0 {
                    return Err(PolicyViolation::ZeroBudgetPeriod { index });
                }
                let allowance = policy
                    .allowance(asset)
                    .ok_or_else(|| PolicyViolation::AssetNotAllowed { asset: asset.key() })?;
                // Every draw also passes the asset's allowance, so a budget
                // above it could never be drawn in full: it would only mislead
                // the spender and whoever reads the budget.
                if *amount_per_period > allowance {
                    return Err(PolicyViolation::BudgetAboveAllowance {
                        index,
                        asset: asset.key(),
                        amount_per_period: *amount_per_period,
                        allowance,
                    });
                }
            }
            TreasuryAction::RemoveBudget { .. } => {}
        }
    }
    for inflow in &inflows {
        // More than u128::MAX of one asset cannot exist; saturating keeps this total.
        let after = amount_of(&balances, &inflow.info).saturating_add(inflow.amount);
        set_amount(&mut balances, &inflow.info, after);
    }
    Ok(CheckOutcome {
        limits,
        swaps,
        balances,
    })
}

/// The NAV cap at one moment, as shares of NAV and in value at oracle prices.
#[cw_serde]
pub struct NavUsage {
    /// The cap as shares of NAV: what may leave now, its capacity, its refill.
    pub limit: NavLimit,
    /// The net asset value movements are valued against, in the oracle's
    /// quote unit ([`net_asset_value`]); `None` when it cannot be valued (it
    /// overflows), and then the check refuses and says why.
    pub nav: Option<Uint128>,
    /// Value that may leave now, in the oracle's quote unit: the available
    /// share of `nav`, floored, as a `nav_share_exceeded` refusal reports it.
    /// `None` without a `nav`.
    pub available_value: Option<Uint128>,
    /// Most the cap holds, in the oracle's quote unit: the capacity share of
    /// `nav`, floored. `None` without a `nav`.
    pub capacity_value: Option<Uint128>,
    /// Listed assets held without a usable oracle price (missing, stale or
    /// zero): they count as zero in `nav`, and cannot move under the cap.
    pub unpriced: Vec<AssetInfo>,
}

/// The treasury's balances and what each of its limits lets leave, at one moment.
#[cw_serde]
pub struct PolicyUsage {
    /// Balance of each asset the policy lists, in the policy's order.
    pub balances: Vec<AssetAmount>,
    /// Per listed asset, in the policy's order: what may leave, the
    /// capacity and the refill period.
    pub asset_limits: Vec<AssetLimit>,
    /// The NAV cap; `None` when the policy has none.
    pub nav_limit: Option<NavUsage>,
}

/// Balances and limits at `ctx.now`, before any action: where
/// [`check_actions`] starts from. Needs no action, so it is there whether or
/// not the actions pass.
pub fn usage_at(ctx: &PolicyContext) -> PolicyUsage {
    usage(ctx, &ctx.balances, &ctx.limits.at(&ctx.policy, ctx.now))
}

/// Balances and limits right after actions that passed with `outcome`, at the
/// same time (no refill in between), each swap's output at its `min_out`. The
/// NAV is valued from the balances after, as the next check will value it.
pub fn usage_after(ctx: &PolicyContext, outcome: &CheckOutcome) -> PolicyUsage {
    usage(ctx, &outcome.balances, &outcome.limits)
}

/// The usage of `balances` and `limits` (already at `ctx.now`) under `ctx`'s
/// policy and prices.
fn usage(ctx: &PolicyContext, balances: &[AssetAmount], limits: &Limits) -> PolicyUsage {
    let policy = &ctx.policy;
    let nav_limit = limits.nav_limit(policy).map(|limit| {
        let nav = value_of_balances(ctx, balances).ok();
        NavUsage {
            limit,
            nav,
            available_value: nav.map(|nav| share_value(limits.nav_share.level, nav)),
            capacity_value: nav.map(|nav| share_value(policy.nav_share_capacity(), nav)),
            unpriced: policy
                .allowances
                .iter()
                .filter(|a| !amount_of(balances, &a.info).is_zero())
                .filter(|a| price_of(ctx, &a.info).is_err())
                .map(|a| a.info.clone())
                .collect(),
        }
    });
    PolicyUsage {
        balances: policy
            .allowances
            .iter()
            .map(|a| AssetAmount::new(a.info.clone(), amount_of(balances, &a.info)))
            .collect(),
        asset_limits: limits.asset_limits(policy),
        nav_limit,
    }
}

/// Value of every asset the policy lists, at oracle prices.
///
/// An asset without a usable price (missing, stale or zero) counts as zero:
/// anyone can donate a unit of a listed asset whose feed is down, and that
/// must not stop the treasury. Counting it as zero only lowers NAV, so the NAV
/// cap only gets tighter; and such an asset cannot itself move under a NAV cap
/// (its outflow must be valued against the cap, which needs its price), so
/// nothing leaves unvalued.
pub fn net_asset_value(ctx: &PolicyContext) -> Result<Uint128, PolicyViolation> {
    value_of_balances(ctx, &ctx.balances)
}

/// [`net_asset_value`] of other balances, at the prices and time of `ctx`.
fn value_of_balances(
    ctx: &PolicyContext,
    balances: &[AssetAmount],
) -> Result<Uint128, PolicyViolation> {
    let mut nav = Uint128::zero();
    for allowance in &ctx.policy.allowances {
        let balance = amount_of(balances, &allowance.info);
        if balance.is_zero() || price_of(ctx, &allowance.info).is_err() {
            continue;
        }
        nav = nav
            .checked_add(value_of(ctx, &allowance.info, balance)?)
            .map_err(|_| PolicyViolation::Overflow {
                asset: allowance.info.key(),
            })?;
    }
    Ok(nav)
}

/// One asset leaving the treasury: allowance, balance, reserve and NAV share.
fn outflow(
    ctx: &PolicyContext,
    nav: Option<Uint128>,
    limits: &mut Limits,
    balances: &mut Vec<AssetAmount>,
    asset: &AssetInfo,
    amount: Uint128,
) -> Result<(), PolicyViolation> {
    let policy = &ctx.policy;
    let key = asset.key();
    let allowance = policy
        .allowance(asset)
        .ok_or_else(|| PolicyViolation::AssetNotAllowed { asset: key.clone() })?;
    // `limits` was brought to `now` under this policy: every listed asset has a bucket.
    let bucket = limits.bucket(asset).copied().unwrap_or_default();
    let bucket_after = bucket
        .take(amount)
        .ok_or_else(|| PolicyViolation::AllowanceExceeded {
            asset: key.clone(),
            requested: amount,
            available: bucket.level,
            allowance,
        })?;
    let balance = amount_of(balances, asset);
    let balance_after =
        balance
            .checked_sub(amount)
            .map_err(|_| PolicyViolation::InsufficientBalance {
                asset: key.clone(),
                balance,
                requested: amount,
            })?;
    let reserve = amount_of(&policy.min_reserves, asset);
    if balance_after < reserve {
        return Err(PolicyViolation::BelowReserve {
            asset: key,
            balance_after,
            reserve,
        });
    }
    if let (Some(nav), Some(max_bps)) = (nav, policy.max_nav_share_bps) {
        // Rounded up, both the value and its share: in the treasury's favour.
        let value = amount
            .checked_mul_ceil(price_of(ctx, asset)?)
            .map_err(|_| PolicyViolation::Overflow { asset: key.clone() })?;
        let share = nav_share_of(value, nav);
        let nav_bucket = limits.nav_share;
        limits.nav_share = share.and_then(|share| nav_bucket.take(share)).ok_or(
            PolicyViolation::NavShareExceeded {
                requested_value: value,
                available_value: share_value(nav_bucket.level, nav),
                nav,
                max_bps,
            },
        )?;
    }
    if let Some(b) = limits.bucket_mut(asset) {
        *b = bucket_after;
    }
    set_amount(balances, asset, balance_after);
    Ok(())
}

/// The value of `units` of the NAV-share bucket out of a NAV of `nav`,
/// floored: `units × nav / NAV_SHARE_SCALE`. Units never exceed the whole
/// (a bucket is capped at its capacity), so this fits; it saturates otherwise.
fn share_value(units: Uint128, nav: Uint128) -> Uint128 {
    units
        .checked_multiply_ratio(nav, NAV_SHARE_SCALE)
        .unwrap_or(Uint128::MAX)
}

/// `units` of the NAV-share bucket as a share of NAV (1 = the whole NAV).
/// Any `Uint128` over [`NAV_SHARE_SCALE`] fits a `Decimal`, so the fallback
/// never applies.
fn share_of_nav(units: Uint128) -> Decimal {
    Decimal::checked_from_ratio(units, NAV_SHARE_SCALE).unwrap_or(Decimal::one())
}

/// `ceil(value × NAV_SHARE_SCALE / nav)`; `None` when it does not fit or a
/// non-zero value leaves a zero NAV.
fn nav_share_of(value: Uint128, nav: Uint128) -> Option<Uint128> {
    if value.is_zero() {
        return Some(Uint128::zero());
    }
    let nav = Uint256::from(nav);
    if nav.is_zero() {
        return None;
    }
    let numerator = value.full_mul(NAV_SHARE_SCALE);
    let share = numerator.checked_add(nav - Uint256::one()).ok()? / nav;
    Uint128::try_from(share).ok()
}

/// The fresh, non-zero oracle price of an asset.
pub fn price_of(ctx: &PolicyContext, asset: &AssetInfo) -> Result<Decimal, PolicyViolation> {
    let info = ctx
        .prices
        .iter()
        .find(|p| &p.asset == asset)
        .ok_or_else(|| PolicyViolation::PriceMissing { asset: asset.key() })?;
    if info.price.is_zero() {
        return Err(PolicyViolation::ZeroPrice { asset: asset.key() });
    }
    let max_age = ctx.policy.max_price_age_seconds;
    if ctx.now.saturating_sub(info.publish_time) > max_age {
        return Err(PolicyViolation::PriceStale {
            asset: asset.key(),
            publish_time: info.publish_time,
            now: ctx.now,
            max_age,
        });
    }
    Ok(info.price)
}

/// `offer_amount × offer_price / ask_price`, floored, over the prices' atomics
/// in 256 bits: dividing the two prices first would truncate the rate to 18
/// decimals, which for assets of very different unit values (an 18-decimal
/// token against a 6-decimal one) loses most of it. `None` when the output does
/// not fit in 128 bits or the ask price is zero (`price_of` refuses zero).
pub fn swap_output(
    offer_amount: Uint128,
    offer_price: Decimal,
    ask_price: Decimal,
) -> Option<Uint128> {
    let numerator = offer_amount.full_mul(offer_price.atomics());
    let out = numerator
        .checked_div(Uint256::from(ask_price.atomics()))
        .ok()?;
    Uint128::try_from(out).ok()
}

fn value_of(
    ctx: &PolicyContext,
    asset: &AssetInfo,
    amount: Uint128,
) -> Result<Uint128, PolicyViolation> {
    amount
        .checked_mul_floor(price_of(ctx, asset)?)
        .map_err(|_| PolicyViolation::Overflow { asset: asset.key() })
}
