//! `scan --sarif`: the findings as a SARIF 2.1.0 log, one rule per class,
//! with what code-scanning services read (rule ids and descriptions, a
//! `security-severity`, a level, a message, a location and a stable
//! fingerprint per result).

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use crate::scan::{Finding, Severity, CLASSES};

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

/// The log for `findings`.
pub fn log(findings: &[Finding]) -> Sarif {
    let rules: Vec<ReportingDescriptor> = CLASSES
        .iter()
        .map(|(class, description, severity)| {
            let mut properties = BTreeMap::new();
            properties.insert(
                "security-severity".to_owned(),
                serde_json::Value::String(security_severity(*severity).to_owned()),
            );
            ReportingDescriptor::builder()
                .id(*class)
                .name(*class)
                .short_description(text(description))
                .full_description(text(description))
                .help(text(&format!(
                    "{description}. Run `fetch-cors probe URL --origin ORIGIN` to see each browser's verdict and the fix."
                )))
                .properties(
                    PropertyBag::builder()
                        .tags(vec!["security".to_owned(), "cors".to_owned()])
                        .additional_properties(properties)
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = findings
        .iter()
        .map(|f| {
            let location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(ArtifactLocation::builder().uri(f.url.as_str()).build())
                        .build(),
                )
                .build();
            let mut fingerprint = BTreeMap::new();
            fingerprint.insert(
                "corsFinding/v1".to_owned(),
                format!("{} {} {} {}", f.class, f.url, f.method, f.origin),
            );
            SarifResult::builder()
                .rule_id(f.class)
                .level(match f.severity {
                    Severity::High => ResultLevel::Error,
                    Severity::Medium | Severity::Low => ResultLevel::Warning,
                    Severity::Info => ResultLevel::Note,
                })
                .message(
                    Message::builder()
                        .text(format!(
                            "{} (Origin: {}; profiles: {})",
                            f.message,
                            f.origin,
                            f.profiles.join(", ")
                        ))
                        .build(),
                )
                .locations(vec![location])
                .partial_fingerprints(fingerprint)
                .build()
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("fetch-cors")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://fetch.spec.whatwg.org/#http-cors-protocol")
        .rules(rules)
        .build();
    Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::Value::String("2.1.0".to_owned()))
        .runs(vec![Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(results)
            .build()])
        .build()
}

/// The `security-severity` code-scanning services rank by (0.0-10.0).
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "8.1",
        Severity::Medium => "5.3",
        Severity::Low => "3.1",
        Severity::Info => "0.0",
    }
}
