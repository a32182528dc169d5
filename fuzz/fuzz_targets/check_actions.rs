//! The policy check: a policy, balances, prices and a clock built from the
//! input, then rounds of actions checked one after another, each round
//! starting from the state the previous one returned.
#![no_main]

use cosmwasm_std::{Decimal, Uint128};
use libfuzzer_sys::fuzz_target;
use steward_fuzz::{policy, Addrs};
use steward_types::asset::{AssetAmount, AssetInfo};
use steward_types::policy::{check_actions, PolicyContext, PriceInfo, TreasuryAction};

/// Reads numbers from the input, zeros once it runs out.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn u8(&mut self) -> u8 {
        let (&b, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        b
    }
    fn u64(&mut self) -> u64 {
        (0..8).fold(0, |acc, _| (acc << 8) | u64::from(self.u8()))
    }
    /// Mostly small amounts, sometimes any 128-bit one.
    fn amount(&mut self) -> u128 {
        match self.u8() % 4 {
            0 => u128::from(self.u64()) << 64 | u128::from(self.u64()),
            1 => u128::from(self.u64()),
            _ => u128::from(self.u64() % 100_000_000),
        }
    }
}

fn asset(a: &Addrs, i: u8) -> AssetInfo {
    match i % 4 {
        0 => AssetInfo::native("uusd"),
        1 => AssetInfo::native("uatom"),
        2 => AssetInfo::cw20(a.token.as_str()),
        _ => AssetInfo::native("unlisted"),
    }
}

fuzz_target!(|data: &[u8]| {
    let a = Addrs::new();
    let mut r = Reader(data);
    let mut p = policy(&a);
    p.period_seconds = match r.u8() % 3 {
        0 => 86_400,
        1 => 1 + r.u64() % 1_000_000,
        _ => r.u64(),
    };
    for allowance in p.allowances.iter_mut() {
        allowance.amount = Uint128::new(r.amount());
    }
    p.max_nav_share_bps = match r.u8() % 3 {
        0 => None,
        _ => Some((r.u64() % 10_001) as u16),
    };
    p.max_slippage_bps = (r.u64() % 10_001) as u16;
    let now = 1_700_000_000 + r.u64() % 1_000_000_000;
    let balances = (0..3)
        .map(|i| AssetAmount::new(asset(&a, i), r.amount()))
        .collect();
    let mut prices = Vec::new();
    for i in 0..3 {
        // Sometimes an asset has no price at all.
        if r.u8() % 5 == 0 {
            continue;
        }
        prices.push(PriceInfo {
            asset: asset(&a, i),
            price: Decimal::new(Uint128::new(r.amount())),
            publish_time: now.saturating_sub(r.u64() % 7_200),
        });
    }
    let mut ctx = PolicyContext {
        policy: p,
        policy_version: 1,
        now,
        balances,
        prices,
        limits: Default::default(),
    };
    for _round in 0..4 {
        let count = r.u8() % 20;
        let actions: Vec<TreasuryAction> = (0..count)
            .map(|_| match r.u8() % 5 {
                0 | 1 => TreasuryAction::Transfer {
                    asset: asset(&a, r.u8()),
                    amount: Uint128::new(r.amount()),
                    recipient: a.members[usize::from(r.u8() % 3)].to_string(),
                },
                2 => TreasuryAction::Swap {
                    pair: if r.u8() % 4 == 0 {
                        a.outsider.to_string()
                    } else {
                        a.pair.to_string()
                    },
                    offer_asset: asset(&a, r.u8()),
                    offer_amount: Uint128::new(r.amount()),
                    ask_asset: asset(&a, r.u8()),
                    max_slippage_bps: (r.u64() % 10_001) as u16,
                },
                3 => TreasuryAction::SetBudget {
                    spender: a.outsider.to_string(),
                    asset: asset(&a, r.u8()),
                    amount_per_period: Uint128::new(r.amount()),
                    period_seconds: r.u64() % 10_000_000,
                },
                _ => TreasuryAction::RemoveBudget {
                    spender: a.outsider.to_string(),
                    asset: asset(&a, r.u8()),
                },
            })
            .collect();
        match check_actions(&ctx, &actions) {
            Ok(outcome) => {
                for quote in &outcome.swaps {
                    assert!(quote.min_out <= quote.expected_out, "{quote:?}");
                }
                ctx.limits = outcome.limits;
            }
            Err(violation) => {
                std::hint::black_box(violation.to_string());
            }
        }
        ctx.now = ctx.now.saturating_add(r.u64() % 200_000);
    }
});
