//! The simulator's errors: a bad scenario, a file that cannot be read or
//! written, a setup step the contracts refused, an advisor failure.

use thiserror::Error;

/// Everything that stops a simulation.
#[derive(Debug, Error)]
pub enum SimError {
    /// The scenario file is malformed or inconsistent.
    #[error("scenario: {field}: {reason}")]
    Scenario { field: String, reason: String },
    /// A file could not be read or written.
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    /// The price CSV is malformed.
    #[error("price csv line {line}: {reason}")]
    PriceCsv { line: usize, reason: String },
    /// Building the DAO or a step the simulation relies on failed.
    #[error("setup: {step}: {reason}")]
    Setup { step: String, reason: String },
    /// The advisor library refused its configuration.
    #[error("advisor: {0}")]
    Advisor(#[from] steward_advisor::AdvisorError),
    /// A chart could not be drawn.
    #[error("chart {chart}: {reason}")]
    Chart { chart: String, reason: String },
}

/// Result of a simulation step.
pub type SimResult<T> = Result<T, SimError>;

impl SimError {
    /// A setup failure from any error.
    pub fn setup(step: impl Into<String>, err: impl std::fmt::Display) -> Self {
        SimError::Setup {
            step: step.into(),
            // `{:#}` prints an error's whole chain of causes (anyhow's too);
            // a long message (a whole instantiate message) keeps its ends.
            reason: clip(&format!("{err:#}")),
        }
    }
}

fn clip(text: &str) -> String {
    const HEAD: usize = 300;
    const TAIL: usize = 400;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= HEAD + TAIL {
        return text.to_string();
    }
    let head: String = chars[..HEAD].iter().collect();
    let tail: String = chars[chars.len() - TAIL..].iter().collect();
    format!("{head} … {tail}")
}
