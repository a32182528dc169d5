//! How an asset's amounts are shown to people: a symbol and the number of
//! decimal places of its smallest unit (`1000000 uatom` is `1 ATOM` with 6).
//! The deploy tool writes one per asset into the deployment file (from the DAO
//! config for native denoms, from the token's own `TokenInfo` for cw20), and
//! the web app formats every amount with it. Display only: no rule of the
//! policy depends on it.

use serde::{Deserialize, Serialize};

/// The most decimal places accepted (Ethereum-style tokens use 18).
pub const MAX_DECIMALS: u8 = 18;
/// The longest symbol accepted, in bytes.
pub const MAX_SYMBOL_LEN: usize = 32;
/// The longest name accepted, in bytes.
pub const MAX_NAME_LEN: usize = 64;

/// An asset's symbol, decimals and optional name. Readers ignore fields they
/// do not know, so later additions keep old readers working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetDisplay {
    /// Shown after an amount, e.g. `ATOM`: non-empty printable ASCII, no spaces.
    pub symbol: String,
    /// Decimal places of the smallest unit (0 to [`MAX_DECIMALS`]).
    pub decimals: u8,
    /// A longer name, e.g. `Cosmos Hub Atom` (printable, spaces allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Why an asset display is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssetDisplayError {
    /// More decimal places than any amount can sensibly carry.
    #[error("decimals {decimals} is more than {max}")]
    TooManyDecimals {
        /// The decimals given.
        decimals: u8,
        /// The largest accepted.
        max: u8,
    },
    /// An empty symbol, or one with spaces or unprintable characters.
    #[error("symbol {symbol:?} must be non-empty printable ASCII without spaces")]
    InvalidSymbol {
        /// The symbol given.
        symbol: String,
    },
    /// A symbol longer than [`MAX_SYMBOL_LEN`].
    #[error("symbol {symbol:?} is {len} bytes, more than {max}")]
    SymbolTooLong {
        /// The symbol given.
        symbol: String,
        /// Its length in bytes.
        len: usize,
        /// The longest accepted.
        max: usize,
    },
    /// A name with control characters, blank, or longer than [`MAX_NAME_LEN`].
    #[error("name {name:?} must be 1 to {max} bytes of printable text")]
    InvalidName {
        /// The name given.
        name: String,
        /// The longest accepted.
        max: usize,
    },
}

impl AssetDisplay {
    /// Checks the symbol, the decimals and the name.
    pub fn validate(&self) -> Result<(), AssetDisplayError> {
        if self.decimals > MAX_DECIMALS {
            return Err(AssetDisplayError::TooManyDecimals {
                decimals: self.decimals,
                max: MAX_DECIMALS,
            });
        }
        if self.symbol.is_empty() || !self.symbol.chars().all(|c| c.is_ascii_graphic()) {
            return Err(AssetDisplayError::InvalidSymbol {
                symbol: self.symbol.clone(),
            });
        }
        if self.symbol.len() > MAX_SYMBOL_LEN {
            return Err(AssetDisplayError::SymbolTooLong {
                symbol: self.symbol.clone(),
                len: self.symbol.len(),
                max: MAX_SYMBOL_LEN,
            });
        }
        if let Some(name) = &self.name {
            if name.trim().is_empty()
                || name.len() > MAX_NAME_LEN
                || name.chars().any(char::is_control)
            {
                return Err(AssetDisplayError::InvalidName {
                    name: name.clone(),
                    max: MAX_NAME_LEN,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn display(symbol: &str, decimals: u8) -> AssetDisplay {
        AssetDisplay {
            symbol: symbol.into(),
            decimals,
            name: None,
        }
    }

    #[test]
    fn symbols_and_decimals_in_range_are_accepted() {
        for (symbol, decimals) in [("ATOM", 6), ("STEW", 0), ("WETH", 18), ("ibc/USDC", 6)] {
            display(symbol, decimals).validate().unwrap();
        }
        let named = AssetDisplay {
            name: Some("Cosmos Hub Atom".into()),
            ..display("ATOM", 6)
        };
        named.validate().unwrap();
    }

    #[test]
    fn each_bad_field_is_refused_with_its_value() {
        assert_eq!(
            display("ATOM", 19).validate(),
            Err(AssetDisplayError::TooManyDecimals {
                decimals: 19,
                max: 18
            })
        );
        for bad in ["", "AT OM", "AT\u{7}OM", "\u{c5}TOM"] {
            assert_eq!(
                display(bad, 6).validate(),
                Err(AssetDisplayError::InvalidSymbol { symbol: bad.into() }),
                "{bad:?}"
            );
        }
        let long = "A".repeat(33);
        assert_eq!(
            display(&long, 6).validate(),
            Err(AssetDisplayError::SymbolTooLong {
                symbol: long.clone(),
                len: 33,
                max: 32
            })
        );
        for bad in ["", "  ", "two\nlines", &"n".repeat(65)] {
            let d = AssetDisplay {
                name: Some(bad.into()),
                ..display("ATOM", 6)
            };
            assert_eq!(
                d.validate(),
                Err(AssetDisplayError::InvalidName {
                    name: bad.into(),
                    max: 64
                }),
                "{bad:?}"
            );
        }
    }
}
