//! Fuzzes the path of `kubectl crvalidate` from file bytes to findings: text decoding, YAML
//! loading with positions, CRD compilation (documents that are CRDs), and validation of every
//! document against the example CRDs and the shipped built-in schemas. Any panic, overflow or
//! runaway allocation is a bug: bad input must only ever give errors.

#![no_main]

use std::sync::LazyLock;

use crkit_discovery::validate::{Catalog, Gvk, Limits, Options, UnknownFields, crd, manifest};
use libfuzzer_sys::fuzz_target;

const EXAMPLE_CRDS: [&str; 5] = [
    include_str!("../../examples/crds/ai.example.com_gatewayroutes.yaml"),
    include_str!("../../examples/crds/ai.example.com_modelendpoints.yaml"),
    include_str!("../../examples/crds/ai.example.com_tenantconfigurations.yaml"),
    include_str!("../../examples/crds/gateway.ai.example.com_llmmodels.yaml"),
    include_str!("../../examples/crds/gateway.ai.example.com_llmroutes.yaml"),
];

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let mut catalog = Catalog::new(true);
    for text in EXAMPLE_CRDS {
        for doc in manifest::load(text, Limits::default()).documents {
            catalog.add_crd(&doc.value, "example").expect("the example CRDs are valid");
        }
    }
    catalog
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = manifest::decode_text(data) else {
        return;
    };
    let loaded = manifest::load(&text, Limits::default());
    for doc in &loaded.documents {
        if crd::is_crd(&doc.value) {
            let _ = crd::compile_crd(&doc.value);
            continue;
        }
        let Some(gvk) = Gvk::of(&doc.value) else {
            continue;
        };
        if let Some(schema) = CATALOG.get(&gvk) {
            for unknown_fields in [UnknownFields::Error, UnknownFields::Warn] {
                let outcome = schema.validate(
                    &doc.value,
                    &doc.positions,
                    &doc.duplicates,
                    Options { unknown_fields },
                );
                // Every finding renders.
                let _ = serde_json::to_string(&outcome.findings);
            }
        }
    }
});
