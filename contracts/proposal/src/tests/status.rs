//! The threshold and status rules as pure functions.

use crate::state::VoteState;
use crate::status::{
    add_duration, certain_pass, certain_reject, current_status, meets, passed_moment,
    passes_at_end, timelock_end, PassedMoment,
};
use crate::tests::harness::percent;
use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{BlockInfo, Timestamp, Uint128, Uint256};
use cw_utils::{Duration, Expiration};
use steward_types::proposal::{PassedAt, Timelock};
use steward_types::threshold::{PercentageThreshold, Status, Threshold, Votes};

const MAJ: PercentageThreshold = PercentageThreshold::Majority {};

fn u(n: u128) -> Uint256 {
    Uint256::from(n)
}

fn votes(yes: u128, no: u128, abstain: u128) -> Votes {
    Votes {
        yes: Uint128::new(yes),
        no: Uint128::new(no),
        abstain: Uint128::new(abstain),
    }
}

fn abs(p: PercentageThreshold) -> Threshold {
    Threshold::AbsolutePercentage { percentage: p }
}

fn tq(threshold: PercentageThreshold, quorum: PercentageThreshold) -> Threshold {
    Threshold::ThresholdQuorum { threshold, quorum }
}

fn count(n: u128) -> Threshold {
    Threshold::AbsoluteCount {
        threshold: Uint128::new(n),
    }
}

/// Started at height 100, expiring at 200, total power 100.
fn proposal(threshold: Threshold, v: Votes) -> VoteState {
    VoteState {
        start_height: 100,
        expiration: Expiration::AtHeight(200),
        min_voting_period: None,
        threshold,
        total_power: Uint128::new(100),
        allow_revoting: false,
        timelock: None,
        execution_window: None,
        votes: v,
        status: Status::Open,
        passed_at: None,
        adopts: None,
    }
}

fn at(height: u64) -> BlockInfo {
    let mut block = mock_env().block;
    block.height = height;
    block
}

#[test]
fn majority_is_strictly_more_than_half() {
    assert!(!meets(u(50), u(100), MAJ));
    assert!(meets(u(51), u(100), MAJ));
    assert!(!meets(u(1), u(2), MAJ));
    assert!(meets(u(2), u(3), MAJ));
    // Odd totals: 50 of 99 is more than half.
    assert!(meets(u(50), u(99), MAJ));
    assert!(!meets(u(49), u(99), MAJ));
}

#[test]
fn percentages_are_exact() {
    assert!(meets(u(60), u(100), percent("0.6")));
    assert!(!meets(u(59), u(100), percent("0.6")));
    // 1/3 of 3 written as 0.333…: one vote of three reaches it.
    assert!(meets(u(1), u(3), percent("0.333333333333333333")));
    // A share a hair above 2/3 is out of reach for 2 of 3; one just below is not.
    assert!(!meets(u(2), u(3), percent("0.666666666666666667")));
    assert!(meets(u(2), u(3), percent("0.666666666666666666")));
    assert!(meets(u(100), u(100), percent("1")));
    assert!(!meets(u(99), u(100), percent("1")));
    // Nothing reaches a share of zero power, not even zero.
    assert!(!meets(u(0), u(0), percent("0.5")));
    assert!(!meets(u(0), u(0), MAJ));
}

#[test]
fn huge_powers_do_not_overflow() {
    let max = Uint256::from(u128::MAX);
    assert!(meets(max, max, percent("1")));
    assert!(meets(max, max, MAJ));
    assert!(!meets(max - u(1), max, percent("1")));
    let v = votes(u128::MAX - 1, 1, 0);
    let mut p = proposal(abs(MAJ), v);
    p.total_power = Uint128::MAX;
    assert_eq!(current_status(&p, &at(150)), Status::Passed);
}

#[test]
fn absolute_percentage() {
    let t = abs(MAJ);
    let total = Uint128::new(100);
    // Early pass once yes is over half of all power.
    assert!(certain_pass(&t, &votes(51, 0, 0), total));
    assert!(!certain_pass(&t, &votes(50, 0, 0), total));
    // Abstentions count against: 50 yes and 50 abstain fails.
    assert!(!passes_at_end(&t, &votes(50, 0, 50), total));
    assert!(certain_reject(&t, &votes(50, 0, 50), total));
    // Early reject once yes plus everyone left cannot get over half.
    assert!(certain_reject(&t, &votes(0, 50, 0), total));
    assert!(!certain_reject(&t, &votes(0, 49, 0), total));
    assert!(certain_reject(&t, &votes(10, 40, 10), total));
    assert!(!certain_reject(&t, &votes(10, 39, 10), total));

    assert_eq!(
        current_status(&proposal(t.clone(), votes(40, 0, 0)), &at(150)),
        Status::Open
    );
    assert_eq!(
        current_status(&proposal(t.clone(), votes(51, 0, 0)), &at(150)),
        Status::Passed
    );
    assert_eq!(
        current_status(&proposal(t.clone(), votes(0, 50, 0)), &at(150)),
        Status::Rejected
    );
    // At expiration the votes as cast decide.
    assert_eq!(
        current_status(&proposal(t.clone(), votes(40, 0, 0)), &at(200)),
        Status::Rejected
    );

    let sixty = abs(percent("0.6"));
    assert!(certain_pass(&sixty, &votes(60, 0, 0), total));
    assert!(!certain_pass(&sixty, &votes(59, 0, 0), total));
    assert!(certain_reject(&sixty, &votes(0, 41, 0), total));
    assert!(!certain_reject(&sixty, &votes(0, 40, 0), total));
}

#[test]
fn threshold_quorum() {
    let t = tq(MAJ, percent("0.3"));
    let total = Uint128::new(100);
    // At the end: quorum over all power (abstain included), threshold over yes + no.
    assert!(passes_at_end(&t, &votes(2, 1, 27), total));
    assert!(
        !passes_at_end(&t, &votes(2, 1, 26), total),
        "quorum not met"
    );
    assert!(
        !passes_at_end(&t, &votes(15, 15, 0), total),
        "tie is not a majority"
    );
    assert!(!passes_at_end(&t, &votes(0, 0, 100), total), "all abstain");
    assert!(passes_at_end(&t, &votes(16, 15, 0), total));

    // Early pass needs the quorum met and a majority even if all 70 left vote no.
    assert!(!certain_pass(&t, &votes(30, 0, 0), total));
    assert!(certain_pass(&t, &votes(51, 0, 0), total));
    assert!(
        certain_pass(&t, &votes(40, 0, 30), total),
        "40 yes beat 30 no left"
    );
    assert!(
        !certain_pass(&t, &votes(30, 0, 40), total),
        "30 yes tie 30 no left"
    );
    assert!(
        !certain_pass(&t, &votes(20, 0, 0), total),
        "quorum not met yet"
    );

    // Early reject when even every remaining yes cannot make a majority.
    assert!(certain_reject(&t, &votes(0, 50, 0), total));
    assert!(!certain_reject(&t, &votes(0, 49, 0), total));
    assert!(
        certain_reject(&t, &votes(0, 0, 100), total),
        "everyone abstained"
    );
    assert!(!certain_reject(&t, &votes(0, 0, 99), total));

    // A 60% threshold with 50% quorum.
    let t = tq(percent("0.6"), percent("0.5"));
    assert!(passes_at_end(&t, &votes(30, 20, 0), total));
    assert!(!passes_at_end(&t, &votes(29, 20, 1), total));
    assert!(
        !passes_at_end(&t, &votes(30, 19, 0), total),
        "quorum 49 < 50"
    );
    assert_eq!(
        current_status(&proposal(t.clone(), votes(30, 20, 0)), &at(150)),
        Status::Open
    );
    assert_eq!(
        current_status(&proposal(t.clone(), votes(30, 20, 0)), &at(200)),
        Status::Passed
    );
    assert_eq!(
        current_status(&proposal(t, votes(30, 19, 0)), &at(200)),
        Status::Rejected
    );
}

#[test]
fn absolute_count() {
    let t = count(30);
    let total = Uint128::new(100);
    assert!(certain_pass(&t, &votes(30, 0, 0), total));
    assert!(
        certain_pass(&t, &votes(30, 70, 0), total),
        "no votes do not matter"
    );
    assert!(!certain_pass(&t, &votes(29, 0, 0), total));
    // 29 yes and one power left can still make 30.
    assert!(!certain_reject(&t, &votes(29, 70, 0), total));
    assert!(certain_reject(&t, &votes(29, 71, 0), total));
    assert!(certain_reject(&t, &votes(0, 0, 71), total));
    assert!(passes_at_end(&t, &votes(30, 0, 0), total));
    assert!(!passes_at_end(&t, &votes(29, 0, 0), total));
    // A count above the total power can never pass: rejected at once.
    let unreachable = proposal(count(101), votes(0, 0, 0));
    assert_eq!(current_status(&unreachable, &at(100)), Status::Rejected);
    assert_eq!(
        current_status(&proposal(t.clone(), votes(29, 0, 0)), &at(150)),
        Status::Open
    );
    assert_eq!(
        current_status(&proposal(t, votes(29, 0, 0)), &at(200)),
        Status::Rejected
    );
}

#[test]
fn expiration_decides_with_votes_as_cast() {
    let p = proposal(abs(MAJ), votes(45, 5, 0));
    assert_eq!(current_status(&p, &at(199)), Status::Open);
    assert_eq!(current_status(&p, &at(200)), Status::Rejected);
    let p = proposal(abs(percent("0.45")), votes(45, 5, 0));
    assert_eq!(current_status(&p, &at(150)), Status::Passed);
    assert_eq!(current_status(&p, &at(200)), Status::Passed);
}

#[test]
fn no_early_decision_before_min_voting_period() {
    let mut p = proposal(abs(MAJ), votes(60, 0, 0));
    p.min_voting_period = Some(Expiration::AtHeight(150));
    assert_eq!(current_status(&p, &at(120)), Status::Open);
    assert_eq!(current_status(&p, &at(149)), Status::Open);
    assert_eq!(current_status(&p, &at(150)), Status::Passed);
    // It became certain before the minimum ended: it passed when that ended.
    assert_eq!(
        passed_moment(&p),
        PassedMoment::At(Expiration::AtHeight(150))
    );

    p.votes = votes(0, 60, 0);
    assert_eq!(current_status(&p, &at(149)), Status::Open);
    assert_eq!(current_status(&p, &at(150)), Status::Rejected);

    // Not certain at the minimum's end: decided at expiration, timed from it.
    let mut p = proposal(tq(MAJ, percent("0.3")), votes(20, 10, 0));
    p.min_voting_period = Some(Expiration::AtHeight(150));
    assert_eq!(current_status(&p, &at(160)), Status::Open);
    assert_eq!(current_status(&p, &at(200)), Status::Passed);
    assert_eq!(
        passed_moment(&p),
        PassedMoment::At(Expiration::AtHeight(200))
    );
}

#[test]
fn revoting_defers_the_decision_to_expiration() {
    let mut p = proposal(abs(MAJ), votes(100, 0, 0));
    p.allow_revoting = true;
    assert_eq!(current_status(&p, &at(199)), Status::Open);
    assert_eq!(current_status(&p, &at(200)), Status::Passed);
    assert_eq!(
        passed_moment(&p),
        PassedMoment::At(Expiration::AtHeight(200))
    );
    p.votes = votes(0, 100, 0);
    assert_eq!(current_status(&p, &at(199)), Status::Open);
    assert_eq!(current_status(&p, &at(200)), Status::Rejected);
    // Even with a minimum voting period that has ended.
    p.votes = votes(100, 0, 0);
    p.min_voting_period = Some(Expiration::AtHeight(110));
    assert_eq!(current_status(&p, &at(150)), Status::Open);
    assert_eq!(
        passed_moment(&p),
        PassedMoment::At(Expiration::AtHeight(200))
    );
}

#[test]
fn stored_statuses_other_than_open_are_final() {
    for status in [
        Status::Rejected,
        Status::Passed,
        Status::Vetoed,
        Status::Executed,
        Status::ExecutionFailed,
        Status::Closed,
    ] {
        let mut p = proposal(abs(MAJ), votes(0, 0, 0));
        p.status = status;
        assert_eq!(current_status(&p, &at(150)), status);
        assert_eq!(current_status(&p, &at(500)), status);
    }
}

#[test]
fn timelock_counts_from_the_passing_moment() {
    let mut p = proposal(abs(MAJ), votes(60, 0, 0));
    assert_eq!(timelock_end(&p).unwrap(), None);

    p.timelock = Some(Timelock {
        duration: Duration::Height(10),
        vetoer: "v".into(),
    });
    p.passed_at = Some(PassedAt {
        height: 130,
        time: 5_000,
    });
    assert_eq!(timelock_end(&p).unwrap(), Some(Expiration::AtHeight(140)));
    p.timelock.as_mut().unwrap().duration = Duration::Time(60);
    assert_eq!(
        timelock_end(&p).unwrap(),
        Some(Expiration::AtTime(Timestamp::from_seconds(5_060)))
    );

    // Passed only at expiration: the timelock starts there.
    p.passed_at = None;
    p.votes = votes(40, 0, 0);
    p.threshold = abs(percent("0.4"));
    p.allow_revoting = true;
    p.timelock.as_mut().unwrap().duration = Duration::Height(10);
    assert_eq!(timelock_end(&p).unwrap(), Some(Expiration::AtHeight(210)));

    let time_exp = PassedMoment::At(Expiration::AtTime(Timestamp::from_seconds(900)));
    assert_eq!(
        add_duration(&time_exp, Duration::Time(100)).unwrap(),
        Expiration::AtTime(Timestamp::from_seconds(1_000))
    );
    // Mixed units cannot be added; config validation keeps them apart.
    assert!(add_duration(&time_exp, Duration::Height(1)).is_err());
}
