//! Assets in config files: the short string form `native:<denom>` or
//! `cw20:<address>`, the same text `AssetInfo`'s `Display` and the policy's
//! error messages use.

use crate::error::{AdvisorError, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use steward_types::AssetInfo;

/// Parses `native:<denom>` or `cw20:<address>` (`AssetInfo`'s `FromStr`).
pub fn parse_asset(value: &str) -> Result<AssetInfo> {
    value.parse().map_err(|_| AdvisorError::InvalidAsset {
        value: value.to_string(),
    })
}

/// An asset written as `native:<denom>` or `cw20:<address>` in TOML or JSON.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AssetRef(pub AssetInfo);

impl AssetRef {
    /// The asset.
    pub fn info(&self) -> &AssetInfo {
        &self.0
    }
}

impl TryFrom<String> for AssetRef {
    type Error = AdvisorError;

    fn try_from(value: String) -> Result<Self> {
        parse_asset(&value).map(AssetRef)
    }
}

impl From<AssetRef> for String {
    fn from(asset: AssetRef) -> String {
        asset.0.to_string()
    }
}

impl FromStr for AssetRef {
    type Err = AdvisorError;

    fn from_str(s: &str) -> Result<Self> {
        parse_asset(s).map(AssetRef)
    }
}

impl fmt::Display for AssetRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_kinds_and_round_trips() {
        assert_eq!(
            parse_asset("native:uatom").unwrap(),
            AssetInfo::native("uatom")
        );
        assert_eq!(
            parse_asset("cw20:wasm1abc").unwrap(),
            AssetInfo::cw20("wasm1abc")
        );
        let a: AssetRef = "native:ibc/ABC".parse().unwrap();
        assert_eq!(String::from(a), "native:ibc/ABC");
    }

    #[test]
    fn rejects_malformed_strings() {
        for bad in ["uatom", "native:", "erc20:0xabc", "native:u atom", ""] {
            let err = parse_asset(bad).unwrap_err();
            assert!(
                matches!(&err, AdvisorError::InvalidAsset { value } if value == bad),
                "{bad}: {err}"
            );
        }
    }
}
