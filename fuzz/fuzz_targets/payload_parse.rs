//! Payload parsing: any bytes are refused or parsed; what parses serialises
//! and parses again to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_types::payload::{PricePayload, RecommendationPayload};

fuzz_target!(|data: &[u8]| {
    if let Ok(payload) = RecommendationPayload::parse(data) {
        let again = cosmwasm_std::to_json_vec(&payload).expect("a parsed payload serialises");
        let reparsed = RecommendationPayload::parse(&again);
        assert_eq!(
            reparsed.as_ref(),
            Ok(&payload),
            "round trip changed the payload"
        );
    }
    if let Ok(prices) = PricePayload::parse(data) {
        let again = cosmwasm_std::to_json_vec(&prices).expect("a parsed price payload serialises");
        assert_eq!(PricePayload::parse(&again).as_ref(), Ok(&prices));
    }
});
