//! `openrouter-sim`: serves the simulator until Ctrl-C.
//!
//! ```text
//! openrouter-sim [--port N] [--seed S] [--keys N] [--latency-ms N] [--management-key K] [--demo]
//! ```
//! Prints `base_url=…` and `management_key=…` (one line each) once listening.

use std::process::ExitCode;
use std::time::Duration;

use openrouter_sim::{Sim, SimConfig};

const USAGE: &str = "usage: openrouter-sim [--port N] [--seed S] [--keys N] [--latency-ms N] [--management-key K] [--demo]";

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<SimConfig, String> {
    let mut config = SimConfig::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        fn number<T: std::str::FromStr>(name: &str, v: String) -> Result<T, String> {
            v.parse()
                .map_err(|_| format!("{name}: not a valid number: {v}"))
        }
        match flag.as_str() {
            "--port" => config.port = number("--port", value("--port")?)?,
            "--seed" => config.seed = number("--seed", value("--seed")?)?,
            "--keys" => config.keys = number("--keys", value("--keys")?)?,
            "--latency-ms" => {
                config.latency =
                    Duration::from_millis(number("--latency-ms", value("--latency-ms")?)?)
            }
            "--management-key" => config.management_key = Some(value("--management-key")?),
            "--demo" => config.demo = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument: {other}\n{USAGE}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let sim = match Sim::start(config).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("openrouter-sim: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("base_url={}", sim.base_url());
    println!("management_key={}", sim.management_key());
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_every_flag() {
        let c = parse_args(args(
            "--port 8080 --seed=7 --keys 3 --latency-ms 25 --management-key mk --demo",
        ))
        .unwrap();
        assert_eq!((c.port, c.seed, c.keys, c.demo), (8080, 7, 3, true));
        assert_eq!(c.latency.as_millis(), 25);
        assert_eq!(c.management_key.as_deref(), Some("mk"));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(parse_args(args("--port x")).is_err());
        assert!(parse_args(args("--keys")).is_err());
        assert!(parse_args(args("--bogus")).is_err());
    }
}
