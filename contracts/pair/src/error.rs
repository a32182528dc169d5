use cosmwasm_std::{StdError, Uint128};
use cw_utils::PaymentError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error("a pool needs two different assets, got {asset} twice")]
    SameAssets { asset: String },

    #[error("fee of {fee_bps} bps is over 10000")]
    FeeTooHigh { fee_bps: u16 },

    #[error("{asset} is not in this pool")]
    NotInPool { asset: String },

    #[error("a cw20 offer ({asset}) comes through the token's Send, not Swap")]
    Cw20OfferThroughSwap { asset: String },

    #[error("the offer is {offered} but {sent} was sent")]
    FundsMismatch { offered: Uint128, sent: Uint128 },

    #[error("the offer is zero")]
    ZeroOffer {},

    #[error("the pool holds no {asset}")]
    EmptyReserve { asset: String },

    #[error("the pool's reserve of {asset} is {reserve}, less than the {offer} just offered")]
    ReserveBelowOffer {
        asset: String,
        reserve: Uint128,
        offer: Uint128,
    },

    #[error("Operation exceeds max spread limit: return {return_amount} below {minimum}")]
    MaxSpreadExceeded {
        return_amount: Uint128,
        minimum: Uint128,
    },

    #[error("belief price must be positive")]
    ZeroBeliefPrice {},

    #[error("max spread {max_spread} is over 1")]
    MaxSpreadTooHigh { max_spread: String },

    #[error("arithmetic overflow computing {what}")]
    Overflow { what: &'static str },
}
