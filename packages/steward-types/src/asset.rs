//! Assets the treasury holds. The JSON shape is the one the Astroport pair
//! interface speaks (`{"native_token":{"denom":..}}`, `{"token":{"contract_addr":..}}`),
//! so the same type goes into swap messages unchanged.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Api, QuerierWrapper, StdResult, Uint128};
use cw20::BalanceResponse;
use std::fmt;
use std::str::FromStr;

/// What a native asset's storage key starts with (see [`AssetInfo::key`]).
pub const NATIVE_KEY_PREFIX: &str = "native:";
/// What a cw20 asset's storage key starts with (see [`AssetInfo::key`]).
pub const CW20_KEY_PREFIX: &str = "cw20:";

/// A native coin or a cw20 token.
#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(Eq, PartialOrd, Ord, Hash)]
pub enum AssetInfo {
    /// A native coin of the chain (bank module), by denom.
    NativeToken {
        /// The bank denom, e.g. `ustake` or an `ibc/…` hash.
        denom: String,
    },
    /// A cw20 token contract.
    Token {
        /// The cw20 contract address.
        contract_addr: String,
    },
}

impl AssetInfo {
    /// Shorthand for a native coin.
    pub fn native(denom: impl Into<String>) -> Self {
        AssetInfo::NativeToken {
            denom: denom.into(),
        }
    }

    /// Shorthand for a cw20 token.
    pub fn cw20(contract_addr: impl Into<String>) -> Self {
        AssetInfo::Token {
            contract_addr: contract_addr.into(),
        }
    }

    /// The asset's key in storage maps (the oracle's prices and their
    /// history, the treasury's budgets): `native:<denom>` or `cw20:<addr>`.
    /// Spelled here, not taken from `Display`: a change of how assets print
    /// must not move stored state.
    pub fn key(&self) -> String {
        match self {
            AssetInfo::NativeToken { denom } => format!("{NATIVE_KEY_PREFIX}{denom}"),
            AssetInfo::Token { contract_addr } => format!("{CW20_KEY_PREFIX}{contract_addr}"),
        }
    }

    /// Checks that a cw20 address is valid and a denom is non-empty and printable.
    pub fn validate(&self, api: &dyn Api) -> StdResult<()> {
        match self {
            AssetInfo::NativeToken { denom } => {
                if !is_printable_id(denom) || denom.len() > 128 {
                    return Err(cosmwasm_std::StdError::generic_err(format!(
                        "invalid denom {denom:?}"
                    )));
                }
                Ok(())
            }
            AssetInfo::Token { contract_addr } => api.addr_validate(contract_addr).map(|_| ()),
        }
    }
}

/// cw20's `Balance` query alone, the same JSON as `cw20::Cw20QueryMsg`'s:
/// serializing that whole enum would put every one of its variants in each
/// contract that asks a balance.
#[derive(serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum Cw20Balance<'a> {
    Balance { address: &'a str },
}

/// The balance `holder` has of `asset`: the bank's for a native coin, the
/// cw20 contract's for a token.
pub fn query_balance(
    querier: &QuerierWrapper,
    holder: &Addr,
    asset: &AssetInfo,
) -> StdResult<Uint128> {
    match asset {
        AssetInfo::NativeToken { denom } => Ok(querier.query_balance(holder, denom)?.amount),
        AssetInfo::Token { contract_addr } => {
            let res: BalanceResponse = querier.query_wasm_smart(
                contract_addr,
                &Cw20Balance::Balance {
                    address: holder.as_str(),
                },
            )?;
            Ok(res.balance)
        }
    }
}

/// A denom or address as text: non-empty printable ASCII, no spaces.
fn is_printable_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_graphic())
}

impl fmt::Display for AssetInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetInfo::NativeToken { denom } => write!(f, "native:{denom}"),
            AssetInfo::Token { contract_addr } => write!(f, "cw20:{contract_addr}"),
        }
    }
}

/// Why a string is not an asset's short form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssetParseError {
    /// Neither `native:` nor `cw20:` in front.
    #[error("{value:?}: expected native:<denom> or cw20:<address>")]
    UnknownKind {
        /// The text given.
        value: String,
    },
    /// Nothing, or something unprintable, after the kind.
    #[error("{value:?}: the denom or address after the kind must be non-empty printable ASCII")]
    InvalidId {
        /// The text given.
        value: String,
    },
}

/// The short form `native:<denom>` or `cw20:<address>`, the inverse of
/// `Display` (and of `key`). Addresses are checked where an `Api` is at hand
/// (`validate`); this checks the form only.
impl FromStr for AssetInfo {
    type Err = AssetParseError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let unknown = || AssetParseError::UnknownKind {
            value: value.to_string(),
        };
        let (kind, id) = value.split_once(':').ok_or_else(unknown)?;
        let asset = match kind {
            "native" => AssetInfo::native(id),
            "cw20" => AssetInfo::cw20(id),
            _ => return Err(unknown()),
        };
        if !is_printable_id(id) {
            return Err(AssetParseError::InvalidId {
                value: value.to_string(),
            });
        }
        Ok(asset)
    }
}

/// An amount of one asset.
#[cw_serde]
pub struct AssetAmount {
    /// Which asset.
    pub info: AssetInfo,
    /// How much, in the asset's smallest unit.
    pub amount: Uint128,
}

impl AssetAmount {
    pub fn new(info: AssetInfo, amount: impl Into<Uint128>) -> Self {
        AssetAmount {
            info,
            amount: amount.into(),
        }
    }
}

/// Looks up an asset's amount in a list, zero when absent.
pub fn amount_of(list: &[AssetAmount], info: &AssetInfo) -> Uint128 {
    list.iter()
        .find(|a| &a.info == info)
        .map(|a| a.amount)
        .unwrap_or_default()
}

/// Sets an asset's amount in a list, adding the entry when absent.
pub fn set_amount(list: &mut Vec<AssetAmount>, info: &AssetInfo, amount: Uint128) {
    match list.iter_mut().find(|a| &a.info == info) {
        Some(entry) => entry.amount = amount,
        None => list.push(AssetAmount::new(info.clone(), amount)),
    }
}

/// Adds to an asset's amount in a list, adding the entry when absent.
pub fn add_amount(list: &mut Vec<AssetAmount>, info: &AssetInfo, amount: Uint128) {
    let total = amount_of(list, info) + amount;
    set_amount(list, info, total);
}

#[cfg(test)]
mod short_form_tests {
    use super::*;

    /// Stored prices, price history and budgets are keyed by these bytes.
    #[test]
    fn storage_keys_are_fixed_whatever_display_prints() {
        assert_eq!(AssetInfo::native("uatom").key(), "native:uatom");
        assert_eq!(AssetInfo::cw20("wasm1xyz").key(), "cw20:wasm1xyz");
    }

    #[test]
    fn the_short_form_parses_back_what_display_writes() {
        for asset in [
            AssetInfo::native("uatom"),
            AssetInfo::native("ibc/27394FB0"),
            AssetInfo::cw20("wasm1xyz"),
        ] {
            assert_eq!(asset.to_string().parse::<AssetInfo>(), Ok(asset));
        }
    }

    #[test]
    fn malformed_short_forms_are_refused_with_their_reason() {
        for bad in ["uatom", "erc20:0xabc", ""] {
            assert_eq!(
                bad.parse::<AssetInfo>(),
                Err(AssetParseError::UnknownKind { value: bad.into() }),
                "{bad}"
            );
        }
        for bad in ["native:", "cw20:", "native:u atom", "native:\u{e9}"] {
            assert_eq!(
                bad.parse::<AssetInfo>(),
                Err(AssetParseError::InvalidId { value: bad.into() }),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_balance_query_is_cw20s_own() {
        assert_eq!(
            cosmwasm_std::to_json_vec(&Cw20Balance::Balance {
                address: "wasm1holder"
            })
            .unwrap(),
            cosmwasm_std::to_json_vec(&cw20::Cw20QueryMsg::Balance {
                address: "wasm1holder".into()
            })
            .unwrap()
        );
    }
}
