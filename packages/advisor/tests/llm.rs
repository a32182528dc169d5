//! The model strategy against a chat-completions server started in the test.
//! No model runs: the server answers what each test scripts.

mod common;

use common::{Reply, Server};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use steward_advisor::recommend::{recommend, Envelope, Outcome};
use steward_advisor::replay::replay;
use steward_advisor::sample;
use steward_advisor::strategy::llm::SYSTEM_PROMPT;
use steward_advisor::{AdvisorError, Snapshot, Strategy, StrategyConfig};
use steward_chain::ChainError;
use steward_types::PolicyViolation;

/// A chat-completions response whose message content is `content`.
fn completion(content: &str) -> String {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1,
        "model": "test-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "finish_reason": "stop"
        }]
    })
    .to_string()
}

fn answer(actions: serde_json::Value) -> String {
    json!({
        "actions": actions,
        "rationale": "uasset01 is overweight; sell a little into uusd",
        "confidence_bps": 6500
    })
    .to_string()
}

fn small_swap() -> serde_json::Value {
    json!([{"swap": {
        "pair": sample::pair(1),
        "offer_asset": {"native_token": {"denom": "uasset01"}},
        "offer_amount": "1000",
        "ask_asset": {"native_token": {"denom": "uusd"}},
        "max_slippage_bps": 100
    }}])
}

fn strategy_for(
    server: &Server,
    tweak: impl FnOnce(&mut steward_advisor::strategy::LlmConfig),
) -> (StrategyConfig, Box<dyn Strategy>) {
    let mut config = sample::llm_config(&format!("{}/v1", server.url));
    if let StrategyConfig::Llm(c) = &mut config {
        tweak(c);
    }
    let strategy = config.build().unwrap();
    (config, strategy)
}

fn run(snapshot: &Snapshot, strategy: &dyn Strategy) -> Result<Outcome, AdvisorError> {
    let config = sample::config(sample::rebalance_config(3));
    let envelope = Envelope::derive(snapshot, &config.advisor, &Default::default()).unwrap();
    recommend(snapshot, strategy, &envelope)
}

#[test]
fn good_answer_becomes_a_checked_payload_with_model_provenance() {
    let server = Server::start(|_| Reply::json(200, completion(&answer(small_swap()))));
    let (_, strategy) = strategy_for(&server, |_| {});
    let snapshot = sample::snapshot(3);
    let Outcome::Payload(rec) = run(&snapshot, strategy.as_ref()).unwrap() else {
        panic!("expected a payload")
    };
    let p = &rec.payload;
    assert_eq!(p.actions.len(), 1);
    assert_eq!(p.provenance.strategy, "llm");
    assert_eq!(p.provenance.model_id.as_deref(), Some("test-model"));
    assert_eq!(p.provenance.confidence_bps, 6500);
    assert!(p.provenance.rationale.text.contains("overweight"));
    // The digest covers config and prompt, and is reproducible without the model.
    assert_eq!(
        p.provenance.config_digest,
        strategy.config_digest(&snapshot).unwrap()
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/v1/chat/completions");
    assert!(r.header("authorization").is_none());
    let body = r.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["temperature"], 0.0);
    assert_eq!(body["response_format"]["type"], "json_object");
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][0]["content"], SYSTEM_PROMPT);
    let user = body["messages"][1]["content"].as_str().unwrap();
    assert!(user.starts_with("Treasury state:"));
    assert!(user.contains(&snapshot.oracle) || user.contains(&snapshot.chain_id));
}

#[test]
fn replay_of_a_model_payload_checks_all_but_the_model_output() {
    let server = Server::start(|_| Reply::json(200, completion(&answer(small_swap()))));
    let (_, strategy) = strategy_for(&server, |_| {});
    let snapshot = sample::snapshot(3);
    let Outcome::Payload(rec) = run(&snapshot, strategy.as_ref()).unwrap() else {
        panic!()
    };
    let config = sample::config(sample::rebalance_config(3));
    let envelope = Envelope::derive(&snapshot, &config.advisor, &Default::default()).unwrap();
    let report = replay(&snapshot, strategy.as_ref(), &envelope, &rec.bytes).unwrap();
    assert!(!report.actions_rederived);
    assert_eq!(server.requests().len(), 1, "replay does not call the model");

    let mut tampered = rec.payload.clone();
    tampered.provenance.config_digest = "00".repeat(32);
    let bytes = cosmwasm_std::to_json_vec(&tampered).unwrap();
    let err = replay(&snapshot, strategy.as_ref(), &envelope, &bytes).unwrap_err();
    assert!(
        matches!(&err, AdvisorError::ReplayMismatch { path, .. } if path == "provenance.config_digest"),
        "{err}"
    );
}

#[test]
fn fenced_answer_and_bearer_token_work() {
    std::env::set_var("STEWARD_ADVISOR_TEST_LLM_KEY", "sk-test-123");
    let fenced = format!("```json\n{}\n```", answer(small_swap()));
    let server = Server::start(move |_| Reply::json(200, completion(&fenced)));
    let (_, strategy) = strategy_for(&server, |c| {
        c.api_key_env = Some("STEWARD_ADVISOR_TEST_LLM_KEY".into())
    });
    let outcome = run(&sample::snapshot(3), strategy.as_ref()).unwrap();
    assert!(matches!(outcome, Outcome::Payload(_)));
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer sk-test-123")
    );
}

#[test]
fn malformed_answers_are_rejected_with_a_reason_and_not_retried() {
    let cases = [
        "I think you should buy more ATOM.".to_string(),
        json!({"actions": [{"buy": {"asset": "atom"}}], "rationale": "x", "confidence_bps": 1})
            .to_string(),
        json!({"actions": [], "rationale": "x", "confidence_bps": 1, "note": "extra"}).to_string(),
        json!({"actions": [], "rationale": "", "confidence_bps": 1}).to_string(),
        json!({"actions": [], "rationale": "x", "confidence_bps": 10001}).to_string(),
    ];
    for content in cases {
        let body = completion(&content);
        let server = Server::start(move |_| Reply::json(200, body.clone()));
        let (_, strategy) = strategy_for(&server, |_| {});
        let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
        assert!(
            matches!(err, AdvisorError::ModelAnswerMalformed { .. }),
            "{content}: {err}"
        );
        assert_eq!(server.requests().len(), 1, "{content}");
    }
    // Not a chat-completions response at all.
    let server = Server::start(|_| Reply::json(200, "{\"choices\": 5}"));
    let (_, strategy) = strategy_for(&server, |_| {});
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(err, AdvisorError::ModelAnswerMalformed { .. }),
        "{err}"
    );
    // A response with no content (e.g. a refusal).
    let server = Server::start(|_| {
        Reply::json(
            200,
            json!({"choices": [{"message": {"role": "assistant", "content": null}}]}).to_string(),
        )
    });
    let (_, strategy) = strategy_for(&server, |_| {});
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(&err, AdvisorError::ModelAnswerMalformed { reason } if reason.contains("no message content")),
        "{err}"
    );
}

#[test]
fn server_error_is_retried_then_succeeds() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let server = Server::start(move |_| {
        if c.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::json(500, "{\"error\":\"overloaded\"}")
        } else {
            Reply::json(200, completion(&answer(small_swap())))
        }
    });
    let (_, strategy) = strategy_for(&server, |_| {});
    let outcome = run(&sample::snapshot(3), strategy.as_ref()).unwrap();
    assert!(matches!(outcome, Outcome::Payload(_)));
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn persistent_server_errors_exhaust_the_retries() {
    let server = Server::start(|_| Reply::json(503, "{\"error\":\"down\"}"));
    let (_, strategy) = strategy_for(&server, |c| c.max_retries = 2);
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(&err, AdvisorError::ModelUnavailable { attempts: 3, last } if last.contains("503")),
        "{err}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn timeouts_are_retried_then_reported() {
    let server = Server::start(|_| {
        Reply::json(200, completion(&answer(small_swap()))).delayed(Duration::from_millis(2_500))
    });
    let (_, strategy) = strategy_for(&server, |c| {
        c.timeout_seconds = 1;
        c.max_retries = 1;
    });
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(&err, AdvisorError::ModelUnavailable { attempts: 2, last } if last.contains("did not answer")),
        "{err}"
    );
}

#[test]
fn client_errors_are_not_retried() {
    let server = Server::start(|_| Reply::json(401, "{\"error\":\"bad key\"}"));
    let (_, strategy) = strategy_for(&server, |c| c.max_retries = 3);
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(
            err,
            AdvisorError::Chain(ChainError::HttpStatus { status: 401, .. })
        ),
        "{err}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn unreachable_endpoint_is_reported_after_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = sample::llm_config(&format!("http://127.0.0.1:{port}/v1"));
    let strategy = config.build().unwrap();
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(&err, AdvisorError::ModelUnavailable { attempts: 2, last } if last.contains("unreachable")),
        "{err}"
    );
}

#[test]
fn answer_outside_policy_is_refused() {
    // Far more than the allowance: the shared policy check says no.
    let greedy = json!([{"transfer": {
        "asset": {"native_token": {"denom": "uusd"}},
        "amount": "999999999999999",
        "recipient": sample::addr("someone")
    }}]);
    let body = completion(&answer(greedy));
    let server = Server::start(move |_| Reply::json(200, body.clone()));
    let (_, strategy) = strategy_for(&server, |_| {});
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(
            &err,
            AdvisorError::PolicyRefused { strategy, violation: PolicyViolation::AllowanceExceeded { .. } } if strategy == "llm"
        ),
        "{err}"
    );
    // A pair that is not on the venue allowlist.
    let rogue = json!([{"swap": {
        "pair": sample::addr("rogue-pair"),
        "offer_asset": {"native_token": {"denom": "uasset01"}},
        "offer_amount": "1000",
        "ask_asset": {"native_token": {"denom": "uusd"}},
        "max_slippage_bps": 100
    }}]);
    let body = completion(&answer(rogue));
    let server = Server::start(move |_| Reply::json(200, body.clone()));
    let (_, strategy) = strategy_for(&server, |_| {});
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(
            &err,
            AdvisorError::PolicyRefused {
                violation: PolicyViolation::VenueNotAllowed { .. },
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn answer_with_an_unknown_asset_is_refused() {
    let ghost = json!([{"transfer": {
        "asset": {"native_token": {"denom": "ughost"}},
        "amount": "1",
        "recipient": sample::addr("someone")
    }}]);
    let body = completion(&answer(ghost));
    let server = Server::start(move |_| Reply::json(200, body.clone()));
    let (_, strategy) = strategy_for(&server, |_| {});
    let err = run(&sample::snapshot(3), strategy.as_ref()).unwrap_err();
    assert!(
        matches!(&err, AdvisorError::UnknownAsset { asset, .. } if asset == "native:ughost"),
        "{err}"
    );
}

#[test]
fn empty_answer_is_nothing_to_do() {
    let body = completion(
        &json!({"actions": [], "rationale": "Balanced; hold.", "confidence_bps": 9000}).to_string(),
    );
    let server = Server::start(move |_| Reply::json(200, body.clone()));
    let (_, strategy) = strategy_for(&server, |_| {});
    let outcome = run(&sample::snapshot(3), strategy.as_ref()).unwrap();
    assert_eq!(
        outcome,
        Outcome::NothingToDo {
            strategy: "llm".into(),
            reason: "Balanced; hold.".into()
        }
    );
}
