//! PersistentVolume and PersistentVolumeClaim of the core group
//! (`pkg/apis/core/validation/validation.go`, Kubernetes v1.37), after the defaults of
//! `pkg/apis/core/v1/defaults.go` and the claim strategy's `PrepareForCreate`
//! (`pkg/registry/core/persistentvolumeclaim/strategy.go`: data sources normalized).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use super::affinity::node_selector;
use super::volume::host_path;
use super::{meta, s};
use crate::validate::builtin::label_selector::validate_label_selector;
use crate::validate::builtin::quantity::Quantity;
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::names::{dns1123_label, dns1123_subdomain};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// `supportedAccessModes`, sorted as `sets.List` lists them.
const ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// A field that is set (JSON `null` is Go's nil pointer).
fn set<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.get(k).filter(|x| !x.is_null())
}

fn strings(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The access modes of a claim or volume spec: each one supported, `ReadWriteOncePod` alone.
fn access_modes(modes: &[String], path: &FieldPath, errs: &mut Vec<FieldError>) {
    let (mut once_pod, mut other) = (false, false);
    for m in modes {
        let supported = ACCESS_MODES.contains(&m.as_str());
        if !supported {
            errs.push(FieldError::not_supported(
                path,
                &Value::String(m.clone()),
                &ACCESS_MODES.map(str::to_owned),
            ));
        }
        if m == "ReadWriteOncePod" {
            once_pod = true;
        } else if supported {
            other = true;
        }
    }
    if once_pod && other {
        errs.push(FieldError::forbidden(
            path,
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
}

/// `ValidatePositiveQuantityValue`.
fn positive_quantity_value(q: Quantity, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let zero = Quantity::parse("0").expect("0 is a quantity");
    if q <= zero {
        errs.push(FieldError::invalid(
            path,
            &Value::String(q.canonical()),
            "must be greater than zero",
        ));
    }
}

/// `ValidateClassName` (`NameIsDNSSubdomain`) of a class name at `path`.
fn class_name(name: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    for m in dns1123_subdomain(name) {
        errs.push(FieldError::invalid(
            path,
            &Value::String(name.to_owned()),
            m,
        ));
    }
}

/// `supportedVolumeModes`.
fn volume_mode(spec: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if let Some(mode) = set(spec, "volumeMode").and_then(Value::as_str)
        && !matches!(mode, "Block" | "Filesystem")
    {
        errs.push(FieldError::not_supported(
            path,
            &Value::String(mode.to_owned()),
            &["Block", "Filesystem"],
        ));
    }
}

/// `validateDataSource` and `validateDataSourceRef`.
fn data_source(r: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if s(r, "name").is_empty() {
        errs.push(FieldError::required(&path.child("name"), ""));
    }
    let kind = s(r, "kind");
    if kind.is_empty() {
        errs.push(FieldError::required(&path.child("kind"), ""));
    }
    let group = s(r, "apiGroup");
    if group.is_empty() && kind != "PersistentVolumeClaim" {
        errs.push(FieldError::invalid(
            path,
            &Value::String(kind.to_owned()),
            "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
        ));
    }
    if !group.is_empty() {
        for m in dns1123_subdomain(group) {
            errs.push(FieldError::invalid(
                &path.child("apiGroup"),
                &Value::String(group.to_owned()),
                m,
            ));
        }
    }
    // Only a `dataSourceRef` has a namespace (`ValidateNamespaceName`).
    let namespace = s(r, "namespace");
    if !namespace.is_empty() {
        for m in dns1123_label(namespace) {
            errs.push(FieldError::invalid(
                &path.child("namespace"),
                &Value::String(namespace.to_owned()),
                m,
            ));
        }
    }
}

/// The claim spec after the strategy's `PrepareForCreate`: `DropDisabledFields` (a
/// `dataSourceRef` with a namespace is dropped), `EnforceDataSourceBackwardsCompatibility` and
/// `NormalizeDataSources`.
fn normalized_data_sources(spec: &Value) -> Value {
    let mut source = set(spec, "dataSource").cloned();
    let mut reference = set(spec, "dataSourceRef")
        .filter(|r| s(r, "namespace").is_empty())
        .cloned();
    if reference.is_none() {
        let pvc_or_snapshot = source.as_ref().is_some_and(|d| {
            matches!(
                (s(d, "kind"), s(d, "apiGroup")),
                ("PersistentVolumeClaim", "") | ("VolumeSnapshot", "snapshot.storage.k8s.io")
            )
        });
        if !pvc_or_snapshot {
            source = None;
        }
    }
    let copy = |from: &Value| {
        let mut r = json!({"kind": s(from, "kind"), "name": s(from, "name")});
        if let Some(g) = set(from, "apiGroup") {
            r["apiGroup"] = g.clone();
        }
        r
    };
    match (&source, &reference) {
        (Some(d), None) => reference = Some(copy(d)),
        (None, Some(r)) => source = Some(copy(r)),
        _ => {}
    }
    let mut spec = spec.clone();
    if let Some(o) = spec.as_object_mut() {
        for (k, v) in [("dataSource", source), ("dataSourceRef", reference)] {
            match v {
                Some(v) => o.insert(k.to_owned(), v),
                None => o.remove(k),
            };
        }
    }
    spec
}

/// `ValidatePersistentVolumeClaimSpec` (with the options of a create: VolumeAttributesClass is
/// on), after `SetDefaults_PersistentVolumeClaimSpec` (whose `volumeMode` is valid). Also the
/// check of a StatefulSet's claim templates (`ValidatePersistentVolumeClaimTemplate`), whose
/// data sources no strategy normalizes.
pub(in crate::validate::builtin) fn persistent_volume_claim_spec(
    spec: &Value,
    sp: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let modes = strings(spec, "accessModes");
    if modes.is_empty() {
        errs.push(FieldError::required(
            &sp.child("accessModes"),
            "at least 1 access mode is required",
        ));
    }
    if let Some(sel) = set(spec, "selector") {
        validate_label_selector(Some(sel), &sp.child("selector"), &mut errs);
    }
    access_modes(&modes, &sp.child("accessModes"), &mut errs);
    // Go names the request `resources[storage]`, not `resources.requests.storage`.
    let storage_path = sp.child("resources").key("storage");
    match spec
        .get("resources")
        .and_then(|r| r.get("requests"))
        .and_then(|r| r.get("storage"))
    {
        None => errs.push(FieldError::required(&storage_path, "")),
        Some(v) => {
            if let Some(q) = Quantity::of(v) {
                let before = errs.len();
                positive_quantity_value(q, &storage_path, &mut errs);
                if errs.len() == before {
                    errs.extend(super::resources::resource_quantity_value(
                        "storage",
                        q,
                        &storage_path,
                    ));
                }
            }
        }
    }
    if let Some(class) = set(spec, "storageClassName").and_then(Value::as_str)
        && !class.is_empty()
    {
        class_name(class, &sp.child("storageClassName"), &mut errs);
    }
    volume_mode(spec, &sp.child("volumeMode"), &mut errs);
    let source = set(spec, "dataSource");
    let reference = set(spec, "dataSourceRef");
    if let Some(d) = source {
        data_source(d, &sp.child("dataSource"), &mut errs);
    }
    if let Some(r) = reference {
        data_source(r, &sp.child("dataSourceRef"), &mut errs);
    }
    let cross_namespace = reference.is_some_and(|r| !s(r, "namespace").is_empty());
    if cross_namespace && source.is_some() {
        errs.push(FieldError::new(
            Reason::FieldValueInvalid,
            sp,
            BadValue::Printed("{}".to_owned()),
            "may not be specified when dataSourceRef.namespace is specified",
        ));
    } else if let (Some(d), Some(r)) = (source, reference) {
        let same = set(d, "apiGroup") == set(r, "apiGroup")
            && s(d, "kind") == s(r, "kind")
            && s(d, "name") == s(r, "name");
        if !same {
            // Go passes the field path itself as the bad value: a struct of unexported
            // fields, printed `{}`.
            errs.push(FieldError::new(
                Reason::FieldValueInvalid,
                sp,
                BadValue::Printed("{}".to_owned()),
                "must match dataSourceRef",
            ));
        }
    }
    if let Some(class) = set(spec, "volumeAttributesClassName").and_then(Value::as_str)
        && !class.is_empty()
    {
        class_name(class, &sp.child("volumeAttributesClassName"), &mut errs);
    }
    errs
}

/// `ValidatePersistentVolumeClaim`.
pub(in crate::validate::builtin) fn persistent_volume_claim(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let empty = json!({});
    let spec = obj.get("spec").filter(|s| s.is_object()).unwrap_or(&empty);
    errs.extend(persistent_volume_claim_spec(
        &normalized_data_sources(spec),
        &FieldPath::fields(&["spec"]),
    ));
    errs
}

/// The sources of a `PersistentVolumeSource`, in the order `ValidatePersistentVolumeSpec`
/// checks them, with the field its "may not specify more than 1 volume type" error names (Go's
/// own spelling, so `cephFS`). A `flexVolume` counts without being refused.
const PV_SOURCES: &[(&str, &str)] = &[
    ("hostPath", "hostPath"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("nfs", "nfs"),
    ("rbd", "rbd"),
    ("quobyte", "quobyte"),
    ("cephfs", "cephFS"),
    ("iscsi", "iscsi"),
    ("cinder", "cinder"),
    ("fc", "fc"),
    ("flexVolume", ""),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("scaleIO", "scaleIO"),
    ("local", "local"),
    ("storageos", "storageos"),
    ("csi", "csi"),
];

/// `validatePathNoBacksteps`.
fn no_backsteps(p: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if p.split('/').any(|part| part == "..") {
        errs.push(FieldError::invalid(
            path,
            &Value::String(p.to_owned()),
            "must not contain '..'",
        ));
    }
}

/// The checks of the sources crvalidate ports: `validateHostPathVolumeSource`,
/// `validateNFSVolumeSource`, `validateLocalVolumeSource`, `validateCSIPersistentVolumeSource`,
/// `validateRBDPersistentVolumeSource`, `validateCephFSPersistentVolumeSource`,
/// `validateFCVolumeSource`, `validateAzureFilePV`, `validateISCSIPersistentVolumeSource`,
/// `validateAzureDisk`, the cloud disks' (GCE PD, AWS EBS, Cinder, vSphere, Photon, Portworx,
/// ScaleIO), Glusterfs, Flocker, FlexVolume and StorageOS. Quobyte's registry is not checked.
fn pv_source(key: &str, src: &Value, pv_name: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    match key {
        "hostPath" => errs.extend(host_path(src, path)),
        "local" => {
            let p = s(src, "path");
            if p.is_empty() {
                errs.push(FieldError::required(&path.child("path"), ""));
                return;
            }
            no_backsteps(p, &path.child("path"), errs);
        }
        "nfs" => {
            if s(src, "server").is_empty() {
                errs.push(FieldError::required(&path.child("server"), ""));
            }
            let p = s(src, "path");
            if p.is_empty() {
                errs.push(FieldError::required(&path.child("path"), ""));
            }
            if !p.starts_with('/') {
                errs.push(FieldError::invalid(
                    &path.child("path"),
                    &Value::String(p.to_owned()),
                    "must be an absolute path",
                ));
            }
        }
        "csi" => csi_source(src, path, errs),
        "rbd" | "cephfs" => {
            if strings(src, "monitors").is_empty() {
                errs.push(FieldError::required(&path.child("monitors"), ""));
            }
            if key == "rbd" && s(src, "image").is_empty() {
                errs.push(FieldError::required(&path.child("image"), ""));
            }
        }
        "fc" => fc_source(src, path, errs),
        "iscsi" => iscsi_source(src, pv_name, path, errs),
        // `validateGCEPersistentDiskVolumeSource` is given the path `persistentDisk`.
        "gcePersistentDisk" => {
            let mut spec_path = path.clone();
            spec_path.0.pop();
            disk_source(src, "pdName", &spec_path.child("persistentDisk"), errs);
        }
        "awsElasticBlockStore" => disk_source(src, "volumeID", path, errs),
        "cinder" => {
            required_fields(src, &["volumeID"], path, errs);
            if let Some(r) = set(src, "secretRef") {
                required_fields(r, &["name", "namespace"], &path.child("secretRef"), errs);
            }
        }
        "vsphereVolume" => required_fields(src, &["volumePath"], path, errs),
        "photonPersistentDisk" => required_fields(src, &["pdID"], path, errs),
        "portworxVolume" => required_fields(src, &["volumeID"], path, errs),
        "scaleIO" => required_fields(src, &["gateway", "system", "volumeName"], path, errs),
        "azureDisk" => azure_disk(src, path, errs),
        "glusterfs" => glusterfs(src, path, errs),
        "flocker" => flocker(src, path, errs),
        "flexVolume" => flex_volume(src, path, errs),
        "storageos" => storageos(src, path, errs),
        "azureFile" => {
            for k in ["secretName", "shareName"] {
                if s(src, k).is_empty() {
                    errs.push(FieldError::required(&path.child(k), ""));
                }
            }
            if set(src, "secretNamespace").and_then(Value::as_str) == Some("") {
                errs.push(FieldError::required(&path.child("secretNamespace"), ""));
            }
        }
        _ => {}
    }
}

/// `validateCSIPersistentVolumeSource` with `ValidateCSIDriverName`.
fn csi_source(src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let driver = s(src, "driver");
    if driver.is_empty() {
        errs.push(FieldError::required(&path.child("driver"), ""));
    } else {
        if driver.len() > 63 {
            errs.push(FieldError::too_long(&path.child("driver"), 63));
        }
        for m in dns1123_subdomain(&driver.to_lowercase()) {
            errs.push(FieldError::invalid(
                &path.child("driver"),
                &Value::String(driver.to_owned()),
                m,
            ));
        }
    }
    if s(src, "volumeHandle").is_empty() {
        errs.push(FieldError::required(&path.child("volumeHandle"), ""));
    }
    for k in [
        "controllerPublishSecretRef",
        "controllerExpandSecretRef",
        "nodePublishSecretRef",
        "nodeExpandSecretRef",
    ] {
        if let Some(r) = set(src, k) {
            pv_secret_reference(r, &path.child(k), errs);
        }
    }
}

static ISCSI_IQN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"iqn\.[0-9]{4}-[0-9]{2}\.([[:alnum:].\-]+)(:[^,;*&$|\t\n\f\r ]+)$")
        .expect("iqn regex compiles")
});
static ISCSI_EUI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^eui.[[:alnum:]]{16}$").expect("eui regex compiles"));
static ISCSI_NAA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^naa.[[:alnum:]]{32}$").expect("naa regex compiles"));

/// Whether an iSCSI qualified name is well formed: `iqn`, `eui` or `naa` and its pattern
/// (`iscsiInitiatorIqnRegex`, ..., which Go checks unanchored at the start for `iqn`).
fn iscsi_name_ok(name: &str) -> bool {
    if name.starts_with("iqn") {
        ISCSI_IQN.is_match(name)
    } else if name.starts_with("eui") {
        ISCSI_EUI.is_match(name)
    } else if name.starts_with("naa") {
        ISCSI_NAA.is_match(name)
    } else {
        false
    }
}

/// `validateISCSIPersistentVolumeSource` (its field paths `targetportal` and `initiatorname`
/// are Go's spelling).
fn iscsi_source(src: &Value, pv_name: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let portal = s(src, "targetPortal");
    if portal.is_empty() {
        errs.push(FieldError::required(&path.child("targetPortal"), ""));
    }
    let initiator = set(src, "initiatorName").and_then(Value::as_str);
    if initiator.is_some() && pv_name.len() + 1 + portal.len() > 64 {
        errs.push(FieldError::invalid(
            &path.child("targetportal"),
            &Value::String(portal.to_owned()),
            "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
        ));
    }
    let iqn = s(src, "iqn");
    if iqn.is_empty() {
        errs.push(FieldError::required(&path.child("iqn"), ""));
    } else if !iscsi_name_ok(iqn) {
        errs.push(FieldError::invalid(
            &path.child("iqn"),
            &Value::String(iqn.to_owned()),
            "must be valid format",
        ));
    }
    let lun = src.get("lun").and_then(Value::as_i64).unwrap_or(0);
    if !(0..=255).contains(&lun) {
        errs.push(FieldError::invalid(
            &path.child("lun"),
            &json!(lun),
            "must be between 0 and 255, inclusive",
        ));
    }
    let chap = ["chapAuthDiscovery", "chapAuthSession"]
        .iter()
        .any(|k| src.get(*k).and_then(Value::as_bool) == Some(true));
    let secret = set(src, "secretRef");
    if chap && secret.is_none() {
        errs.push(FieldError::required(&path.child("secretRef"), ""));
    }
    if let Some(r) = secret
        && s(r, "name").is_empty()
    {
        errs.push(FieldError::required(
            &path.child("secretRef").child("name"),
            "",
        ));
    }
    if let Some(name) = initiator
        && !iscsi_name_ok(name)
    {
        errs.push(FieldError::invalid(
            &path.child("initiatorname"),
            &Value::String(name.to_owned()),
            "must be valid format",
        ));
    }
}

/// `Required` for each of `fields` of `src` that is empty.
fn required_fields(src: &Value, fields: &[&str], path: &FieldPath, errs: &mut Vec<FieldError>) {
    for k in fields {
        if s(src, k).is_empty() {
            errs.push(FieldError::required(&path.child(k), ""));
        }
    }
}

/// `validateGCEPersistentDiskVolumeSource` and `validateAWSElasticBlockStoreVolumeSource`: the
/// disk's name, a partition from 1 to 255 (`pdPartitionErrorMsg`; 0, the default, passes).
fn disk_source(src: &Value, name: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    required_fields(src, &[name], path, errs);
    let partition = src.get("partition").and_then(Value::as_i64).unwrap_or(0);
    if !(0..=255).contains(&partition) {
        errs.push(FieldError::invalid(
            &path.child("partition"),
            &json!(partition),
            "must be between 1 and 255, inclusive",
        ));
    }
}

/// `validateAzureDisk`.
fn azure_disk(src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    required_fields(src, &["diskName", "diskURI"], path, errs);
    if let Some(mode) = set(src, "cachingMode").and_then(Value::as_str)
        && !matches!(mode, "None" | "ReadOnly" | "ReadWrite")
    {
        errs.push(FieldError::not_supported(
            &path.child("cachingMode"),
            &Value::String(mode.to_owned()),
            &["None", "ReadOnly", "ReadWrite"],
        ));
    }
    let kind = set(src, "kind").and_then(Value::as_str);
    if let Some(k) = kind
        && !matches!(k, "Shared" | "Dedicated" | "Managed")
    {
        errs.push(FieldError::not_supported(
            &path.child("kind"),
            &Value::String(k.to_owned()),
            &["Dedicated", "Managed", "Shared"],
        ));
    }
    let uri = s(src, "diskURI");
    let uri_value = Value::String(uri.to_owned());
    // The generated defaults make an unset kind `Shared`, a blob disk.
    match kind.or(Some("Shared")) {
        Some("Managed") if !uri.starts_with("/subscriptions/") => {
            errs.push(FieldError::not_supported(
                &path.child("diskURI"),
                &uri_value,
                &["/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"],
            ));
        }
        Some(k) if k != "Managed" && !uri.starts_with("https://") => {
            errs.push(FieldError::not_supported(
                &path.child("diskURI"),
                &uri_value,
                &["https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"],
            ));
        }
        _ => {}
    }
}

/// `validateFlockerVolumeSource`.
fn flocker(src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let name = s(src, "datasetName");
    let uuid = s(src, "datasetUUID");
    if name.is_empty() && uuid.is_empty() {
        errs.push(FieldError::required(
            path,
            "one of datasetName and datasetUUID is required",
        ));
    }
    if !name.is_empty() && !uuid.is_empty() {
        errs.push(FieldError::invalid(
            path,
            &Value::String("resource".to_owned()),
            "datasetName and datasetUUID can not be specified simultaneously",
        ));
    }
    if name.contains('/') {
        errs.push(FieldError::invalid(
            &path.child("datasetName"),
            &Value::String(name.to_owned()),
            "must not contain '/'",
        ));
    }
}

/// `validateGlusterfsPersistentVolumeSource`.
fn glusterfs(src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    required_fields(src, &["endpoints", "path"], path, errs);
    if let Some(ns) = set(src, "endpointsNamespace").and_then(Value::as_str) {
        let np = path.child("endpointsNamespace");
        let v = Value::String(ns.to_owned());
        if ns.is_empty() {
            errs.push(FieldError::invalid(
                &np,
                &v,
                "if the endpointnamespace is set, it must be a valid namespace name",
            ));
        } else {
            for m in dns1123_label(ns) {
                errs.push(FieldError::invalid(&np, &v, m));
            }
        }
    }
}

/// `validateFlexPersistentVolumeSource`: no option in a Kubernetes namespace.
fn flex_volume(src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    required_fields(src, &["driver"], path, errs);
    let options = src.get("options").and_then(Value::as_object);
    for k in options.into_iter().flat_map(|o| o.keys()) {
        let namespace = k.split_once('/').map_or(k.as_str(), |(n, _)| n);
        let normalized = format!(".{}", namespace.to_lowercase());
        if normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io") {
            errs.push(FieldError::invalid(
                &path.child("options").key(k),
                &Value::String(k.clone()),
                "kubernetes.io and k8s.io namespaces are reserved",
            ));
        }
    }
}

/// `validateStorageOSPersistentVolumeSource`.
fn storageos(src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    for (k, required) in [("volumeName", true), ("volumeNamespace", false)] {
        let v = s(src, k);
        if v.is_empty() {
            if required {
                errs.push(FieldError::required(&path.child(k), ""));
            }
            continue;
        }
        for m in dns1123_label(v) {
            errs.push(FieldError::invalid(
                &path.child(k),
                &Value::String(v.to_owned()),
                m,
            ));
        }
    }
    if let Some(r) = set(src, "secretRef") {
        required_fields(r, &["name", "namespace"], &path.child("secretRef"), errs);
    }
}
/// `validatePVSecretReference`: a name (a DNS subdomain) and a namespace (a DNS label).
fn pv_secret_reference(r: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    for (k, check) in [
        ("name", dns1123_subdomain as fn(&str) -> Vec<String>),
        ("namespace", dns1123_label),
    ] {
        let v = s(r, k);
        if v.is_empty() {
            errs.push(FieldError::required(&path.child(k), ""));
        } else {
            for m in check(v) {
                errs.push(FieldError::invalid(
                    &path.child(k),
                    &Value::String(v.to_owned()),
                    m,
                ));
            }
        }
    }
}

/// `validateFCVolumeSource`.
fn fc_source(src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let wwns = strings(src, "targetWWNs");
    let wwids = strings(src, "wwids");
    let wp = path.child("targetWWNs");
    if wwns.is_empty() && wwids.is_empty() {
        errs.push(FieldError::required(
            &wp,
            "must specify either targetWWNs or wwids, but not both",
        ));
    }
    if !wwns.is_empty() && !wwids.is_empty() {
        errs.push(FieldError::invalid(
            &wp,
            &json!(wwns),
            "targetWWNs and wwids can not be specified simultaneously",
        ));
    }
    if !wwns.is_empty() {
        match set(src, "lun").and_then(Value::as_i64) {
            None => errs.push(FieldError::required(
                &path.child("lun"),
                "lun is required if targetWWNs is specified",
            )),
            Some(lun) if !(0..=255).contains(&lun) => errs.push(FieldError::invalid(
                &path.child("lun"),
                &json!(lun),
                "must be between 0 and 255, inclusive",
            )),
            Some(_) => {}
        }
    }
}

/// The capacity checks of `ValidatePersistentVolumeSpec`: `storage` and nothing else, each
/// quantity positive (`validateBasicResource`, `ValidatePositiveQuantityValue`).
fn capacity(spec: &Value, sp: &FieldPath, errs: &mut Vec<FieldError>) {
    let cap_path = sp.child("capacity");
    let capacity = spec.get("capacity").and_then(Value::as_object);
    let entries: Vec<(&String, Option<Quantity>)> = capacity
        .map(|m| m.iter().map(|(k, v)| (k, Quantity::of(v))).collect())
        .unwrap_or_default();
    if entries.is_empty() {
        errs.push(FieldError::required(&cap_path, ""));
    }
    if !entries.iter().any(|(k, _)| *k == "storage") || entries.len() > 1 {
        // Go prints the ResourceList: `null` when nil, its quantities canonical.
        let printed = if capacity.is_some() {
            let m: serde_json::Map<String, Value> = entries
                .iter()
                .map(|(k, q)| {
                    (
                        (*k).clone(),
                        Value::String(q.map(Quantity::canonical).unwrap_or_default()),
                    )
                })
                .collect();
            gofmt::json(&Value::Object(m))
        } else {
            "null".to_owned()
        };
        errs.push(FieldError::new(
            Reason::FieldValueNotSupported,
            &cap_path,
            BadValue::Printed(printed),
            "supported values: \"storage\"",
        ));
    }
    // Go ranges over the map in a random order; sorted here.
    for (k, q) in &entries {
        let Some(q) = q else { continue };
        let kp = cap_path.key(k);
        if q.value() < 0 {
            errs.push(FieldError::invalid(
                &kp,
                &json!(i64::try_from(q.value()).unwrap_or(i64::MIN)),
                "must be a valid resource quantity",
            ));
        }
        positive_quantity_value(*q, &kp, errs);
    }
}

/// `ValidatePersistentVolumeSpec` for a PersistentVolume (not an inline one), after
/// `SetDefaults_PersistentVolume` (reclaim policy `Retain`, volume mode `Filesystem`).
fn persistent_volume_spec(spec: &Value, pv_name: &str, sp: &FieldPath, errs: &mut Vec<FieldError>) {
    let modes = strings(spec, "accessModes");
    if modes.is_empty() {
        errs.push(FieldError::required(&sp.child("accessModes"), ""));
    }
    access_modes(&modes, &sp.child("accessModes"), errs);
    capacity(spec, sp, errs);
    let reclaim = match s(spec, "persistentVolumeReclaimPolicy") {
        "" => "Retain",
        p => p,
    };
    if !matches!(reclaim, "Delete" | "Recycle" | "Retain") {
        errs.push(FieldError::not_supported(
            &sp.child("persistentVolumeReclaimPolicy"),
            &Value::String(reclaim.to_owned()),
            &["Delete", "Recycle", "Retain"],
        ));
    }
    let node_affinity = set(spec, "nodeAffinity");
    if let Some(a) = node_affinity {
        let rp = sp.child("nodeAffinity").child("required");
        match set(a, "required") {
            Some(required) => errs.extend(node_selector(required, &rp)),
            None => errs.push(FieldError::required(
                &rp,
                "must specify required node constraints",
            )),
        }
    }
    let mut sources = 0;
    for (key, named) in PV_SOURCES {
        let Some(src) = set(spec, key) else { continue };
        if sources > 0 && !named.is_empty() {
            errs.push(FieldError::forbidden(
                &sp.child(named),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        sources += 1;
        pv_source(key, src, pv_name, &sp.child(key), errs);
        if *key == "local" && node_affinity.is_none() {
            errs.push(FieldError::required(
                &sp.child("nodeAffinity"),
                "Local volume requires node affinity",
            ));
        }
    }
    if sources == 0 {
        errs.push(FieldError::required(sp, "must specify a volume type"));
    }
    if let Some(h) = set(spec, "hostPath")
        && reclaim == "Recycle"
        && clean_is_root(s(h, "path"))
    {
        errs.push(FieldError::forbidden(
            &sp.child("persistentVolumeReclaimPolicy"),
            "may not be 'recycle' for a hostPath mount of '/'",
        ));
    }
    let class = s(spec, "storageClassName");
    if !class.is_empty() {
        class_name(class, &sp.child("storageClassName"), errs);
    }
    volume_mode(spec, &sp.child("volumeMode"), errs);
    if let Some(vac) = set(spec, "volumeAttributesClassName").and_then(Value::as_str) {
        let vp = sp.child("volumeAttributesClassName");
        if vac.is_empty() {
            errs.push(FieldError::required(&vp, "an empty string is disallowed"));
        } else {
            class_name(vac, &vp, errs);
        }
        if set(spec, "csi").is_none() {
            errs.push(FieldError::required(
                &sp.child("csi"),
                "has to be specified when using volumeAttributesClassName",
            ));
        }
    }
}

/// Whether `path.Clean(p)` is `/`: an absolute path of nothing but `/`, `.` and `..`.
fn clean_is_root(p: &str) -> bool {
    p.starts_with('/') && p.split('/').all(|c| matches!(c, "" | "." | ".."))
}

/// `ValidatePersistentVolume`.
pub(in crate::validate::builtin) fn persistent_volume(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let empty = json!({});
    let spec = obj.get("spec").filter(|s| s.is_object()).unwrap_or(&empty);
    let name = obj
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    persistent_volume_spec(spec, name, &FieldPath::fields(&["spec"]), &mut errs);
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(FieldError::message).collect()
    }

    const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    fn claim(spec: &Value) -> Vec<String> {
        messages(&persistent_volume_claim(&json!({"apiVersion": "v1",
            "kind": "PersistentVolumeClaim", "metadata": {"name": "c1"}, "spec": spec})))
    }

    fn volume(spec: &Value) -> Vec<String> {
        messages(&persistent_volume(&json!({"apiVersion": "v1",
            "kind": "PersistentVolume", "metadata": {"name": "pv1"}, "spec": spec})))
    }

    /// The v1.37.2 server's answers to the same claims.
    #[test]
    fn claims_like_the_server() {
        let spec = json!({"accessModes": ["ReadWriteOncePod", "ReadWriteMany", "RWO"],
            "selector": {"matchExpressions": [{"key": "a", "operator": "In"}]},
            "resources": {"requests": {"storage": "0"}}, "storageClassName": "Fast_SSD",
            "volumeMode": "block", "dataSource": {"kind": "Foo", "name": ""},
            "dataSourceRef": {"kind": "", "name": "x", "apiGroup": "Bad_Group"},
            "volumeAttributesClassName": "Bad_VAC"});
        assert_eq!(
            claim(&spec),
            [
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".to_owned(),
                r#"spec.accessModes: Unsupported value: "RWO": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod""#.into(),
                "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes".into(),
                r#"spec.resources[storage]: Invalid value: "0": must be greater than zero"#.into(),
                format!(r#"spec.storageClassName: Invalid value: "Fast_SSD": {SUBDOMAIN}"#),
                r#"spec.volumeMode: Unsupported value: "block": supported values: "Block", "Filesystem""#.into(),
                "spec.dataSource.name: Required value".into(),
                r#"spec.dataSource: Invalid value: "Foo": must be 'PersistentVolumeClaim' when referencing the default apiGroup"#.into(),
                "spec.dataSourceRef.kind: Required value".into(),
                format!(r#"spec.dataSourceRef.apiGroup: Invalid value: "Bad_Group": {SUBDOMAIN}"#),
                "spec: Invalid value: {}: must match dataSourceRef".into(),
                format!(r#"spec.volumeAttributesClassName: Invalid value: "Bad_VAC": {SUBDOMAIN}"#),
            ]
        );
        // A data source other than a claim or snapshot, alone, is dropped.
        assert_eq!(
            claim(
                &json!({"resources": {"requests": {"storage": "1.5"}}, "dataSource": {"kind": "Foo", "name": "a"}})
            ),
            ["spec.accessModes: Required value: at least 1 access mode is required"]
        );
        assert_eq!(
            claim(
                &json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"cpu": 1}},
                "dataSourceRef": {"kind": "Snap", "name": "a"}})
            ),
            [
                "spec.resources[storage]: Required value",
                r#"spec.dataSource: Invalid value: "Snap": must be 'PersistentVolumeClaim' when referencing the default apiGroup"#,
                r#"spec.dataSourceRef: Invalid value: "Snap": must be 'PersistentVolumeClaim' when referencing the default apiGroup"#,
            ]
        );
        assert_eq!(
            claim(
                &json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "-1Mi"}},
                "dataSource": {"kind": "PersistentVolumeClaim", "name": "a"},
                "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "b"}})
            ),
            [
                r#"spec.resources[storage]: Invalid value: "-1Mi": must be greater than zero"#,
                "spec: Invalid value: {}: must match dataSourceRef",
            ]
        );
    }

    /// The v1.37.2 server's answer to the same node affinity.
    #[test]
    fn node_affinity_like_the_server() {
        let terms = json!({"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "kubernetes.io/hostname", "operator": "In"},
                {"key": "a", "operator": "Exists", "values": ["x"]},
                {"key": "b", "operator": "Gt", "values": ["1", "2"]},
                {"key": "-c", "operator": "Is", "values": ["a b"]}],
            "matchFields": [
                {"key": "metadata.name", "operator": "In", "values": ["a", "b"]},
                {"key": "metadata.nam", "operator": "Exists", "values": ["Node_1"]},
                {"key": "metadata.name", "operator": "NotIn", "values": ["Node_1"]}]}]});
        let t = "spec.nodeAffinity.required.nodeSelectorTerms[0]";
        assert_eq!(
            volume(
                &json!({"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                "local": {"path": "/mnt"}, "nodeAffinity": {"required": terms}})
            ),
            [
                format!(
                    "{t}.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
                ),
                format!(
                    "{t}.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                ),
                format!(
                    "{t}.matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"
                ),
                format!(
                    r#"{t}.matchExpressions[3].operator: Invalid value: "Is": not a valid selector operator"#
                ),
                format!(
                    r#"{t}.matchExpressions[3].key: Invalid value: "-c": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#
                ),
                format!(
                    r#"{t}.matchExpressions[3].values[0]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#
                ),
                format!(
                    "{t}.matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
                ),
                format!(
                    r#"{t}.matchFields[1].operator: Invalid value: "Exists": not a valid selector operator"#
                ),
                format!(
                    r#"{t}.matchFields[1].key: Invalid value: "metadata.nam": not a valid field selector key"#
                ),
                format!(r#"{t}.matchFields[2].values[0]: Invalid value: "Node_1": {SUBDOMAIN}"#),
            ]
        );
        assert_eq!(
            volume(
                &json!({"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                "local": {"path": "/mnt"}, "nodeAffinity": {"required": {"nodeSelectorTerms": []}}})
            ),
            [
                "spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term"
            ]
        );
    }

    fn with_source(src: &Value) -> Vec<String> {
        let mut spec = json!({"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}});
        spec.as_object_mut()
            .unwrap()
            .extend(src.as_object().unwrap().clone());
        volume(&spec)
    }

    /// The v1.37.2 server's answers to the same cloud disks (GCE's under Go's `persistentDisk`).
    #[test]
    fn cloud_disks_like_the_server() {
        assert_eq!(
            with_source(&json!({"gcePersistentDisk": {"pdName": "", "partition": 300}})),
            [
                "spec.persistentDisk.pdName: Required value",
                "spec.persistentDisk.partition: Invalid value: 300: must be between 1 and 255, inclusive",
            ]
        );
        assert_eq!(
            with_source(&json!({"cinder": {"volumeID": "", "secretRef": {}}})),
            [
                "spec.cinder.volumeID: Required value",
                "spec.cinder.secretRef.name: Required value",
                "spec.cinder.secretRef.namespace: Required value",
            ]
        );
        assert_eq!(
            with_source(
                &json!({"scaleIO": {"gateway": "", "system": "", "secretRef": {"name": "s"}}})
            ),
            [
                "spec.scaleIO.gateway: Required value",
                "spec.scaleIO.system: Required value",
                "spec.scaleIO.volumeName: Required value",
            ]
        );
    }

    /// The v1.37.2 server's answers to the same legacy sources.
    #[test]
    fn legacy_sources_like_the_server() {
        let label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        assert_eq!(
            with_source(
                &json!({"azureDisk": {"diskName": "", "diskURI": "x", "cachingMode": "Full", "kind": "Managed"}})
            ),
            [
                "spec.azureDisk.diskName: Required value",
                r#"spec.azureDisk.cachingMode: Unsupported value: "Full": supported values: "None", "ReadOnly", "ReadWrite""#,
                r#"spec.azureDisk.diskURI: Unsupported value: "x": supported values: "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}""#,
            ]
        );
        assert_eq!(
            with_source(
                &json!({"glusterfs": {"endpoints": "", "path": "", "endpointsNamespace": ""}})
            ),
            [
                "spec.glusterfs.endpoints: Required value",
                "spec.glusterfs.path: Required value",
                r#"spec.glusterfs.endpointsNamespace: Invalid value: "": if the endpointnamespace is set, it must be a valid namespace name"#,
            ]
        );
        assert_eq!(
            with_source(&json!({"flocker": {"datasetName": "a/b", "datasetUUID": "u"}})),
            [
                r#"spec.flocker: Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously"#,
                r#"spec.flocker.datasetName: Invalid value: "a/b": must not contain '/'"#,
            ]
        );
        assert_eq!(
            with_source(
                &json!({"flexVolume": {"driver": "", "options": {"kubernetes.io/x": "1", "foo.k8s.io": "2", "ok": "3"}}})
            ),
            [
                "spec.flexVolume.driver: Required value",
                r#"spec.flexVolume.options[foo.k8s.io]: Invalid value: "foo.k8s.io": kubernetes.io and k8s.io namespaces are reserved"#,
                r#"spec.flexVolume.options[kubernetes.io/x]: Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved"#,
            ]
        );
        assert_eq!(
            with_source(
                &json!({"storageos": {"volumeName": "", "volumeNamespace": "Bad_NS", "secretRef": {}}})
            ),
            [
                "spec.storageos.volumeName: Required value".to_owned(),
                format!(r#"spec.storageos.volumeNamespace: Invalid value: "Bad_NS": {label}"#),
                "spec.storageos.secretRef.name: Required value".into(),
                "spec.storageos.secretRef.namespace: Required value".into(),
            ]
        );
    }

    /// The v1.37.2 server's answers to the same sources.
    #[test]
    fn volume_sources_like_the_server() {
        let pv = |src: Value| {
            let mut spec =
                json!({"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}});
            spec.as_object_mut()
                .unwrap()
                .extend(src.as_object().unwrap().clone());
            volume(&spec)
        };
        assert_eq!(
            pv(json!({"csi": {"driver": "d.example.com", "volumeHandle": "h",
                "nodePublishSecretRef": {"name": "S_1"}, "controllerExpandSecretRef": {"name": "s", "namespace": "Ns.1"}}})),
            [
                r#"spec.csi.controllerExpandSecretRef.namespace: Invalid value: "Ns.1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#.to_owned(),
                format!(r#"spec.csi.nodePublishSecretRef.name: Invalid value: "S_1": {SUBDOMAIN}"#),
                "spec.csi.nodePublishSecretRef.namespace: Required value".into(),
            ]
        );
        assert_eq!(
            pv(
                json!({"iscsi": {"targetPortal": "", "iqn": "iqn.2001-04", "lun": 300,
                "chapAuthSession": true, "initiatorName": "foo"}})
            ),
            [
                "spec.iscsi.targetPortal: Required value",
                r#"spec.iscsi.iqn: Invalid value: "iqn.2001-04": must be valid format"#,
                "spec.iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive",
                "spec.iscsi.secretRef: Required value",
                r#"spec.iscsi.initiatorname: Invalid value: "foo": must be valid format"#,
            ]
        );
        assert_eq!(
            pv(
                json!({"iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "eui.0123", "secretRef": {"namespace": "x"}}})
            ),
            [
                r#"spec.iscsi.iqn: Invalid value: "eui.0123": must be valid format"#,
                "spec.iscsi.secretRef.name: Required value",
            ]
        );
        assert_eq!(
            pv(
                json!({"iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example:storage.disk1",
                "initiatorName": "naa.12"}})
            ),
            [r#"spec.iscsi.initiatorname: Invalid value: "naa.12": must be valid format"#]
        );
        assert_eq!(
            pv(json!({"rbd": {"monitors": [], "image": ""}})),
            [
                "spec.rbd.monitors: Required value",
                "spec.rbd.image: Required value"
            ]
        );
        assert_eq!(
            pv(json!({"cephfs": {"monitors": []}})),
            ["spec.cephfs.monitors: Required value"]
        );
        assert_eq!(
            pv(json!({"fc": {"targetWWNs": ["a"], "wwids": ["b"], "lun": 300}})),
            [
                r#"spec.fc.targetWWNs: Invalid value: ["a"]: targetWWNs and wwids can not be specified simultaneously"#,
                "spec.fc.lun: Invalid value: 300: must be between 0 and 255, inclusive",
            ]
        );
        assert_eq!(
            pv(json!({"fc": {"targetWWNs": ["a"]}})),
            ["spec.fc.lun: Required value: lun is required if targetWWNs is specified"]
        );
        assert_eq!(
            pv(json!({"fc": {}})),
            [
                "spec.fc.targetWWNs: Required value: must specify either targetWWNs or wwids, but not both"
            ]
        );
        assert_eq!(
            pv(json!({"azureFile": {"secretName": "", "shareName": "", "secretNamespace": ""}})),
            [
                "spec.azureFile.secretName: Required value",
                "spec.azureFile.shareName: Required value",
                "spec.azureFile.secretNamespace: Required value",
            ]
        );
    }

    /// A StatefulSet's claim templates are not normalized: a lone data source is checked.
    #[test]
    fn claim_templates_keep_their_data_sources() {
        let spec = json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
            "dataSource": {"kind": "Foo", "name": "a"}});
        let sp = FieldPath::fields(&["spec", "volumeClaimTemplates"])
            .index(0)
            .child("spec");
        assert_eq!(
            messages(&persistent_volume_claim_spec(&spec, &sp)),
            [
                r#"spec.volumeClaimTemplates[0].spec.dataSource: Invalid value: "Foo": must be 'PersistentVolumeClaim' when referencing the default apiGroup"#
            ]
        );
    }

    /// The v1.37.2 server's answers to the same volumes.
    #[test]
    fn volumes_like_the_server() {
        let spec = json!({"accessModes": ["ReadWriteOncePod", "ReadWriteOnce", "ReadWriteAll"],
            "capacity": {"storage": "-1Gi", "cpu": "0"}, "persistentVolumeReclaimPolicy": "Recycl",
            "hostPath": {"path": "/a/../b", "type": "Dir"}, "nfs": {"server": "", "path": "x"},
            "local": {"path": "/mnt"}, "storageClassName": "Fast_SSD", "volumeMode": "block"});
        assert_eq!(
            volume(&spec),
            [
                r#"spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod""#.to_owned(),
                "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes".into(),
                r#"spec.capacity: Unsupported value: {"cpu":"0","storage":"-1Gi"}: supported values: "storage""#.into(),
                r#"spec.capacity[cpu]: Invalid value: "0": must be greater than zero"#.into(),
                "spec.capacity[storage]: Invalid value: -1073741824: must be a valid resource quantity".into(),
                r#"spec.capacity[storage]: Invalid value: "-1Gi": must be greater than zero"#.into(),
                r#"spec.persistentVolumeReclaimPolicy: Unsupported value: "Recycl": supported values: "Delete", "Recycle", "Retain""#.into(),
                r#"spec.hostPath.path: Invalid value: "/a/../b": must not contain '..'"#.into(),
                r#"spec.hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#.into(),
                "spec.nfs: Forbidden: may not specify more than 1 volume type".into(),
                "spec.local: Forbidden: may not specify more than 1 volume type".into(),
                format!(r#"spec.storageClassName: Invalid value: "Fast_SSD": {SUBDOMAIN}"#),
                r#"spec.volumeMode: Unsupported value: "block": supported values: "Block", "Filesystem""#.into(),
            ]
        );
        assert_eq!(
            volume(&json!({"capacity": {}, "local": {"path": "/mnt"}, "nodeAffinity": {}})),
            [
                "spec.accessModes: Required value",
                "spec.capacity: Required value",
                r#"spec.capacity: Unsupported value: {}: supported values: "storage""#,
                "spec.nodeAffinity.required: Required value: must specify required node constraints",
            ]
        );
        assert_eq!(
            volume(
                &json!({"accessModes": ["ReadWriteOnce"], "capacity": {"storage": 0},
                "csi": {"driver": "", "volumeHandle": ""}})
            ),
            [
                r#"spec.capacity[storage]: Invalid value: "0": must be greater than zero"#,
                "spec.csi.driver: Required value",
                "spec.csi.volumeHandle: Required value",
            ]
        );
        assert_eq!(
            volume(
                &json!({"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "0.5Gi"},
                "nfs": {"server": "nfs", "path": "/x"}, "volumeAttributesClassName": ""})
            ),
            [
                "spec.volumeAttributesClassName: Required value: an empty string is disallowed",
                "spec.csi: Required value: has to be specified when using volumeAttributesClassName",
            ]
        );
    }
}
