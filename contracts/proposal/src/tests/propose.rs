//! Propose: membership, input limits and the stored proposal.

use crate::error::ContractError;
use crate::tests::harness::{addr, default_config, text_action, vetoer, Suite};
use cosmwasm_std::Uint128;
use cw_utils::{Duration, Expiration, PaymentError};
use steward_types::proposal::ConfigError;
use steward_types::proposal::{
    ExecuteMsg, ProposalAction, ProposalKind, ProposalResponse, QueryMsg, Timelock,
    MAX_DESCRIPTION_LEN, MAX_PROPOSAL_ACTIONS, MAX_TITLE_LEN,
};
use steward_types::threshold::{Status, Votes};

fn propose_msg(title: &str, description: &str, actions: Vec<ProposalAction>) -> ExecuteMsg {
    ExecuteMsg::Propose {
        title: title.into(),
        description: description.into(),
        actions,
    }
}

#[test]
fn member_proposes_with_snapshot_and_config() {
    let mut config = default_config();
    config.min_voting_period = Some(Duration::Height(20));
    config.timelock = Some(Timelock {
        duration: Duration::Height(7),
        vetoer: vetoer().to_string(),
    });
    let mut suite = Suite::new(config.clone());
    let alice = addr("alice");
    let height = suite.env.block.height;
    let id = suite.propose(&alice, text_action());
    assert_eq!(id, 1);
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: 1 });
    let p = res.proposal;
    assert_eq!(res.status, Status::Open);
    assert_eq!(res.timelock_ends, None);
    assert_eq!(p.proposer, alice);
    assert_eq!(p.title, "Pay the auditors");
    assert_eq!(p.start_height, height);
    assert_eq!(p.start_time, suite.env.block.time.seconds());
    assert_eq!(p.expiration, Expiration::AtHeight(height + 100));
    assert_eq!(p.min_voting_period, Some(Expiration::AtHeight(height + 20)));
    assert_eq!(p.total_power, Uint128::new(100));
    assert_eq!(p.threshold, config.threshold);
    assert_eq!(p.timelock, config.timelock);
    assert!(!p.allow_revoting);
    assert_eq!(p.votes, Votes::default());
    assert_eq!(p.passed_at, None);
    assert_eq!(
        p.kind,
        ProposalKind::Actions {
            actions: text_action()
        }
    );
    assert_eq!(suite.propose(&addr("bob"), text_action()), 2);
    let count: u64 = suite.query(QueryMsg::ProposalCount {});
    assert_eq!(count, 2);
}

#[test]
fn total_power_is_read_at_the_start_height() {
    let mut suite = Suite::new(default_config());
    // Joined in this very block: counts from the next one on.
    suite.set_member(&addr("dave"), 50);
    let id = suite.propose(&addr("alice"), text_action());
    let res: ProposalResponse = suite.query(QueryMsg::Proposal { proposal_id: id });
    assert_eq!(res.proposal.total_power, Uint128::new(100));
}

#[test]
fn non_members_cannot_propose() {
    let mut suite = Suite::new(default_config());
    let mallory = addr("mallory");
    let err = suite
        .exec(&mallory, propose_msg("t", "d", text_action()))
        .unwrap_err();
    assert_eq!(err, ContractError::NotMember { address: mallory });
    // A removed member (power zero now) neither.
    let bob = addr("bob");
    suite.set_member(&bob, 0);
    let err = suite
        .exec(&bob, propose_msg("t", "d", text_action()))
        .unwrap_err();
    assert_eq!(err, ContractError::NotMember { address: bob });
}

#[test]
fn title_description_and_actions_are_bounded() {
    let mut suite = Suite::new(default_config());
    let alice = addr("alice");
    let err = suite
        .exec(&alice, propose_msg("", "d", text_action()))
        .unwrap_err();
    assert_eq!(err, ContractError::EmptyTitle {});

    let long_title = "t".repeat(MAX_TITLE_LEN + 1);
    let err = suite
        .exec(&alice, propose_msg(&long_title, "d", text_action()))
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::TitleTooLong {
            len: MAX_TITLE_LEN + 1,
            max: MAX_TITLE_LEN
        }
    );
    suite
        .exec(
            &alice,
            propose_msg(&"t".repeat(MAX_TITLE_LEN), "d", text_action()),
        )
        .unwrap();

    let long = "d".repeat(MAX_DESCRIPTION_LEN + 1);
    let err = suite
        .exec(&alice, propose_msg("t", &long, text_action()))
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::DescriptionTooLong {
            len: MAX_DESCRIPTION_LEN + 1,
            max: MAX_DESCRIPTION_LEN
        }
    );

    let err = suite
        .exec(&alice, propose_msg("t", "d", vec![]))
        .unwrap_err();
    assert_eq!(err, ContractError::NoActions {});

    let many = text_action()
        .into_iter()
        .cycle()
        .take(MAX_PROPOSAL_ACTIONS + 1)
        .collect();
    let err = suite.exec(&alice, propose_msg("t", "d", many)).unwrap_err();
    assert_eq!(
        err,
        ContractError::TooManyActions {
            count: MAX_PROPOSAL_ACTIONS + 1,
            max: MAX_PROPOSAL_ACTIONS
        }
    );
    let count: u64 = suite.query(QueryMsg::ProposalCount {});
    assert_eq!(count, 1, "only the valid proposal was stored");
}

#[test]
fn zero_total_power_is_refused() {
    let mut suite = Suite::new(default_config());
    // Everyone joined in this block: power now, none at the start height.
    suite.world.borrow_mut().members.clear();
    for name in ["alice", "bob", "carol"] {
        suite.set_member(&addr(name), 10);
    }
    let height = suite.env.block.height;
    let err = suite
        .exec(&addr("alice"), propose_msg("t", "d", text_action()))
        .unwrap_err();
    assert_eq!(err, ContractError::ZeroTotalPower { height });
}

#[test]
fn a_config_change_that_cannot_apply_is_refused_up_front() {
    let mut suite = Suite::new(default_config());
    let mut bad = default_config();
    bad.voting_period = Duration::Height(0);
    let err = suite
        .exec(
            &addr("alice"),
            propose_msg(
                "t",
                "d",
                vec![ProposalAction::UpdateProposalConfig { config: bad }],
            ),
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Config(ConfigError::ZeroDuration {
            field: "voting_period"
        })
    );
}

#[test]
fn propose_refuses_funds() {
    let mut suite = Suite::new(default_config());
    let err = suite
        .exec_paying(&addr("alice"), propose_msg("t", "d", text_action()))
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}
