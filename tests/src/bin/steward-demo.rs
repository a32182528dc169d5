//! The adoption flow, step by step, in multi-test: a proposal registers the
//! advisor key, the advisor signs a recommendation, a relayer submits it, a
//! member proposes adoption, members vote, the timelock runs out, anyone
//! executes, and the treasury pays.

use cosmwasm_std::to_json_vec;
use steward_tests::suite::{transfer, SuiteBuilder, ADVISOR, ATOM, USD};
use steward_types::threshold::{Status, Vote};

fn main() -> anyhow::Result<()> {
    let mut s = SuiteBuilder::default().build();
    let names = ["alice", "bob", "carol"];
    println!("Steward adoption flow (multi-test)");
    println!("  dao-core  {}", s.core);
    println!("  proposal  {}", s.proposal);
    println!("  treasury  {}", s.treasury);
    println!("  oracle    {}", s.oracle);
    println!("  members   alice 40, bob 30, carol 30 (majority of 100 passes)");

    step(
        1,
        "governance registers the advisor keys (secp256k1 and ed25519)",
    );
    let id = s.register_advisors()?;
    println!(
        "    proposal #{id} passed and executed; advisor {ADVISOR} is active: {}",
        s.advisor_info(ADVISOR).active
    );

    step(
        2,
        "the advisor signs a recommendation: pay 2 USD-units to the grants recipient",
    );
    let recipient = s.actors.recipient.clone();
    let payload = s.payload(vec![transfer(USD, 2_000_000, &recipient)]);
    let bytes = to_json_vec(&payload)?;
    println!(
        "    payload {} bytes, nonce {}, policy version {}, sha256 {}",
        bytes.len(),
        payload.nonce,
        payload.policy_version,
        steward_types::crypto::digest_hex(&bytes)
    );

    step(
        3,
        "a relayer submits it; the oracle verifies the signature, domain, nonce, expiry and policy",
    );
    let signature = s.advisor.advisor_signature(ADVISOR, &bytes);
    let rec = s.submit_signed(&bytes, vec![signature])?;
    println!(
        "    recommendation #{rec}: {:?}",
        s.recommendation(rec).status
    );

    step(
        4,
        "alice proposes adopting it (actions and payload hash copied from the oracle)",
    );
    let alice = s.member(0);
    let pid = s.propose_adoption(&alice, rec)?;
    println!("    proposal #{pid}: {}", s.proposal(pid).status);

    step(5, "members vote until the outcome cannot change");
    for (i, name) in names.iter().enumerate() {
        let status = s.proposal(pid).status;
        if status != Status::Open {
            println!("    {name} need not vote: the proposal is already {status}");
            continue;
        }
        let member = s.member(i);
        s.vote(&member, pid, Vote::Yes)?;
        let p = s.proposal(pid);
        println!(
            "    {name} votes yes -> yes {} of {} total power, proposal {}",
            p.proposal.votes.yes, p.proposal.total_power, p.status
        );
    }

    step(
        6,
        "the timelock runs (the vetoer could stop it now); executing early is refused",
    );
    let early = s.execute(&alice, pid).unwrap_err();
    println!("    execute now: refused ({})", early.root_cause());
    s.wait_timelock(pid);
    println!("    timelock over");

    step(7, "anyone executes");
    let treasury = s.treasury.clone();
    let before = (
        s.balance(&treasury, USD),
        s.balance(&recipient, USD),
        s.balance(&treasury, ATOM),
    );
    let outsider = s.actors.outsider.clone();
    s.execute(&outsider, pid)?;
    let after = (
        s.balance(&treasury, USD),
        s.balance(&recipient, USD),
        s.balance(&treasury, ATOM),
    );
    println!("    {:<22}{:>14}{:>14}", "balance", "before", "after");
    println!("    {:<22}{:>14}{:>14}", "treasury uusd", before.0, after.0);
    println!(
        "    {:<22}{:>14}{:>14}",
        "recipient uusd", before.1, after.1
    );
    println!(
        "    {:<22}{:>14}{:>14}",
        "treasury uatom", before.2, after.2
    );
    let rec_now = s.recommendation(rec);
    let record = s.advisor_info(ADVISOR).record;
    println!("    proposal #{pid}: {}", s.proposal(pid).status);
    println!("    recommendation #{rec}: {:?}", rec_now.status);
    println!(
        "    advisor {ADVISOR} record: submitted {}, adopted {}, executed {}",
        record.submitted, record.adopted, record.executed
    );
    Ok(())
}

fn step(n: u32, what: &str) {
    println!("\n[{n}] {what}");
}
