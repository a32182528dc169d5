use steward_tests::suite::SuiteBuilder;
#[test]
fn print_addrs() {
    let s = SuiteBuilder::default().build();
    println!(
        "oracle={} treasury={} pair={} token={} recipient={} core={} now={} height={} chain={}",
        s.oracle,
        s.treasury,
        s.pair,
        s.token,
        s.actors.recipient,
        s.core,
        s.now(),
        s.app.block_info().height,
        s.app.block_info().chain_id
    );
}
