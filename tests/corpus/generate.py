#!/usr/bin/env python3
"""Generates the differential corpus of kubectl-crvalidate: documents over the example CRDs and
built-in kinds, about half invalid in varied ways. Each case is one file `<id>.yaml` holding one
document; the expected verdict is NOT recorded here: the real API server is the oracle
(plugins/kubectl-crvalidate/tests/differential.rs). Rerun after editing: python3 generate.py
"""

import copy
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

GW = "gateway.ai.example.com/v1"
AI = "ai.example.com/v1"


def llm(**spec):
    base = {"provider": "openai", "modelName": "gpt-4o"}
    base.update(spec)
    return {"apiVersion": GW, "kind": "LLMModel", "metadata": {"name": "m"}, "spec": base}


def route(**spec):
    base = {"backends": [{"modelRef": "gpt-4o", "weight": 100}]}
    base.update(spec)
    return {"apiVersion": GW, "kind": "LLMRoute", "metadata": {"name": "r"}, "spec": base}


def endpoint(**spec):
    base = {"url": "http://llama.models.svc:8000/v1"}
    base.update(spec)
    return {"apiVersion": AI, "kind": "ModelEndpoint", "metadata": {"name": "e"}, "spec": base}


def gwroute(**spec):
    base = {"gateway": "public", "rules": [{"pathPrefix": "/v1", "endpointRef": "a"}]}
    base.update(spec)
    return {"apiVersion": AI, "kind": "GatewayRoute", "metadata": {"name": "g"}, "spec": base}


def tenant(**spec):
    base = {"tenantId": "acme", "tier": "team"}
    base.update(spec)
    return {"apiVersion": AI, "kind": "TenantConfiguration", "metadata": {"name": "t"}, "spec": base}


def with_meta(obj, **meta):
    o = copy.deepcopy(obj)
    o["metadata"].update(meta)
    return o


def without(obj, *path):
    o = copy.deepcopy(obj)
    cur = o
    for p in path[:-1]:
        cur = cur[p]
    del cur[path[-1]]
    return o


def cm(**kw):
    o = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
    o.update(kw)
    return o


def secret(**kw):
    o = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}}
    o.update(kw)
    return o


def container(**kw):
    c = {"name": "app", "image": "nginx:1.27"}
    c.update(kw)
    return c


def deploy(spec=None, **kw):
    s = {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [container()]}},
    }
    if spec:
        s.update(spec)
    o = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": s}
    o.update(kw)
    return o


def pod_spec(**kw):
    d = deploy()
    d["spec"]["template"]["spec"].update(kw)
    return d


def svc(spec=None):
    s = {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}
    if spec is not None:
        s.update(spec)
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}, "spec": s}


CASES = {}


def case(name, obj=None, raw=None):
    assert name not in CASES, name
    CASES[name] = raw if raw is not None else obj


# --- LLMModel -----------------------------------------------------------------------------
case("llm-valid-minimal", llm())
case("llm-valid-full", llm(displayName="GPT-4o", contextWindow=128000,
                           rateLimits={"requestsPerMinute": 1000, "tokensPerMinute": 2000000},
                           features=["chat", "vision"], pricing={"inputPerMillionTokens": "2.50", "currency": "EUR"},
                           deprecated=True))
case("llm-valid-rpm-percent", llm(rateLimits={"requestsPerMinute": "50%"}))
case("llm-valid-self-hosted", llm(provider="self-hosted", endpoints=[{"name": "gpu-a", "url": "http://a/v1"}]))
case("llm-valid-labels", with_meta(llm(), labels={"tier": "premium", "example.com/team": "ml"}))
case("llm-valid-annotations", with_meta(llm(), annotations={"Example.com/Note": "anything goes here"}))
case("llm-valid-null-optional", llm(displayName=None))
case("llm-valid-status", llm() | {"status": {"phase": "Ready", "conditions": [{"type": "Ready", "status": "True"}]}})
case("llm-valid-yaml11-bool", raw="apiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata:\n  name: m\nspec:\n  provider: openai\n  modelName: gpt-4o\n  deprecated: yes\n")
case("llm-valid-hex-int", raw="apiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata:\n  name: m\nspec:\n  provider: openai\n  modelName: gpt-4o\n  contextWindow: 0x1000\n")
case("llm-valid-float-int", raw="apiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata:\n  name: m\nspec:\n  provider: openai\n  modelName: gpt-4o\n  contextWindow: 4096.0\n")
case("llm-valid-tokens-equal-context", llm(contextWindow=8192, rateLimits={"tokensPerMinute": 8192}))
case("llm-valid-endpoint-weight-default", llm(provider="self-hosted", endpoints=[{"name": "a", "url": "http://a"}, {"name": "b", "url": "http://b", "weight": 0}]))
case("llm-valid-generate-name", {"apiVersion": GW, "kind": "LLMModel", "metadata": {"name": "gen-abc"}, "spec": {"provider": "vertex", "modelName": "gemini"}})
case("llm-bad-provider-enum", llm(provider="openia"))
case("llm-bad-provider-type", llm(provider=42))
case("llm-bad-provider-missing", without(llm(), "spec", "provider"))
case("llm-bad-spec-missing", without(llm(), "spec"))
case("llm-bad-modelname-pattern", llm(modelName="GPT 4o"))
case("llm-bad-modelname-empty", llm(modelName=""))
case("llm-bad-modelname-too-long", llm(modelName="a" * 129))
case("llm-bad-displayname-too-long", llm(displayName="x" * 65))
case("llm-bad-context-type", llm(contextWindow="128k"))
case("llm-bad-context-min", llm(contextWindow=512))
case("llm-bad-context-max", llm(contextWindow=3000000))
case("llm-bad-context-float", llm(contextWindow=4096.5))
case("llm-bad-rpm-pattern", llm(rateLimits={"requestsPerMinute": "lots"}))
case("llm-bad-rpm-zero", llm(rateLimits={"requestsPerMinute": 0}))
case("llm-bad-rpm-bool", llm(rateLimits={"requestsPerMinute": True}))
case("llm-bad-rpm-percent-101", llm(rateLimits={"requestsPerMinute": "101%"}))
case("llm-bad-tokens-below-context", llm(contextWindow=8192, rateLimits={"tokensPerMinute": 1000}))
case("llm-bad-features-enum", llm(features=["chat", "telepathy"]))
case("llm-bad-features-duplicate", llm(features=["chat", "tools", "chat"]))
case("llm-bad-features-too-many", llm(features=["chat", "completion", "embeddings", "vision", "tools", "json-mode", "chat", "tools", "vision"]))
case("llm-bad-features-not-list", llm(features="chat"))
case("llm-bad-endpoints-duplicate", llm(provider="self-hosted", endpoints=[{"name": "gpu", "url": "http://a"}, {"name": "gpu", "url": "http://b"}]))
case("llm-bad-endpoint-url-missing", llm(provider="self-hosted", endpoints=[{"name": "gpu"}]))
case("llm-bad-endpoint-url-format", llm(provider="self-hosted", endpoints=[{"name": "gpu", "url": "not a url"}]))
case("llm-bad-endpoint-name-pattern", llm(provider="self-hosted", endpoints=[{"name": "GPU_A", "url": "http://a"}]))
case("llm-bad-endpoint-weight", llm(provider="self-hosted", endpoints=[{"name": "a", "url": "http://a", "weight": 101}]))
case("llm-bad-self-hosted-no-endpoint", llm(provider="self-hosted"))
case("llm-bad-self-hosted-empty-endpoints", llm(provider="self-hosted", endpoints=[]))
case("llm-bad-pricing-currency", llm(pricing={"currency": "GBP"}))
case("llm-bad-pricing-pattern", llm(pricing={"inputPerMillionTokens": "2.50001"}))
case("llm-bad-deprecated-type", llm(deprecated="maybe"))
case("llm-bad-unknown-field", llm(temperature=0.7))
case("llm-bad-unknown-fields-two", llm(temperature=0.7, topP=0.9))
case("llm-bad-unknown-nested", llm(rateLimits={"requestsPerMinute": 10, "burst": 5}))
case("llm-bad-unknown-metadata", with_meta(llm(), colour="blue"))
case("llm-bad-unknown-root", llm() | {"extra": {"a": 1}})
case("llm-bad-name-uppercase", with_meta(llm(), name="GPT_4o"))
case("llm-bad-name-too-long", with_meta(llm(), name="a" * 254))
case("llm-bad-label-value", with_meta(llm(), labels={"tier": "premium tier"}))
case("llm-bad-label-key", with_meta(llm(), labels={"a/b/c": "x"}))
case("llm-bad-label-key-prefix", with_meta(llm(), labels={"Example.COM/x": "y"}))
case("llm-bad-annotation-key", with_meta(llm(), annotations={"bad key": "x"}))
case("llm-valid-status-ignored-phase", llm() | {"status": {"phase": "Exploded"}})
case("llm-valid-status-ignored-duplicate", llm() | {"status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "Ready", "status": "False"}]}})
case("llm-valid-status-ignored-missing", llm() | {"status": {"conditions": [{"type": "Ready"}]}})
case("llm-bad-two-errors", llm(provider="openia", contextWindow=100))
case("llm-bad-null-required", llm(provider=None))
case("llm-valid-null-nonnullable-dropped", llm(contextWindow=None, rateLimits=None))
case("llm-bad-finalizer", with_meta(llm(), finalizers=["bad finalizer"]))

# --- LLMRoute -----------------------------------------------------------------------------
case("route-valid", route())
case("route-valid-full", route(hostnames=["chat.example.com", "*.chat.example.com"],
                               backends=[{"modelRef": "a", "weight": 70}, {"modelRef": "b", "weight": 30}],
                               timeout="45s", retries={"attempts": 2, "retryOn": ["5xx", "timeout"]}))
case("route-valid-retries-zero", route(retries={"attempts": 0}))
case("route-bad-weights-sum", route(backends=[{"modelRef": "a", "weight": 70}, {"modelRef": "b", "weight": 70}]))
case("route-bad-backends-empty", route(backends=[]))
case("route-bad-backends-missing", without(route(), "spec", "backends"))
case("route-bad-backend-weight-missing", route(backends=[{"modelRef": "a"}]))
case("route-bad-backend-duplicate", route(backends=[{"modelRef": "a", "weight": 50}, {"modelRef": "a", "weight": 50}]))
case("route-bad-weight-negative", route(backends=[{"modelRef": "a", "weight": -10}, {"modelRef": "b", "weight": 110}]))
case("route-bad-timeout-pattern", route(timeout="1 minute"))
case("route-bad-timeout-type", route(timeout=30))
case("route-bad-hostname-pattern", route(hostnames=["Chat.Example.com"]))
case("route-bad-hostnames-duplicate", route(hostnames=["a.example.com", "a.example.com"]))
case("route-bad-retries-no-attempts", route(retries={"retryOn": ["5xx"]}))
case("route-bad-retries-zero-attempts", route(retries={"attempts": 0, "retryOn": ["reset"]}))
case("route-bad-retry-on-enum", route(retries={"attempts": 1, "retryOn": ["sometimes"]}))
case("route-bad-attempts-max", route(retries={"attempts": 11}))
case("route-bad-backends-object", route(backends={"modelRef": "a", "weight": 100}))

# --- ModelEndpoint ------------------------------------------------------------------------
workload = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "llama"},
            "spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "s", "image": "x"}]}}}}
case("endpoint-valid", endpoint())
case("endpoint-valid-full", endpoint(url="https://a.example.com/v1", protocol="grpc", port="grpc",
                                     tls={"serverName": "a.example.com", "insecureSkipVerify": False},
                                     headers={"x-a": "1"}, healthCheck={"path": "/healthz", "intervalSeconds": 5},
                                     workload=workload))
case("endpoint-valid-port-int", endpoint(port=8080))
case("endpoint-valid-healthcheck-null", endpoint(healthCheck=None))
case("endpoint-valid-preserved-fields", endpoint(workload=workload | {"anything": {"goes": [1, 2]}}))
case("endpoint-bad-url-missing", without(endpoint(), "spec", "url"))
case("endpoint-bad-url-format", endpoint(url="llama.models.svc/v1"))
case("endpoint-bad-protocol", endpoint(protocol="websocket"))
case("endpoint-bad-port-range", endpoint(port=70000))
case("endpoint-bad-port-zero", endpoint(port=0))
case("endpoint-bad-port-name", endpoint(port="GRPC"))
case("endpoint-bad-port-bool", endpoint(port=False))
case("endpoint-bad-tls-http", endpoint(tls={"insecureSkipVerify": True}))
case("endpoint-bad-tls-hostname", endpoint(url="https://a/v1", tls={"serverName": "-bad-.example"}))
case("endpoint-bad-header-type", endpoint(headers={"x-retries": 3}))
case("endpoint-bad-headers-too-many", endpoint(headers={f"h{i}": "v" for i in range(33)}))
case("endpoint-bad-header-too-long", endpoint(headers={"x": "v" * 1025}))
case("endpoint-bad-healthcheck-path", endpoint(healthCheck={"path": "healthz"}))
case("endpoint-bad-healthcheck-interval", endpoint(healthCheck={"intervalSeconds": 0}))
case("endpoint-bad-workload-kind-missing", endpoint(workload=without(workload, "kind")))
case("endpoint-bad-workload-apiversion-missing", endpoint(workload=without(workload, "apiVersion")))
case("endpoint-bad-workload-kind-invalid", endpoint(workload=workload | {"kind": "Bad Kind"}))
case("endpoint-bad-workload-metadata-unknown", endpoint(workload=workload | {"metadata": {"name": "x", "colour": "red"}}))
case("endpoint-bad-workload-apiversion-slashes", endpoint(workload=workload | {"apiVersion": "a/b/c"}))
case("endpoint-bad-workload-name", endpoint(workload=workload | {"metadata": {"name": "a/b"}}))
case("endpoint-bad-workload-labels", endpoint(workload=workload | {"metadata": {"name": "x", "labels": {"k": "bad value"}}}))
case("endpoint-bad-unknown-tls-field", endpoint(tls={"serverName": "a", "ciphers": ["x"]}))

# --- GatewayRoute -------------------------------------------------------------------------
case("gwroute-valid", gwroute())
case("gwroute-valid-full", gwroute(rules=[{"pathPrefix": "/v1/chat", "endpointRef": "a", "methods": ["GET", "POST"], "timeout": "1m30s"},
                                          {"pathPrefix": "/v1/embed", "rewrite": "/embed", "endpointRef": "b", "timeout": "10 seconds"}]))
case("gwroute-bad-duplicate-prefix", gwroute(rules=[{"pathPrefix": "/v1", "endpointRef": "a"}, {"pathPrefix": "/v1", "endpointRef": "b"}]))
case("gwroute-bad-rewrite", gwroute(rules=[{"pathPrefix": "/v1", "endpointRef": "a", "rewrite": "embed"}]))
case("gwroute-bad-prefix-pattern", gwroute(rules=[{"pathPrefix": "v1", "endpointRef": "a"}]))
case("gwroute-bad-prefix-space", gwroute(rules=[{"pathPrefix": "/v1 chat", "endpointRef": "a"}]))
case("gwroute-bad-rules-empty", gwroute(rules=[]))
case("gwroute-bad-endpointref-missing", gwroute(rules=[{"pathPrefix": "/v1"}]))
case("gwroute-bad-methods-enum", gwroute(rules=[{"pathPrefix": "/v1", "endpointRef": "a", "methods": ["PATCH"]}]))
case("gwroute-bad-methods-duplicate", gwroute(rules=[{"pathPrefix": "/v1", "endpointRef": "a", "methods": ["GET", "GET"]}]))
case("gwroute-bad-timeout-format", gwroute(rules=[{"pathPrefix": "/v1", "endpointRef": "a", "timeout": "forever"}]))
case("gwroute-bad-gateway-missing", without(gwroute(), "spec", "gateway"))
case("gwroute-bad-gateway-too-long", gwroute(gateway="g" * 254))

# --- TenantConfiguration ------------------------------------------------------------------
case("tenant-valid", tenant())
case("tenant-valid-full", tenant(tier="enterprise", contact="ops@acme.example.com", allowedModels=["a", "b", "c", "d"],
                                 quotas={"maxTokensPerDay": "unlimited", "maxTokensPerRequest": 32000},
                                 budget={"monthlyLimit": "100.00", "alertAt": 80}, extensions={"x": {"y": [1, "z"]}}))
case("tenant-valid-free-three", tenant(tier="free", allowedModels=["a", "b", "c"]))
case("tenant-valid-quota-ok", tenant(quotas={"maxTokensPerDay": 100000, "maxTokensPerRequest": 4000}))
case("tenant-valid-budget-null", tenant(budget=None))
case("tenant-valid-contact-name", tenant(contact="Ops Team <ops@acme.example.com>"))
case("tenant-bad-tier", tenant(tier="gold"))
case("tenant-bad-tenantid-pattern", tenant(tenantId="Acme!"))
case("tenant-bad-tenantid-missing", without(tenant(), "spec", "tenantId"))
case("tenant-bad-contact", tenant(contact="platform at acme"))
case("tenant-bad-free-models", tenant(tier="free", allowedModels=["a", "b", "c", "d"]))
case("tenant-bad-models-duplicate", tenant(allowedModels=["a", "a"]))
case("tenant-bad-quota-order", tenant(quotas={"maxTokensPerDay": 1000, "maxTokensPerRequest": 4000}))
case("tenant-bad-quota-pattern", tenant(quotas={"maxTokensPerDay": "lots"}))
case("tenant-bad-quota-negative", tenant(quotas={"maxTokensPerDay": -1}))
case("tenant-bad-budget-pattern", tenant(budget={"monthlyLimit": "100.5"}))
case("tenant-bad-budget-alert", tenant(budget={"alertAt": 101}))
case("tenant-valid-namespace-ignored", with_meta(tenant(), namespace="default"))

# --- ConfigMap ----------------------------------------------------------------------------
case("cm-valid", cm(data={"key": "value", "app.properties": "a=b\n"}))
case("cm-valid-binary", cm(binaryData={"blob": "aGVsbG8="}))
case("cm-valid-empty", cm())
case("cm-valid-immutable", cm(data={"a": "b"}, immutable=True))
case("cm-bad-key", cm(data={"bad key": "v"}))
case("cm-bad-key-slash", cm(data={"a/b": "v"}))
case("cm-bad-value-type", cm(data={"n": 1}))
case("cm-bad-duplicate-binary", cm(data={"a": "x"}, binaryData={"a": "eA=="}))
case("cm-bad-binary-base64", cm(binaryData={"blob": "not base64!"}))
case("cm-bad-unknown-field", cm(data={"a": "b"}, spec={"x": 1}))
case("cm-bad-name", with_meta(cm(), name="Bad_Name"))
case("cm-bad-data-list", cm(data=["a", "b"]))

# --- Secret -------------------------------------------------------------------------------
case("secret-valid", secret(data={"password": "cGFzc3dvcmQ="}))
case("secret-valid-stringdata", secret(stringData={"password": "plain"}))
case("secret-valid-tls", secret(type="kubernetes.io/tls", data={"tls.crt": "Y3J0", "tls.key": "a2V5"}))
case("secret-valid-basic-auth", secret(type="kubernetes.io/basic-auth", stringData={"username": "u", "password": "p"}))
case("secret-bad-base64", secret(data={"password": "not base64!"}))
case("secret-bad-key", secret(data={"bad key": "eA=="}))
case("secret-bad-tls-missing-key", secret(type="kubernetes.io/tls", data={"tls.crt": "Y3J0"}))
case("secret-bad-unknown-field", secret(data={"a": "eA=="}, datas={"b": "eA=="}))
case("secret-bad-type-type", secret(type=5))
case("secret-bad-stringdata-type", secret(stringData={"a": True}))

# --- Deployment ---------------------------------------------------------------------------
case("deploy-valid", deploy())
case("deploy-valid-ports", pod_spec(containers=[container(ports=[{"containerPort": 8080, "name": "http"}], resources={"limits": {"cpu": "500m", "memory": "128Mi"}})]))
case("deploy-valid-strategy", deploy({"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}}}))
case("deploy-valid-env", pod_spec(containers=[container(env=[{"name": "A", "value": "1"}, {"name": "B", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}])]))
case("deploy-bad-selector-missing", without(deploy(), "spec", "selector"))
case("deploy-bad-selector-mismatch", deploy({"selector": {"matchLabels": {"app": "api"}}}))
case("deploy-bad-replicas-negative", deploy({"replicas": -1}))
case("deploy-bad-replicas-type", deploy({"replicas": "two"}))
case("deploy-bad-containers-empty", pod_spec(containers=[]))
case("deploy-bad-image-missing", pod_spec(containers=[{"name": "app"}]))
case("deploy-bad-container-name", pod_spec(containers=[container(name="App_1")]))
case("deploy-bad-container-duplicate", pod_spec(containers=[container(), container()]))
case("deploy-bad-port-range", pod_spec(containers=[container(ports=[{"containerPort": 70000}])]))
case("deploy-bad-unknown-field", pod_spec(containers=[container(imagePullPolicy="Always", command=["x"], colour="red")]))
case("deploy-bad-strategy-type", deploy({"strategy": {"type": "BlueGreen"}}))
case("deploy-bad-restart-policy", pod_spec(restartPolicy="Never"))
case("deploy-bad-quantity", pod_spec(containers=[container(resources={"limits": {"cpu": "lots"}})]))
case("deploy-bad-env-name", pod_spec(containers=[container(env=[{"name": "1=A", "value": "x"}])]))

# --- Service ------------------------------------------------------------------------------
case("svc-valid", svc())
case("svc-valid-nodeport", svc({"type": "NodePort", "ports": [{"port": 80, "targetPort": "http", "name": "http"}, {"port": 443, "name": "https"}]}))
case("svc-valid-externalname", svc({"type": "ExternalName", "externalName": "db.example.com", "ports": []}))
case("svc-valid-headless", svc({"clusterIP": "None", "ports": [{"port": 80}]}))
case("svc-bad-ports-missing", svc({"ports": []}))
case("svc-bad-port-range", svc({"ports": [{"port": 70000}]}))
case("svc-bad-protocol", svc({"ports": [{"port": 80, "protocol": "HTTP"}]}))
case("svc-bad-type", svc({"type": "Internal"}))
case("svc-bad-port-names", svc({"ports": [{"port": 80}, {"port": 81}]}))
case("svc-bad-duplicate-port-name", svc({"ports": [{"port": 80, "name": "web"}, {"port": 81, "name": "web"}]}))
case("svc-bad-selector-label", svc({"selector": {"app": "bad value"}}))
case("svc-bad-unknown-field", svc({"portz": []}))
case("svc-bad-externalname-missing", svc({"type": "ExternalName", "ports": []}))
case("svc-bad-port-type", svc({"ports": [{"port": "80"}]}))


# --- More valid documents, so that about half of the corpus is valid ----------------------
for i, p in enumerate(["openai", "anthropic", "azure-openai", "bedrock", "vertex"]):
    case(f"llm-valid-provider-{p}", llm(provider=p, modelName=f"model-{i}.v{i}", contextWindow=1024 * (i + 1)))
for i, feats in enumerate([["chat"], ["embeddings"], ["vision", "tools"], ["json-mode", "completion", "chat"]]):
    case(f"llm-valid-features-{i}", llm(features=feats))
for i, rpm in enumerate([1, 99, "0%", "100%", "7%"]):
    case(f"llm-valid-rpm-{i}", llm(rateLimits={"requestsPerMinute": rpm}))
for i, split in enumerate([[100], [50, 50], [10, 20, 30, 40], [0, 100], [33, 33, 34]]):
    case(f"route-valid-split-{i}", route(backends=[{"modelRef": f"m{j}", "weight": w} for j, w in enumerate(split)]))
for i, t in enumerate(["1ms", "500ms", "2m", "60s"]):
    case(f"route-valid-timeout-{i}", route(timeout=t))
for i, hosts in enumerate([["a.example.com"], ["*.b.example.com", "c"], ["x-y.example.org"]]):
    case(f"route-valid-hosts-{i}", route(hostnames=hosts))
for i, port in enumerate([1, 65535, "http", "grpc-web"]):
    case(f"endpoint-valid-port-{i}", endpoint(port=port))
for i, proto in enumerate(["http", "grpc"]):
    case(f"endpoint-valid-protocol-{proto}", endpoint(protocol=proto, headers={"x-pool": f"p{i}"}))
case("endpoint-valid-https-tls", endpoint(url="https://secure.example.com/v1", tls={"serverName": "secure.example.com"}))
case("endpoint-valid-healthcheck", endpoint(healthCheck={"path": "/ready", "intervalSeconds": 3600}))
for i, tier in enumerate(["free", "team", "enterprise"]):
    case(f"tenant-valid-tier-{tier}", tenant(tenantId=f"tenant-{tier}", tier=tier, allowedModels=["a"]))
case("tenant-valid-quota-unlimited", tenant(quotas={"maxTokensPerDay": "unlimited"}))
case("tenant-valid-budget", tenant(budget={"monthlyLimit": "5", "alertAt": 1}))
case("tenant-valid-extensions", tenant(extensions={"audit": {"retainDays": 90}, "flags": [True, False]}))
for i, m in enumerate(["GET", "POST", "PUT", "DELETE"]):
    case(f"gwroute-valid-method-{m.lower()}", gwroute(rules=[{"pathPrefix": f"/v{i}", "endpointRef": "a", "methods": [m]}]))
case("gwroute-valid-two-rules", gwroute(rules=[{"pathPrefix": "/a", "endpointRef": "a"}, {"pathPrefix": "/b", "endpointRef": "b", "rewrite": "/"}]))
for i in range(4):
    case(f"cm-valid-keys-{i}", cm(data={f"key-{i}": "v", f"KEY_{i}": "w", f"file.{i}.txt": "x"}))
case("cm-valid-labels", with_meta(cm(data={"a": "b"}), labels={"app": "web"}, annotations={"note": "x"}))
for i, t in enumerate(["Opaque", "kubernetes.io/ssh-auth"]):
    d = {"ssh-privatekey": "a2V5"} if "ssh" in t else {"k": "dg=="}
    case(f"secret-valid-type-{i}", secret(type=t, data=d))
case("secret-valid-docker", secret(type="kubernetes.io/dockerconfigjson", data={".dockerconfigjson": "e30="}))
for i, r in enumerate([0, 1, 5]):
    case(f"deploy-valid-replicas-{r}", deploy({"replicas": r}))
case("deploy-valid-recreate", deploy({"strategy": {"type": "Recreate"}}))
case("deploy-valid-two-containers", pod_spec(containers=[container(name="a"), container(name="b", image="busybox")]))
case("deploy-valid-expressions", deploy({"selector": {"matchLabels": {"app": "web"}}, "minReadySeconds": 5, "revisionHistoryLimit": 3}))
case("deploy-valid-probes", pod_spec(containers=[container(readinessProbe={"httpGet": {"path": "/", "port": 8080}}, livenessProbe={"tcpSocket": {"port": "http"}})]))
case("deploy-valid-volumes", pod_spec(volumes=[{"name": "cfg", "configMap": {"name": "c"}}], containers=[container(volumeMounts=[{"name": "cfg", "mountPath": "/etc/cfg"}])]))
for i, t in enumerate(["ClusterIP", "LoadBalancer"]):
    case(f"svc-valid-type-{t.lower()}", svc({"type": t}))
case("svc-valid-udp", svc({"ports": [{"port": 53, "protocol": "UDP", "name": "dns"}, {"port": 53, "protocol": "TCP", "name": "dns-tcp"}]}))
case("svc-valid-named-target", svc({"ports": [{"port": 80, "targetPort": "web"}]}))
case("svc-valid-no-selector", svc({"selector": None}))


# --- RoutingPolicy: CEL rules at the root, on items of arrays of arrays, on map values and on an
# embedded resource (tests/corpus/crds) --------------------------------------------------------
def policy(name="acme-default", **spec):
    base = {"tenant": "acme"}
    base.update(spec)
    return {"apiVersion": GW, "kind": "RoutingPolicy", "metadata": {"name": name}, "spec": base}


FALLBACK = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "fallback"}, "data": {"a": "b"}}
case("policy-valid", policy(weights=[[50, 50], [100]], headers={"x-a": "1"}, tiers={"gold": {"min": 1, "max": 2}},
                            fallback=FALLBACK))
case("policy-valid-minimal", policy("acme-x"))
case("policy-bad-root-name", policy("other-default"))
case("policy-bad-root-and-nested", policy("other-default", weights=[[-10, 110]]))
case("policy-bad-weight-cell", policy(weights=[[100], [-10, 110]]))
case("policy-bad-weight-row", policy(weights=[[50, 40]]))
case("policy-bad-header-value", policy(headers={"x-a": "a b", "x-b": "ok"}))
case("policy-bad-tier-order", policy(tiers={"gold": {"min": 5, "max": 1}, "silver": {"min": 1}}))
case("policy-bad-fallback-kind", policy(fallback={"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "f"}}))
case("policy-bad-spec-missing", {"apiVersion": GW, "kind": "RoutingPolicy", "metadata": {"name": "acme-x"}})
case("policy-bad-tenant-too-long", policy("acme-x", tenant="a" * 21))


# --- Built-in kinds beyond the four with ported Go validation: documents whose verdict the
# decoding (unknown fields, Go types, quantities, base64) and ObjectMeta decide ---------------
def obj(api_version, kind, name, **fields):
    o = {"apiVersion": api_version, "kind": kind, "metadata": {"name": name}}
    o.update(fields)
    return o


def pod_template(**spec):
    s = {"containers": [container()]}
    s.update(spec)
    return {"metadata": {"labels": {"app": "web"}}, "spec": s}


SELECTOR = {"matchLabels": {"app": "web"}}
RBAC = "rbac.authorization.k8s.io/v1"
RULE = {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}
ROLE_REF = {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"}
SUBJECT = {"kind": "ServiceAccount", "name": "app", "namespace": "default"}
JOB_SPEC = {"template": {"spec": {"restartPolicy": "Never", "containers": [container(command=["true"])]}}}
INGRESS_RULE = {"host": "chat.example.com", "http": {"paths": [
    {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}
SCALE_TARGET = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}

case("namespace-valid", obj("v1", "Namespace", "corpus-team-a", spec={"finalizers": ["kubernetes"]}))
case("namespace-bad-name-dots", obj("v1", "Namespace", "team.a"))
case("namespace-bad-unknown-field", obj("v1", "Namespace", "corpus-team-b", spec={"finalisers": ["kubernetes"]}))
case("serviceaccount-valid", obj("v1", "ServiceAccount", "app", automountServiceAccountToken=False,
                                 imagePullSecrets=[{"name": "registry"}]))
case("serviceaccount-valid-dotted-name", obj("v1", "ServiceAccount", "app.reader"))
case("serviceaccount-bad-automount-type", obj("v1", "ServiceAccount", "app", automountServiceAccountToken="false"))
case("serviceaccount-bad-secrets-map", obj("v1", "ServiceAccount", "app", imagePullSecrets={"name": "registry"}))
case("role-valid", obj(RBAC, "Role", "reader", rules=[RULE]))
case("role-bad-rules-object", obj(RBAC, "Role", "reader", rules=RULE))
case("role-bad-unknown-field", obj(RBAC, "Role", "reader", rules=[RULE | {"verb": ["get"]}]))
# A name RBAC's path-segment rule refuses (`a/b`, `%`) is refused by kubectl itself first.
case("role-valid-uppercase-name", obj(RBAC, "Role", "Reader", rules=[RULE]))
case("clusterrole-valid-colon-name", obj(RBAC, "ClusterRole", "corpus:aggregate-to-view",
                                         rules=[RULE | {"resources": ["configmaps"]}]))
case("clusterrole-valid-aggregation", obj(RBAC, "ClusterRole", "corpus-monitoring",
                                          aggregationRule={"clusterRoleSelectors": [{"matchLabels": {"corpus/aggregate": "true"}}]}))
case("clusterrole-bad-verbs-string", obj(RBAC, "ClusterRole", "corpus-reader", rules=[RULE | {"verbs": "get"}]))
case("rolebinding-valid", obj(RBAC, "RoleBinding", "reader", roleRef=ROLE_REF, subjects=[SUBJECT]))
case("rolebinding-bad-roleref-list", obj(RBAC, "RoleBinding", "reader", roleRef=[ROLE_REF], subjects=[SUBJECT]))
case("clusterrolebinding-valid", obj(RBAC, "ClusterRoleBinding", "corpus:reader",
                                     roleRef=ROLE_REF | {"kind": "ClusterRole", "name": "view"}, subjects=[SUBJECT]))
case("clusterrolebinding-bad-unknown-subject-field", obj(RBAC, "ClusterRoleBinding", "corpus-reader",
                                                         roleRef=ROLE_REF | {"kind": "ClusterRole", "name": "view"},
                                                         subjects=[SUBJECT | {"namespaces": ["default"]}]))
case("pod-valid", obj("v1", "Pod", "web", spec={"containers": [container(ports=[{"containerPort": 8080}])]}))
case("pod-bad-unknown-container-field", obj("v1", "Pod", "web", spec={"containers": [container(imagePolicy="Always")]}))
case("pod-bad-volume-mode-string", obj("v1", "Pod", "web", spec={
    "containers": [container()], "volumes": [{"name": "cfg", "configMap": {"name": "c", "defaultMode": "0644"}}]}))
case("pod-bad-probe-port-bool", obj("v1", "Pod", "web", spec={
    "containers": [container(livenessProbe={"httpGet": {"path": "/", "port": True}})]}))
case("pod-bad-memory-quantity", obj("v1", "Pod", "web", spec={
    "containers": [container(resources={"limits": {"memory": "512 MB"}})]}))
case("pod-bad-grace-period-type", obj("v1", "Pod", "web", spec={"containers": [container()],
                                                                   "terminationGracePeriodSeconds": "30"}))
case("podtemplate-valid", obj("v1", "PodTemplate", "web", template=pod_template()))
case("replicationcontroller-valid", obj("v1", "ReplicationController", "web", spec={
    "replicas": 1, "selector": {"app": "web"}, "template": pod_template()}))
case("replicationcontroller-bad-selector-list", obj("v1", "ReplicationController", "web", spec={
    "selector": [{"app": "web"}], "template": pod_template()}))
case("replicaset-valid", obj("apps/v1", "ReplicaSet", "web", spec={"selector": SELECTOR, "template": pod_template()}))
case("statefulset-valid", obj("apps/v1", "StatefulSet", "web", spec={
    "serviceName": "web", "selector": SELECTOR, "template": pod_template(),
    "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}))
case("statefulset-bad-name-dots", obj("apps/v1", "StatefulSet", "web.v2", spec={
    "serviceName": "web", "selector": SELECTOR, "template": pod_template()}))
case("statefulset-bad-claim-storage", obj("apps/v1", "StatefulSet", "web", spec={
    "serviceName": "web", "selector": SELECTOR, "template": pod_template(),
    "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"resources": {"requests": {"storage": "lots"}}}}]}))
case("daemonset-valid", obj("apps/v1", "DaemonSet", "agent", spec={
    "selector": SELECTOR, "template": pod_template(tolerations=[{"operator": "Exists"}]),
    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}}))
case("daemonset-bad-unknown-strategy-field", obj("apps/v1", "DaemonSet", "agent", spec={
    "selector": SELECTOR, "template": pod_template(), "strategy": {"type": "RollingUpdate"}}))
case("job-valid", obj("batch/v1", "Job", "migrate", spec=JOB_SPEC | {"backoffLimit": 2, "ttlSecondsAfterFinished": 600}))
case("job-bad-backofflimit-string", obj("batch/v1", "Job", "migrate", spec=JOB_SPEC | {"backoffLimit": "2"}))
case("job-bad-completions-float", obj("batch/v1", "Job", "migrate", spec=JOB_SPEC | {"completions": 2.5}))
case("cronjob-valid", obj("batch/v1", "CronJob", "nightly", spec={
    "schedule": "0 3 * * *", "timeZone": "Etc/UTC", "concurrencyPolicy": "Forbid", "jobTemplate": {"spec": JOB_SPEC}}))
case("cronjob-bad-unknown-field", obj("batch/v1", "CronJob", "nightly", spec={
    "schedule": "0 3 * * *", "jobTemplate": {"spec": JOB_SPEC}, "startingDeadline": 60}))
case("cronjob-bad-suspend-string", obj("batch/v1", "CronJob", "nightly", spec={
    "schedule": "0 3 * * *", "jobTemplate": {"spec": JOB_SPEC}, "suspend": "yes please"}))
case("ingress-valid", obj("networking.k8s.io/v1", "Ingress", "web", spec={
    "ingressClassName": "nginx", "rules": [INGRESS_RULE], "tls": [{"hosts": ["chat.example.com"], "secretName": "tls"}]}))
case("ingress-bad-port-string", obj("networking.k8s.io/v1", "Ingress", "web", spec={"rules": [{"http": {"paths": [
    {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": "80"}}}}]}}]}))
case("ingress-bad-old-backend-fields", obj("networking.k8s.io/v1", "Ingress", "web", spec={"rules": [{"http": {"paths": [
    {"path": "/", "pathType": "Prefix", "backend": {"serviceName": "web", "servicePort": 80}}]}}]}))
case("ingressclass-valid", obj("networking.k8s.io/v1", "IngressClass", "corpus-nginx", spec={"controller": "example.com/ingress"}))
case("networkpolicy-valid", obj("networking.k8s.io/v1", "NetworkPolicy", "deny-all", spec={
    "podSelector": {}, "policyTypes": ["Ingress", "Egress"],
    "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}], "ports": [{"protocol": "TCP", "port": 443}]}]}))
case("networkpolicy-bad-ports-object", obj("networking.k8s.io/v1", "NetworkPolicy", "np", spec={
    "podSelector": {}, "ingress": [{"ports": {"port": 80}}]}))
case("hpa-valid", obj("autoscaling/v2", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "minReplicas": 1, "maxReplicas": 5,
    "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]}))
case("hpa-bad-v1-field-in-v2", obj("autoscaling/v2", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "maxReplicas": 5, "targetCPUUtilizationPercentage": 80}))
case("hpa-v1-valid", obj("autoscaling/v1", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "maxReplicas": 5, "targetCPUUtilizationPercentage": 80}))
case("hpa-bad-average-value", obj("autoscaling/v2", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "maxReplicas": 5, "metrics": [{"type": "Pods", "pods": {
        "metric": {"name": "rps"}, "target": {"type": "AverageValue", "averageValue": "1k rps"}}}]}))
case("pdb-valid", obj("policy/v1", "PodDisruptionBudget", "web", spec={"minAvailable": "50%", "selector": SELECTOR}))
case("pdb-bad-min-available-bool", obj("policy/v1", "PodDisruptionBudget", "web", spec={"minAvailable": True, "selector": SELECTOR}))
case("pvc-valid", obj("v1", "PersistentVolumeClaim", "data", spec={
    "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}, "storageClassName": "fast"}))
case("pvc-bad-storage-quantity", obj("v1", "PersistentVolumeClaim", "data", spec={
    "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10 GB"}}}))
case("pvc-bad-access-modes-string", obj("v1", "PersistentVolumeClaim", "data", spec={
    "accessModes": "ReadWriteOnce", "resources": {"requests": {"storage": "1Gi"}}}))
case("pv-valid", obj("v1", "PersistentVolume", "corpus-pv", spec={
    "capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/data/pv"},
    "persistentVolumeReclaimPolicy": "Retain"}))
case("pv-bad-hostpath-unknown", obj("v1", "PersistentVolume", "corpus-pv", spec={
    "capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/data", "kind": "dir"}}))
case("limitrange-valid", obj("v1", "LimitRange", "defaults", spec={"limits": [
    {"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"}, "defaultRequest": {"cpu": "100m"}}]}))
case("limitrange-bad-limits-object", obj("v1", "LimitRange", "defaults", spec={"limits": {"type": "Container"}}))
case("resourcequota-valid", obj("v1", "ResourceQuota", "quota", spec={"hard": {"pods": "20", "requests.cpu": "4"}}))
case("resourcequota-bad-hard-quantity", obj("v1", "ResourceQuota", "quota", spec={"hard": {"pods": "twenty"}}))
case("priorityclass-valid", obj("scheduling.k8s.io/v1", "PriorityClass", "corpus-high", value=100000,
                                description="for the API gateway", preemptionPolicy="Never"))
case("priorityclass-bad-value-string", obj("scheduling.k8s.io/v1", "PriorityClass", "corpus-high", value="high"))
case("storageclass-valid", obj("storage.k8s.io/v1", "StorageClass", "corpus-fast", provisioner="example.com/csi",
                               reclaimPolicy="Delete", volumeBindingMode="WaitForFirstConsumer",
                               parameters={"type": "ssd"}, allowVolumeExpansion=True))
case("storageclass-bad-parameters-number", obj("storage.k8s.io/v1", "StorageClass", "corpus-fast",
                                               provisioner="example.com/csi", parameters={"iops": 3000}))
case("csidriver-valid", obj("storage.k8s.io/v1", "CSIDriver", "csi.corpus.example.com", spec={"attachRequired": False}))
case("runtimeclass-valid", obj("node.k8s.io/v1", "RuntimeClass", "corpus-gvisor", handler="runsc"))
case("runtimeclass-bad-unknown-field", obj("node.k8s.io/v1", "RuntimeClass", "corpus-gvisor", handler="runsc", runtime="gvisor"))
case("lease-valid", obj("coordination.k8s.io/v1", "Lease", "leader", spec={"holderIdentity": "a", "leaseDurationSeconds": 15}))
case("endpointslice-valid", obj("discovery.k8s.io/v1", "EndpointSlice", "web-abc", addressType="IPv4",
                                endpoints=[{"addresses": ["10.0.0.5"], "conditions": {"ready": True}}],
                                ports=[{"name": "http", "port": 8080, "protocol": "TCP"}]))
case("endpointslice-bad-addresses-string", obj("discovery.k8s.io/v1", "EndpointSlice", "web-abc", addressType="IPv4",
                                               endpoints=[{"addresses": "10.0.0.5"}]))
case("endpoints-valid-deprecated", obj("v1", "Endpoints", "legacy", subsets=[
    {"addresses": [{"ip": "10.0.0.5"}], "ports": [{"port": 8080}]}]))
case("csr-bad-request-base64", obj("certificates.k8s.io/v1", "CertificateSigningRequest", "corpus-user", spec={
    "request": "not base64!", "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}))
case("apiservice-valid", obj("apiregistration.k8s.io/v1", "APIService", "v1beta1.metrics.corpus.example.com", spec={
    "group": "metrics.corpus.example.com", "version": "v1beta1", "groupPriorityMinimum": 100, "versionPriority": 100,
    "service": {"namespace": "default", "name": "metrics", "port": 443}, "insecureSkipTLSVerify": True}))
case("apiservice-bad-cabundle-base64", obj("apiregistration.k8s.io/v1", "APIService", "v1beta1.metrics.corpus.example.com", spec={
    "group": "metrics.corpus.example.com", "version": "v1beta1", "groupPriorityMinimum": 100, "versionPriority": 100,
    "service": {"namespace": "default", "name": "metrics"}, "caBundle": "%%%"}))
case("validatingwebhook-bad-unknown-field", obj("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
                                                "corpus-policy", webhooks=[{"name": "check.corpus.example.com",
                                                                            "clientConfig": {"url": "https://h/check"},
                                                                            "sideEffects": "None",
                                                                            "admissionReviewVersions": ["v1"],
                                                                            "failurePolicy": "Fail", "timeout": 5}]))
case("flowschema-bad-precedence-string", obj("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "corpus-fs", spec={
    "matchingPrecedence": "high", "priorityLevelConfiguration": {"name": "workload-low"}}))
case("resourceclaim-bad-unknown-field", obj("resource.k8s.io/v1", "ResourceClaim", "gpu", spec={
    "devices": {"requests": [{"name": "gpu", "deviceClassName": "gpu.example.com"}]}}))
case("componentstatus-bad-read-only", obj("v1", "ComponentStatus", "scheduler"))
case("service-valid-digit-name", svc() | {"metadata": {"name": "8080-web"}})
case("crd-valid", obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.corpus.example.com", spec={
    "group": "corpus.example.com", "scope": "Namespaced", "names": {"plural": "widgets", "kind": "Widget"},
    "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
        "type": "object", "properties": {"spec": {"type": "object", "properties": {
            "size": {"type": "integer", "minimum": 1}, "tags": {"type": "array", "items": {"type": "string"}}}}}}}}]}))
case("crd-bad-unknown-schema-keyword", obj("apiextensions.k8s.io/v1", "CustomResourceDefinition",
                                           "widgets.corpus.example.com", spec={
    "group": "corpus.example.com", "scope": "Namespaced", "names": {"plural": "widgets", "kind": "Widget"},
    "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
        "type": "object", "properties": {"spec": {"type": "object", "properties": {
            "size": {"type": "integer", "minimun": 1}}}}}}}]}))


# --- The pod template of every workload (ValidatePodSpec's volumes, containers, init containers,
# mounts; each workload's restart policy and selector) --------------------------------------
def pod(**spec):
    s = {"containers": [container()]}
    s.update(spec)
    return obj("v1", "Pod", "web", spec=s)


def job(**template_spec):
    t = {"containers": [container(command=["true"])]}
    t.update(template_spec)
    return obj("batch/v1", "Job", "migrate", spec={"template": {"spec": t}})


def replica_set(selector=None, **template_spec):
    t = pod_template(**template_spec)
    return obj("apps/v1", "ReplicaSet", "web", spec={"selector": SELECTOR if selector is None else selector, "template": t})


VOL = {"name": "cfg", "configMap": {"name": "c"}}
MOUNT = {"name": "cfg", "mountPath": "/etc/cfg"}
case("job-bad-restart-policy-default", job())
case("job-bad-restart-policy-always", job(restartPolicy="Always"))
case("job-valid-restart-on-failure", job(restartPolicy="OnFailure"))
case("job-bad-restart-policy-unknown", job(restartPolicy="Sometimes"))
case("job-bad-pod-failure-policy-on-failure", obj("batch/v1", "Job", "migrate", spec={
    "podFailurePolicy": {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]},
    "template": {"spec": {"restartPolicy": "OnFailure", "containers": [container()]}}}))
case("job-bad-container-name", job(restartPolicy="Never", containers=[container(name="Migrate")]))
case("cronjob-bad-restart-policy-default", obj("batch/v1", "CronJob", "nightly", spec={
    "schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [container()]}}}}}))
case("pod-valid-volumes-and-mounts", pod(volumes=[VOL, {"name": "scratch"}],
                                         containers=[container(volumeMounts=[MOUNT, {"name": "scratch", "mountPath": "/tmp"}])]))
case("pod-valid-sidecar-init-probe", pod(initContainers=[container(name="proxy", restartPolicy="Always",
                                                                   readinessProbe={"tcpSocket": {"port": 15000}})]))
case("pod-valid-restart-never", pod(restartPolicy="Never"))
case("pod-bad-mount-unknown-volume", pod(containers=[container(volumeMounts=[MOUNT])]))
case("pod-bad-mount-path-twice", pod(volumes=[VOL, {"name": "b", "emptyDir": {}}],
                                     containers=[container(volumeMounts=[MOUNT, {"name": "b", "mountPath": "/etc/cfg"}])]))
case("pod-bad-mount-name-missing", pod(containers=[container(volumeMounts=[{"mountPath": "/x"}])]))
case("pod-bad-two-volume-sources", pod(volumes=[{"name": "cfg", "emptyDir": {}, "configMap": {"name": "c"}, "secret": {"secretName": "s"}}]))
case("pod-bad-volume-name", pod(volumes=[{"name": "Config_1", "emptyDir": {}}]))
case("pod-bad-volume-name-twice", pod(volumes=[VOL, VOL]))
case("pod-bad-invalid-volume-mounted", pod(volumes=[{"name": "cfg", "emptyDir": {}, "hostPath": {"path": "/x"}}],
                                           containers=[container(volumeMounts=[MOUNT])]))
case("pod-bad-init-name-clash", pod(initContainers=[container(command=["true"])]))
case("pod-bad-init-probe", pod(initContainers=[container(name="init", livenessProbe={"exec": {"command": ["x"]}})]))
case("pod-bad-image-space", pod(containers=[container(image=" nginx:1.27")]))
case("pod-bad-image-missing", pod(containers=[{"name": "app"}]))
case("pod-bad-restart-policy", pod(restartPolicy="Sometimes"))
case("pod-bad-containers-missing", obj("v1", "Pod", "web", spec={}))
case("deploy-valid-image-space", pod_spec(containers=[container(image=" nginx:1.27")]))
case("deploy-bad-template-label-value", deploy({"template": {"metadata": {"labels": {"app": "web", "tier": "front end"}},
                                                             "spec": {"containers": [container()]}}}))
case("deploy-bad-mount-unknown-volume", pod_spec(containers=[container(volumeMounts=[MOUNT])]))
case("replicaset-bad-selector-mismatch", replica_set({"matchLabels": {"app": "api"}}))
case("replicaset-bad-selector-empty", replica_set({}))
case("replicaset-valid-expressions", replica_set({"matchExpressions": [{"key": "app", "operator": "In", "values": ["web", "api"]}]}))
case("replicaset-bad-expression-mismatch", replica_set({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]}))
case("replicaset-bad-restart-never", replica_set(restartPolicy="Never"))
case("replicaset-bad-active-deadline", replica_set(activeDeadlineSeconds=60))
case("daemonset-bad-selector-mismatch", obj("apps/v1", "DaemonSet", "agent", spec={
    "selector": {"matchLabels": {"app": "agent"}}, "template": pod_template()}))
case("daemonset-bad-restart-on-failure", obj("apps/v1", "DaemonSet", "agent", spec={
    "selector": SELECTOR, "template": pod_template(restartPolicy="OnFailure")}))
case("statefulset-valid-claim-mount", obj("apps/v1", "StatefulSet", "db", spec={
    "serviceName": "db", "selector": SELECTOR,
    "template": pod_template(containers=[container(volumeMounts=[{"name": "data", "mountPath": "/var/lib/db"}])]),
    "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}))
case("statefulset-bad-mount-unknown", obj("apps/v1", "StatefulSet", "db", spec={
    "serviceName": "db", "selector": SELECTOR,
    "template": pod_template(containers=[container(volumeMounts=[{"name": "data", "mountPath": "/var/lib/db"}])])}))
case("statefulset-bad-selector-missing", obj("apps/v1", "StatefulSet", "db", spec={"serviceName": "db", "template": pod_template()}))
case("replicationcontroller-valid-defaulted-selector", obj("v1", "ReplicationController", "web", spec={"template": pod_template()}))
case("replicationcontroller-bad-selector-mismatch", obj("v1", "ReplicationController", "web", spec={
    "selector": {"app": "api"}, "template": pod_template()}))
case("replicationcontroller-bad-restart-never", obj("v1", "ReplicationController", "web", spec={
    "template": pod_template(restartPolicy="Never")}))
case("podtemplate-bad-containers-missing", obj("v1", "PodTemplate", "web", template={"metadata": {"labels": {"app": "web"}}, "spec": {}}))


# --- Pod spec beyond volumes and names: probes, lifecycle, resources, env, ports (i12-pod) --------
def res(limits=None, requests=None):
    r = {}
    if limits is not None:
        r["limits"] = limits
    if requests is not None:
        r["requests"] = requests
    return r


case("deploy-valid-resources-within-limits", pod_spec(containers=[container(resources=res(
    {"cpu": "1", "memory": "1Gi"}, {"cpu": "250m", "memory": "1024Mi"}))]))
case("deploy-bad-request-above-limit", pod_spec(containers=[container(resources=res(
    {"cpu": "500m", "memory": "128Mi"}, {"cpu": "1", "memory": "256Mi"}))]))
case("deploy-valid-requests-only", pod_spec(containers=[container(resources=res(requests={"cpu": 2, "memory": "0.5Gi"}))]))
case("deploy-bad-resource-name-typo", pod_spec(containers=[container(resources=res({"cpus": "1"}))]))
case("deploy-bad-memory-negative", pod_spec(containers=[container(resources=res(requests={"memory": "-64Mi"}))]))
case("deploy-bad-gpu-fraction", pod_spec(containers=[container(resources=res({"nvidia.com/gpu": "0.5"}))]))
case("deploy-bad-gpu-request-without-limit", pod_spec(containers=[container(resources=res(requests={"nvidia.com/gpu": 1}))]))
case("deploy-valid-gpu-limit", pod_spec(containers=[container(resources=res({"nvidia.com/gpu": 1}))]))
case("deploy-bad-gpu-request-not-limit", pod_spec(containers=[container(resources=res({"nvidia.com/gpu": 2}, {"nvidia.com/gpu": 1}))]))
case("deploy-bad-hugepages-alone", pod_spec(containers=[container(resources=res({"hugepages-2Mi": "4Mi"}))]))
case("deploy-valid-hugepages-with-memory", pod_spec(containers=[container(resources=res(
    {"hugepages-2Mi": "4Mi", "memory": "1Gi"}, {"memory": "1Gi"}))]))
case("deploy-bad-hugepages-indivisible", pod_spec(containers=[container(resources=res({"hugepages-2Mi": "3Mi", "cpu": 1}))]))
case("deploy-bad-resource-pods", pod_spec(containers=[container(resources=res({"pods": "1"}))]))
case("pod-valid-limits-only-default-requests", pod(containers=[container(resources=res({"cpu": "500m", "nvidia.com/gpu": 1}))]))
case("pod-bad-request-above-limit", pod(containers=[container(resources=res({"cpu": "500m"}, {"cpu": "600m"}))]))
case("job-valid-resources", job(restartPolicy="Never", containers=[container(resources=res({"memory": "2G"}, {"memory": "1.5G"}))]))
case("cronjob-bad-request-above-limit", obj("batch/v1", "CronJob", "nightly", spec={
    "schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [
        container(resources=res({"memory": "1Gi"}, {"memory": "2Gi"}))]}}}}}))
case("statefulset-valid-init-resources", obj("apps/v1", "StatefulSet", "db", spec={
    "serviceName": "db", "selector": SELECTOR,
    "template": pod_template(initContainers=[container(name="init", resources=res({"cpu": "100m"}, {"cpu": "100m"}))])}))
case("deploy-valid-probes-full", pod_spec(containers=[container(
    livenessProbe={"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTPS",
                               "httpHeaders": [{"name": "X-Probe", "value": "1"}]},
                   "initialDelaySeconds": 10, "periodSeconds": 5, "failureThreshold": 5},
    readinessProbe={"grpc": {"port": 9090}, "successThreshold": 2},
    startupProbe={"exec": {"command": ["cat", "/tmp/ready"]}, "failureThreshold": 30},
    ports=[{"name": "http", "containerPort": 8080}])]))
case("deploy-bad-probe-no-handler", pod_spec(containers=[container(livenessProbe={"initialDelaySeconds": 5})]))
case("deploy-bad-probe-two-handlers", pod_spec(containers=[container(
    readinessProbe={"httpGet": {"port": 8080}, "tcpSocket": {"port": 8080}})]))
case("deploy-bad-liveness-success-threshold", pod_spec(containers=[container(
    livenessProbe={"tcpSocket": {"port": 8080}, "successThreshold": 3})]))
case("deploy-bad-probe-negative-period", pod_spec(containers=[container(
    readinessProbe={"tcpSocket": {"port": 8080}, "periodSeconds": -10})]))
case("deploy-bad-probe-port-name-uppercase", pod_spec(containers=[container(
    livenessProbe={"httpGet": {"path": "/", "port": "HTTP"}})]))
case("deploy-bad-probe-scheme-lowercase", pod_spec(containers=[container(
    livenessProbe={"httpGet": {"path": "/", "port": 8080, "scheme": "https"}})]))
case("deploy-bad-probe-exec-empty", pod_spec(containers=[container(startupProbe={"exec": {"command": []}})]))
case("deploy-bad-readiness-grace-period", pod_spec(containers=[container(
    readinessProbe={"exec": {"command": ["true"]}, "terminationGracePeriodSeconds": 10})]))
case("deploy-valid-prestop-sleep", pod_spec(terminationGracePeriodSeconds=60, containers=[container(
    lifecycle={"preStop": {"sleep": {"seconds": 45}}, "postStart": {"httpGet": {"port": 80}}})]))
case("deploy-bad-prestop-sleep-too-long", pod_spec(containers=[container(
    lifecycle={"preStop": {"sleep": {"seconds": 45}}})]))
case("deploy-bad-prestop-no-handler", pod_spec(containers=[container(lifecycle={"preStop": {}})]))
case("pod-bad-header-name-space", pod(containers=[container(
    livenessProbe={"httpGet": {"port": 8080, "httpHeaders": [{"name": "X Token", "value": "t"}]}})]))
case("pod-valid-startup-probe-tcp", pod(containers=[container(startupProbe={"tcpSocket": {"port": 5432}, "periodSeconds": 2})]))
case("pod-bad-sidecar-probe-port-zero", pod(initContainers=[container(name="proxy", restartPolicy="Always",
                                                                      livenessProbe={"grpc": {"port": 0}})]))
case("statefulset-valid-probes", obj("apps/v1", "StatefulSet", "db", spec={
    "serviceName": "db", "selector": SELECTOR,
    "template": pod_template(containers=[container(readinessProbe={"exec": {"command": ["pg_isready"]}},
                                                   livenessProbe={"tcpSocket": {"port": 5432}, "timeoutSeconds": 5})])}))

def env_from_(**source):
    return {"name": "X", "valueFrom": source}


case("deploy-valid-env-sources", pod_spec(containers=[container(env=[
    env_from_(fieldRef={"fieldPath": "status.podIP"}),
    {"name": "NS", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
    {"name": "TEAM", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['team']"}}},
    {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}},
    {"name": "DB_URL", "valueFrom": {"configMapKeyRef": {"name": "db", "key": "url", "optional": True}}},
    {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}],
    envFrom=[{"configMapRef": {"name": "app-config"}}, {"prefix": "DB_", "secretRef": {"name": "db"}}])]))
case("deploy-bad-env-value-and-value-from", pod_spec(containers=[container(env=[
    {"name": "X", "value": "1", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}])]))
case("deploy-bad-env-value-from-empty", pod_spec(containers=[container(env=[env_from_()])]))
case("deploy-bad-env-two-sources", pod_spec(containers=[container(env=[env_from_(
    configMapKeyRef={"name": "c", "key": "k"}, secretKeyRef={"name": "s", "key": "k"})])]))
case("deploy-bad-env-field-path-unsupported", pod_spec(containers=[container(env=[env_from_(fieldRef={"fieldPath": "status.phase"})])]))
case("deploy-bad-env-field-path-typo", pod_spec(containers=[container(env=[env_from_(fieldRef={"fieldPath": "metadata.podName"})])]))
case("deploy-bad-env-resource-typo", pod_spec(containers=[container(env=[env_from_(resourceFieldRef={"resource": "limit.cpu"})])]))
case("deploy-bad-env-cpu-divisor", pod_spec(containers=[container(env=[env_from_(
    resourceFieldRef={"resource": "requests.cpu", "divisor": "1Mi"})])]))
case("deploy-bad-env-secret-key-missing", pod_spec(containers=[container(env=[env_from_(secretKeyRef={"name": "db"})])]))
case("deploy-bad-env-configmap-name", pod_spec(containers=[container(env=[env_from_(configMapKeyRef={"name": "App_Config", "key": "k"})])]))
case("deploy-bad-envfrom-no-source", pod_spec(containers=[container(envFrom=[{"prefix": "APP_"}])]))
case("deploy-bad-envfrom-secret-name-missing", pod_spec(containers=[container(envFrom=[{"secretRef": {"optional": True}}])]))
case("pod-valid-env-file-key-ref", pod(volumes=[{"name": "env", "emptyDir": {}}], containers=[container(env=[
    env_from_(fileKeyRef={"volumeName": "env", "path": "app.env", "key": "TOKEN"})])]))
case("pod-bad-env-file-key-ref-not-empty-dir", pod(volumes=[VOL], containers=[container(env=[
    env_from_(fileKeyRef={"volumeName": "cfg", "path": "app.env", "key": "TOKEN"})])]))
case("job-valid-env-downward", job(restartPolicy="Never", containers=[container(env=[
    env_from_(fieldRef={"fieldPath": "spec.nodeName"})])]))
case("cronjob-bad-env-label-subscript", obj("batch/v1", "CronJob", "nightly", spec={
    "schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [
        container(env=[env_from_(fieldRef={"fieldPath": "metadata.labels['bad key']"})])]}}}}}))
case("deploy-valid-scheduling", pod_spec(
    dnsPolicy="ClusterFirstWithHostNet", hostNetwork=True, nodeSelector={"kubernetes.io/os": "linux"},
    serviceAccountName="web-sa", priorityClassName="high-priority", preemptionPolicy="Never",
    hostname="web", subdomain="web-headless", terminationGracePeriodSeconds=60,
    tolerations=[{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"},
                 {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                  "tolerationSeconds": 300}, {"operator": "Exists"}]))
case("deploy-bad-dns-policy", pod_spec(dnsPolicy="ClusterFirstWithHostNetwork"))
case("deploy-bad-node-selector-value", pod_spec(nodeSelector={"disktype": "fast ssd"}))
case("deploy-bad-service-account-name", pod_spec(serviceAccountName="Web_SA"))
case("deploy-bad-hostname-dots", pod_spec(hostname="web.example.com"))
case("deploy-bad-toleration-effect-typo", pod_spec(tolerations=[{"key": "k", "operator": "Exists", "effect": "NoExec"}]))
case("deploy-bad-toleration-exists-with-value", pod_spec(tolerations=[{"key": "k", "operator": "Exists", "value": "v"}]))
case("deploy-bad-toleration-seconds-no-execute", pod_spec(tolerations=[{"key": "k", "value": "v", "tolerationSeconds": 60, "effect": "NoSchedule"}]))
case("deploy-bad-toleration-no-key", pod_spec(tolerations=[{"value": "v"}]))
case("deploy-bad-preemption-policy", pod_spec(preemptionPolicy="PreemptNever"))
case("deploy-bad-host-network-port", pod_spec(hostNetwork=True, containers=[container(ports=[{"containerPort": 80, "hostPort": 8080}])]))
case("deploy-bad-host-port-twice", pod_spec(containers=[container(ports=[{"containerPort": 80, "hostPort": 80}]),
                                                       container(name="b", ports=[{"containerPort": 8080, "hostPort": 80}])]))
case("deploy-bad-termination-message-policy", pod_spec(containers=[container(terminationMessagePolicy="file")]))
case("pod-valid-host-network-ports-defaulted", pod(hostNetwork=True, containers=[container(ports=[{"containerPort": 80}])]))
case("pod-bad-active-deadline-zero", pod(activeDeadlineSeconds=0))
case("job-valid-active-deadline", job(restartPolicy="Never", activeDeadlineSeconds=600))
case("job-bad-priority-class-name", job(restartPolicy="Never", priorityClassName="High"))
case("deploy-valid-volume-sources", pod_spec(volumes=[
    {"name": "tls", "secret": {"secretName": "web-tls", "defaultMode": 0o400, "items": [{"key": "tls.crt", "path": "certs/tls.crt"}]}},
    {"name": "cfg", "configMap": {"name": "web", "items": [{"key": "nginx.conf", "path": "nginx.conf", "mode": 0o644}]}},
    {"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}},
    {"name": "logs", "hostPath": {"path": "/var/log/web", "type": "DirectoryOrCreate"}},
    {"name": "cache", "emptyDir": {"medium": "Memory", "sizeLimit": "256Mi"}}]))
case("deploy-bad-secret-volume-name-missing", pod_spec(volumes=[{"name": "tls", "secret": {"defaultMode": 420}}]))
case("deploy-bad-secret-volume-mode-decimal", pod_spec(volumes=[{"name": "tls", "secret": {"secretName": "t", "defaultMode": 644}}]))
case("deploy-bad-configmap-volume-absolute-item", pod_spec(volumes=[{"name": "cfg", "configMap": {
    "name": "web", "items": [{"key": "k", "path": "/etc/app.conf"}]}}]))
case("deploy-bad-configmap-volume-item-backstep", pod_spec(volumes=[{"name": "cfg", "configMap": {
    "name": "web", "items": [{"key": "k", "path": "../app.conf"}]}}]))
case("deploy-bad-pvc-volume-claim-missing", pod_spec(volumes=[{"name": "data", "persistentVolumeClaim": {"readOnly": True}}]))
case("deploy-bad-hostpath-type", pod_spec(volumes=[{"name": "logs", "hostPath": {"path": "/var/log", "type": "Dir"}}]))
case("deploy-bad-empty-dir-negative-size", pod_spec(volumes=[{"name": "cache", "emptyDir": {"sizeLimit": "-1Gi"}}]))
case("pod-bad-mount-of-invalid-secret-volume", pod(volumes=[{"name": "tls", "secret": {}}],
                                                   containers=[container(volumeMounts=[{"name": "tls", "mountPath": "/tls"}])]))
case("deploy-valid-security-context", pod_spec(
    securityContext={"runAsUser": 1000, "runAsGroup": 3000, "fsGroup": 2000, "runAsNonRoot": True,
                     "supplementalGroups": [4000], "fsGroupChangePolicy": "OnRootMismatch",
                     "seccompProfile": {"type": "RuntimeDefault"}},
    containers=[container(securityContext={"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                           "capabilities": {"drop": ["ALL"]}, "runAsUser": 65534,
                                           "seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/web.json"}})]))
case("deploy-bad-run-as-user-negative", pod_spec(securityContext={"runAsUser": -1}))
case("deploy-bad-fs-group-change-policy", pod_spec(securityContext={"fsGroupChangePolicy": "Never"}))
case("deploy-bad-seccomp-type", pod_spec(securityContext={"seccompProfile": {"type": "runtime/default"}}))
case("deploy-bad-seccomp-localhost-missing", pod_spec(containers=[container(securityContext={"seccompProfile": {"type": "Localhost"}})]))
case("deploy-bad-container-run-as-group", pod_spec(containers=[container(securityContext={"runAsGroup": -5})]))
case("pod-bad-share-process-namespace-host-pid", pod(hostPID=True, shareProcessNamespace=True))
case("deploy-valid-affinity-and-spread", pod_spec(
    affinity={"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
            {"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64", "arm64"]}]}]},
        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 50, "preference": {"matchExpressions": [
            {"key": "node-type", "operator": "NotIn", "values": ["spot"]}]}}]},
        "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {
            "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}}]}},
    topologySpreadConstraints=[{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                "whenUnsatisfiable": "DoNotSchedule", "minDomains": 2,
                                "labelSelector": {"matchLabels": {"app": "web"}}}]))
case("deploy-bad-node-affinity-no-terms", pod_spec(affinity={"nodeAffinity": {
    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}}))
case("deploy-bad-node-affinity-in-without-values", pod_spec(affinity={"nodeAffinity": {
    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
        {"key": "zone", "operator": "In"}]}]}}}))
case("deploy-bad-node-affinity-operator", pod_spec(affinity={"nodeAffinity": {
    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
        {"key": "zone", "operator": "Equals", "values": ["a"]}]}]}}}))
case("deploy-bad-pod-anti-affinity-weight", pod_spec(affinity={"podAntiAffinity": {
    "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 200, "podAffinityTerm": {
        "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}}]}}))
case("deploy-bad-pod-affinity-topology-key-missing", pod_spec(affinity={"podAffinity": {
    "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "db"}}}]}}))
case("deploy-bad-spread-max-skew-zero", pod_spec(topologySpreadConstraints=[
    {"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}]))
case("deploy-bad-spread-when-unsatisfiable", pod_spec(topologySpreadConstraints=[
    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotScheduled"}]))
case("deploy-bad-spread-min-domains-anyway", pod_spec(topologySpreadConstraints=[
    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway", "minDomains": 3}]))
case("deploy-bad-spread-twice", pod_spec(topologySpreadConstraints=[
    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
    {"maxSkew": 2, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}]))
case("deploy-valid-dns-none", pod_spec(dnsPolicy="None", dnsConfig={
    "nameservers": ["10.0.0.10"], "searches": ["svc.cluster.local", "_tcp.example.com"], "options": [{"name": "ndots", "value": "2"}]}))
case("deploy-bad-dns-none-without-config", pod_spec(dnsPolicy="None"))
case("deploy-bad-dns-none-without-nameservers", pod_spec(dnsPolicy="None", dnsConfig={"searches": ["example.com"]}))
case("deploy-bad-dns-search-uppercase", pod_spec(dnsConfig={"searches": ["Corp.Example.com"]}))
case("deploy-bad-dns-option-unnamed", pod_spec(dnsConfig={"options": [{"value": "5"}]}))
case("pod-bad-dns-four-nameservers", pod(dnsPolicy="None", dnsConfig={"nameservers": ["1.1.1.1", "8.8.8.8", "9.9.9.9", "8.8.4.4"]}))
case("pod-valid-readiness-gate", pod(readinessGates=[{"conditionType": "example.com/ready"}]))
case("pod-bad-scheduling-gate-twice", pod(schedulingGates=[{"name": "example.com/quota"}, {"name": "example.com/quota"}]))
case("pod-valid-container-restart-rules", pod(restartPolicy="Never", containers=[container(
    restartPolicy="OnFailure", restartPolicyRules=[{"action": "Restart", "exitCodes": {"operator": "In", "values": [42]}}])]))
case("pod-bad-container-restart-policy", pod(containers=[container(restartPolicy="Sometimes")]))
case("pod-bad-restart-rule-without-exit-codes", pod(containers=[container(restartPolicy="Never",
                                                                          restartPolicyRules=[{"action": "Restart"}])]))
case("deploy-bad-init-restart-policy-typo", pod_spec(initContainers=[container(name="init", restartPolicy="always")]))
case("deploy-bad-init-rules-without-policy", pod_spec(initContainers=[container(
    name="init", restartPolicyRules=[{"action": "Restart", "exitCodes": {"operator": "In", "values": [1]}}])]))



# --- Workload fields: StatefulSet, DaemonSet, Deployment, Job, CronJob (i12-work) -----------------
def batch_job(name="etl", **spec):
    s = {"template": {"spec": {"restartPolicy": "Never", "containers": [container(command=["true"])]}}}
    s.update(spec)
    return obj("batch/v1", "Job", name, spec=s)


def cron_job(name="nightly", job_spec=None, **spec):
    js = {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [container(command=["true"])]}}}
    js.update(job_spec or {})
    s = {"schedule": "0 3 * * *", "jobTemplate": {"spec": js}}
    s.update(spec)
    return obj("batch/v1", "CronJob", name, spec=s)


case("job-valid-parallel", batch_job(parallelism=4, completions=10, backoffLimit=2, activeDeadlineSeconds=600, ttlSecondsAfterFinished=3600))
case("job-valid-indexed", batch_job(completionMode="Indexed", completions=5, parallelism=2, backoffLimitPerIndex=1, maxFailedIndexes=2))
case("job-valid-indexed-success-policy", batch_job(completionMode="Indexed", completions=5,
                                                   successPolicy={"rules": [{"succeededIndexes": "0,2-4", "succeededCount": 3}]}))
case("job-valid-pod-failure-policy", batch_job(podFailurePolicy={"rules": [
    {"action": "FailJob", "onExitCodes": {"containerName": "app", "operator": "In", "values": [1, 42]}},
    {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]}))
case("job-valid-manual-selector", batch_job(manualSelector=True, selector={"matchLabels": {"app": "etl"}},
                                            template={"metadata": {"labels": {"app": "etl"}},
                                                      "spec": {"restartPolicy": "Never", "containers": [container()]}}))
case("job-valid-managed-by", batch_job(managedBy="kueue.x-k8s.io/multikueue"))
case("job-bad-negative-backoff", batch_job(backoffLimit=-1))
case("job-bad-completion-mode-case", batch_job(completionMode="indexed"))
case("job-bad-max-failed-without-per-index", batch_job(maxFailedIndexes=2))
case("job-bad-per-index-not-indexed", batch_job(backoffLimitPerIndex=1))
case("job-bad-max-failed-above-completions", batch_job(completionMode="Indexed", completions=3, backoffLimitPerIndex=1, maxFailedIndexes=5))
case("job-bad-selector-without-manual", batch_job(selector={"matchLabels": {"app": "etl"}}))
case("job-bad-manual-selector-missing", batch_job(manualSelector=True))
case("job-bad-success-policy-non-indexed", batch_job(successPolicy={"rules": [{"succeededCount": 1}]}))
case("job-bad-success-policy-index-range", batch_job(completionMode="Indexed", completions=3,
                                                     successPolicy={"rules": [{"succeededIndexes": "0-5"}, {}]}))
case("job-bad-pod-failure-policy-rules", batch_job(podFailurePolicy={"rules": [
    {"action": "Retry", "onExitCodes": {"operator": "In", "values": [0, 3, 2]}},
    {"action": "FailJob", "onExitCodes": {"containerName": "main", "operator": "In", "values": [1]}},
    {"action": "Ignore"}]}))
case("job-bad-replacement-with-failure-policy", batch_job(podReplacementPolicy="TerminatingOrFailed", podFailurePolicy={"rules": [
    {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]}))
case("job-bad-replacement-policy", batch_job(podReplacementPolicy="Always"))
case("job-bad-managed-by", batch_job(managedBy="kueue"))
case("job-bad-indexed-name-too-long", batch_job(name="nightly-report-generation-for-all-of-the-regional-warehouses-eu", completionMode="Indexed", completions=1000))
case("job-bad-job-name-label", batch_job(template={"metadata": {"labels": {"job-name": "other"}},
                                                  "spec": {"restartPolicy": "Never", "containers": [container()]}}))
case("cronjob-valid-time-zone", cron_job(timeZone="Europe/Berlin", concurrencyPolicy="Forbid", startingDeadlineSeconds=300,
                                         successfulJobsHistoryLimit=0, failedJobsHistoryLimit=3))
case("cronjob-valid-descriptor", cron_job(schedule="@hourly"))
case("cronjob-valid-every", cron_job(schedule="@every 1h30m"))
case("cronjob-valid-names-and-steps", cron_job(schedule="*/15 9-17 * JAN-jun mon-fri"))
case("cronjob-valid-indexed-template", cron_job(job_spec={"completionMode": "Indexed", "completions": 3, "parallelism": 3}))
case("cronjob-valid-utc", cron_job(timeZone="Etc/UTC"))
case("cronjob-bad-schedule-fields", cron_job(schedule="0 0 3 * * *"))
case("cronjob-bad-schedule-range", cron_job(schedule="0 24 * * *"))
case("cronjob-bad-schedule-word", cron_job(schedule="0 3 * * weekday"))
case("cronjob-bad-schedule-every-days", cron_job(schedule="@every 1d"))
case("cronjob-bad-schedule-tz", cron_job(schedule="CRON_TZ=Europe/Berlin 0 3 * * *"))
case("cronjob-bad-schedule-missing", without(cron_job(), "spec", "schedule"))
case("cronjob-bad-time-zone-unknown", cron_job(timeZone="Europe/Munich"))
case("cronjob-bad-time-zone-local", cron_job(timeZone="Local"))
case("cronjob-bad-time-zone-offset", cron_job(timeZone="UTC+2"))
case("cronjob-bad-concurrency-policy", cron_job(concurrencyPolicy="forbid"))
case("cronjob-bad-history-limit", cron_job(successfulJobsHistoryLimit=-1))
case("cronjob-bad-name-too-long", cron_job(name="nightly-report-generation-for-the-regional-warehouses"))
case("cronjob-bad-template-selector", cron_job(job_spec={"selector": {"matchLabels": {"app": "etl"}}}))
case("cronjob-bad-template-indexed-no-completions", cron_job(job_spec={"completionMode": "Indexed", "parallelism": 2}))



def daemon_set(**spec):
    s = {"selector": SELECTOR, "template": pod_template()}
    s.update(spec)
    return obj("apps/v1", "DaemonSet", "agent", spec=s)


def stateful_set(**spec):
    s = {"serviceName": "db", "selector": SELECTOR, "template": pod_template()}
    s.update(spec)
    return obj("apps/v1", "StatefulSet", "db", spec=s)


case("deploy-valid-rolling-surge-only", deploy({"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}}))
case("deploy-valid-recreate-no-history", deploy({"strategy": {"type": "Recreate"}, "revisionHistoryLimit": 0}))
case("deploy-valid-progress-deadline", deploy({"minReadySeconds": 30, "progressDeadlineSeconds": 120, "paused": True}))
case("deploy-bad-progress-deadline-default", deploy({"minReadySeconds": 900}))
case("deploy-bad-progress-deadline-below-min-ready", deploy({"minReadySeconds": 60, "progressDeadlineSeconds": 60}))
case("deploy-bad-rolling-both-zero", deploy({"strategy": {"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}}}))
case("deploy-bad-rolling-percent", deploy({"strategy": {"rollingUpdate": {"maxUnavailable": "150%", "maxSurge": "25"}}}))
case("deploy-bad-recreate-with-rolling", deploy({"strategy": {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}}))
case("deploy-bad-revision-history", deploy({"revisionHistoryLimit": -1}))
case("daemonset-valid-surge", daemon_set(updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "10%"}}))
case("daemonset-valid-on-delete", daemon_set(updateStrategy={"type": "OnDelete"}, minReadySeconds=10, revisionHistoryLimit=3))
case("daemonset-valid-max-unavailable-percent", daemon_set(updateStrategy={"rollingUpdate": {"maxUnavailable": "20%"}}))
case("daemonset-bad-surge-and-unavailable", daemon_set(updateStrategy={"rollingUpdate": {"maxSurge": 1}}))
case("daemonset-bad-both-zero", daemon_set(updateStrategy={"rollingUpdate": {"maxUnavailable": 0}}))
case("daemonset-bad-percent-over-100", daemon_set(updateStrategy={"rollingUpdate": {"maxUnavailable": "120%"}}))
case("daemonset-bad-strategy-type", daemon_set(updateStrategy={"type": "Recreate"}))
case("daemonset-bad-min-ready", daemon_set(minReadySeconds=-5))
case("statefulset-valid-parallel", stateful_set(podManagementPolicy="Parallel", replicas=3, minReadySeconds=10, ordinals={"start": 1},
                                                updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"partition": 1, "maxUnavailable": "50%"}}))
case("statefulset-valid-on-delete", stateful_set(updateStrategy={"type": "OnDelete"},
                                                 persistentVolumeClaimRetentionPolicy={"whenDeleted": "Delete", "whenScaled": "Retain"}))
case("statefulset-valid-no-service-name", without(stateful_set(), "spec", "serviceName"))
case("statefulset-bad-pod-management-case", stateful_set(podManagementPolicy="parallel"))
case("statefulset-bad-on-delete-with-rolling", stateful_set(updateStrategy={"type": "OnDelete", "rollingUpdate": {"partition": 1}}))
case("statefulset-bad-partition-negative", stateful_set(updateStrategy={"rollingUpdate": {"partition": -1}}))
case("statefulset-bad-max-unavailable-zero", stateful_set(updateStrategy={"rollingUpdate": {"maxUnavailable": 0}}))
case("statefulset-bad-recreate", stateful_set(updateStrategy={"type": "Recreate"}))
case("statefulset-bad-retention-policy", stateful_set(persistentVolumeClaimRetentionPolicy={"whenDeleted": "Remove"}))
case("statefulset-bad-ordinals-start", stateful_set(ordinals={"start": -1}))
case("statefulset-bad-service-name", stateful_set(serviceName="DB_Service"))
case("deploy-valid-selector-expressions", deploy({"selector": {"matchLabels": {"app": "web"},
                                                               "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]}}))
case("deploy-bad-selector-operator-case", deploy({"selector": {"matchExpressions": [{"key": "app", "operator": "in", "values": ["web"]}]}}))
case("daemonset-bad-selector-in-without-values", daemon_set(selector={"matchExpressions": [{"key": "app", "operator": "In"}]}))
case("statefulset-valid-selector-exists", stateful_set(selector={"matchExpressions": [{"key": "app", "operator": "Exists"}]}))
case("job-bad-manual-selector-exists-values", batch_job(manualSelector=True,
                                                        selector={"matchExpressions": [{"key": "app", "operator": "Exists", "values": ["etl"]}]},
                                                        template={"metadata": {"labels": {"app": "etl"}},
                                                                  "spec": {"restartPolicy": "Never", "containers": [container()]}}))
CLAIM = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
case("statefulset-bad-volume-after-claims", stateful_set(
    template=pod_template(volumes=[{"name": "Scratch_1", "emptyDir": {}}],
                          containers=[container(volumeMounts=[{"name": "data", "mountPath": "/var/lib/db"}])]),
    volumeClaimTemplates=[{"metadata": {"name": "data"}, "spec": CLAIM}, {"metadata": {"name": "logs"}, "spec": CLAIM}]))
case("statefulset-valid-volume-replaced-by-claim", stateful_set(
    template=pod_template(volumes=[{"name": "data", "emptyDir": {}, "configMap": {"name": "c"}}],
                          containers=[container(volumeMounts=[{"name": "data", "mountPath": "/var/lib/db"}])]),
    volumeClaimTemplates=[{"metadata": {"name": "data"}, "spec": CLAIM}]))
case("job-valid-ttl-zero-suspended", batch_job(ttlSecondsAfterFinished=0, suspend=True, backoffLimit=0))
case("job-valid-replacement-failed", batch_job(podReplacementPolicy="Failed"))
case("job-valid-count-on-conditions", batch_job(podFailurePolicy={"rules": [
    {"action": "Count", "onPodConditions": [{"type": "DisruptionTarget", "status": "False"}]},
    {"action": "Ignore", "onExitCodes": {"operator": "NotIn", "values": [0, 1, 2]}}]}))
case("job-valid-fail-index", batch_job(completionMode="Indexed", completions=4, backoffLimitPerIndex=2, podFailurePolicy={"rules": [
    {"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [3]}}]}))
case("cronjob-valid-replace-every-5-minutes", cron_job(schedule="*/5 * * * *", concurrencyPolicy="Replace", timeZone="America/Argentina/Buenos_Aires"))
case("cronjob-valid-yearly", cron_job(schedule="@annually", timeZone="Etc/GMT-3"))
case("cronjob-valid-question-mark", cron_job(schedule="30 2 ? * SUN"))
case("daemonset-valid-rolling-defaults", daemon_set(updateStrategy={"type": "RollingUpdate"}))
case("statefulset-valid-retain-delete-partition", stateful_set(replicas=5, updateStrategy={"rollingUpdate": {"partition": 3}},
                                                               persistentVolumeClaimRetentionPolicy={"whenScaled": "Delete"}))
case("deploy-valid-percent-strategy", deploy({"strategy": {"rollingUpdate": {"maxUnavailable": "100%", "maxSurge": "200%"}},
                                              "progressDeadlineSeconds": 1200, "minReadySeconds": 600}))

# --- Service, Ingress, NetworkPolicy, RBAC, ServiceAccount, Namespace (i12-net) -------------------
NET = "networking.k8s.io/v1"


def ing(spec, **meta):
    o = obj(NET, "Ingress", "web", spec=spec)
    o["metadata"].update(meta)
    return o


def ing_path(path="/", path_type="Prefix", backend=None):
    p = {"path": path, "pathType": path_type,
         "backend": backend if backend is not None else {"service": {"name": "web", "port": {"number": 80}}}}
    if path is None:
        del p["path"]
    if path_type is None:
        del p["pathType"]
    return p


def ing_rule(*paths, host="chat.example.com"):
    r = {"http": {"paths": list(paths) or [ing_path()]}}
    if host is not None:
        r["host"] = host
    return r


def netpol(**spec):
    s = {"podSelector": {"matchLabels": {"app": "web"}}}
    s.update(spec)
    return obj(NET, "NetworkPolicy", "web", spec=s)


case("ingress-valid-wildcard-host", ing({"rules": [ing_rule(host="*.example.com")]}))
case("ingress-valid-default-backend-only", ing({"defaultBackend": {"service": {"name": "web", "port": {"name": "http"}}}}))
case("ingress-valid-exact-and-impl-specific", ing({"rules": [ing_rule(ing_path("/healthz", "Exact"),
                                                                       ing_path(None, "ImplementationSpecific"))]}))
case("ingress-valid-resource-backend", ing({"rules": [ing_rule(ing_path(backend={
    "resource": {"apiGroup": "k8s.example.com", "kind": "StorageBucket", "name": "static-assets"}}))]}))
case("ingress-valid-digit-service-name", ing({"rules": [ing_rule(ing_path(backend={"service": {"name": "8080-web", "port": {"number": 8080}}}))]}))
case("ingress-valid-class-annotation-matches", ing({"ingressClassName": "nginx", "rules": [ing_rule()]},
                                                   annotations={"kubernetes.io/ingress.class": "nginx"}))
case("ingress-bad-no-rules-no-backend", ing({"ingressClassName": "nginx"}))
case("ingress-bad-empty-rules", ing({"rules": []}))
case("ingress-bad-path-type-missing", ing({"rules": [ing_rule(ing_path(path_type=None))]}))
case("ingress-bad-path-type-typo", ing({"rules": [ing_rule(ing_path(path_type="prefix"))]}))
case("ingress-bad-relative-prefix-path", ing({"rules": [ing_rule(ing_path("api"))]}))
case("ingress-bad-path-double-slash", ing({"rules": [ing_rule(ing_path("/api//v1", "Exact"))]}))
case("ingress-bad-host-ip", ing({"rules": [ing_rule(host="10.0.0.1")]}))
case("ingress-bad-host-uppercase", ing({"rules": [ing_rule(host="Chat.Example.com")]}))
case("ingress-bad-host-wildcard-middle", ing({"rules": [ing_rule(host="api.*.example.com")]}))
case("ingress-bad-host-with-port", ing({"rules": [ing_rule(host="chat.example.com:443")]}))
case("ingress-bad-paths-empty", ing({"rules": [{"host": "chat.example.com", "http": {"paths": []}}]}))
case("ingress-bad-port-name-and-number", ing({"rules": [ing_rule(ing_path(backend={
    "service": {"name": "web", "port": {"name": "http", "number": 80}}}))]}))
case("ingress-bad-port-missing", ing({"rules": [ing_rule(ing_path(backend={"service": {"name": "web"}}))]}))
case("ingress-bad-port-number-range", ing({"rules": [ing_rule(ing_path(backend={"service": {"name": "web", "port": {"number": 80800}}}))]}))
case("ingress-bad-service-name-dots", ing({"rules": [ing_rule(ing_path(backend={"service": {"name": "web.default", "port": {"number": 80}}}))]}))
case("ingress-bad-backend-empty", ing({"rules": [ing_rule(ing_path(backend={}))]}))
case("ingress-bad-both-backends", ing({"defaultBackend": {"service": {"name": "web", "port": {"number": 80}},
                                                          "resource": {"kind": "Bucket", "name": "b"}}}))
case("ingress-bad-tls-secret-name", ing({"rules": [ing_rule()], "tls": [{"hosts": ["chat.example.com"], "secretName": "Chat_TLS"}]}))
case("ingress-bad-tls-host-wildcard", ing({"rules": [ing_rule()], "tls": [{"hosts": ["*example.com"]}]}))
case("ingress-bad-class-name", ing({"ingressClassName": "NGINX", "rules": [ing_rule()]}))
case("ingress-bad-class-annotation-mismatch", ing({"ingressClassName": "nginx", "rules": [ing_rule()]},
                                                  annotations={"kubernetes.io/ingress.class": "traefik"}))
case("ingressclass-valid-namespaced-params", obj(NET, "IngressClass", "corpus-external", spec={
    "controller": "example.com/ingress-controller",
    "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "external", "scope": "Namespace",
                   "namespace": "external-lb"}}))
case("ingressclass-bad-controller-no-domain", obj(NET, "IngressClass", "corpus-nginx", spec={"controller": "nginx"}))
case("ingressclass-bad-scope-namespace-missing", obj(NET, "IngressClass", "corpus-nginx", spec={
    "controller": "example.com/ingress", "parameters": {"kind": "IngressParameters", "name": "p", "scope": "Namespace"}}))
case("ingressclass-bad-scope-typo", obj(NET, "IngressClass", "corpus-nginx", spec={
    "controller": "example.com/ingress", "parameters": {"kind": "IngressParameters", "name": "p", "scope": "namespace"}}))
case("networkpolicy-valid-egress-dns", netpol(policyTypes=["Egress"], egress=[{
    "to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
    "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]))
case("networkpolicy-valid-ipblock-except", netpol(ingress=[{"from": [{"ipBlock": {"cidr": "10.0.0.0/8",
                                                                                 "except": ["10.96.0.0/12"]}}]}]))
case("networkpolicy-valid-port-range", netpol(ingress=[{"ports": [{"port": 32000, "endPort": 32768}]}]))
case("networkpolicy-valid-named-port", netpol(ingress=[{"ports": [{"port": "metrics"}],
                                                        "from": [{"podSelector": {"matchExpressions": [
                                                            {"key": "role", "operator": "In", "values": ["prometheus"]}]}}]}]))
case("networkpolicy-valid-ipv6", netpol(egress=[{"to": [{"ipBlock": {"cidr": "2001:db8::/32", "except": ["2001:db8:1::/48"]}}]}]))
case("networkpolicy-bad-protocol", netpol(ingress=[{"ports": [{"port": 80, "protocol": "HTTP"}]}]))
case("networkpolicy-bad-end-port-below", netpol(ingress=[{"ports": [{"port": 9000, "endPort": 8000}]}]))
case("networkpolicy-bad-end-port-named", netpol(ingress=[{"ports": [{"port": "http", "endPort": 8080}]}]))
case("networkpolicy-bad-end-port-alone", netpol(ingress=[{"ports": [{"endPort": 8080}]}]))
case("networkpolicy-bad-port-range", netpol(ingress=[{"ports": [{"port": 0}]}]))
case("networkpolicy-bad-empty-peer", netpol(ingress=[{"from": [{}]}]))
case("networkpolicy-bad-ipblock-and-selector", netpol(ingress=[{"from": [{"ipBlock": {"cidr": "10.0.0.0/8"},
                                                                           "podSelector": {}}]}]))
case("networkpolicy-bad-cidr-host-bits", netpol(ingress=[{"from": [{"ipBlock": {"cidr": "192.168.1.10/24"}}]}]))
case("networkpolicy-bad-cidr-no-prefix", netpol(ingress=[{"from": [{"ipBlock": {"cidr": "192.168.1.10"}}]}]))
case("networkpolicy-bad-cidr-missing", netpol(ingress=[{"from": [{"ipBlock": {"except": ["10.1.0.0/16"]}}]}]))
case("networkpolicy-bad-except-outside", netpol(ingress=[{"from": [{"ipBlock": {"cidr": "10.0.0.0/16",
                                                                              "except": ["10.1.0.0/24", "10.0.0.0/16"]}}]}]))
case("networkpolicy-bad-policy-type", netpol(policyTypes=["ingress"]))
case("networkpolicy-bad-policy-types-three", netpol(policyTypes=["Ingress", "Egress", "Ingress"]))
case("networkpolicy-bad-selector-operator", netpol(podSelector={"matchExpressions": [{"key": "app", "operator": "Equals",
                                                                                      "values": ["web"]}]}))
case("networkpolicy-bad-selector-values-missing", netpol(podSelector={"matchExpressions": [{"key": "app", "operator": "In"}]}))
case("networkpolicy-bad-selector-label-value", netpol(podSelector={"matchLabels": {"app": "web app"}}))



def rb(kind="RoleBinding", role_ref=None, subjects=None, name="app-reader"):
    return obj(RBAC, kind, name, roleRef=ROLE_REF if role_ref is None else role_ref,
               subjects=[SUBJECT] if subjects is None else subjects)


CLUSTER_REF = {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}
case("role-valid-resource-names", obj(RBAC, "Role", "reader", rules=[
    {"apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["app-config"], "verbs": ["get", "watch"]},
    {"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"], "verbs": ["*"]}]))
case("role-valid-no-rules", obj(RBAC, "Role", "nothing"))
case("role-bad-verbs-missing", obj(RBAC, "Role", "reader", rules=[{"apiGroups": [""], "resources": ["pods"]}]))
case("role-bad-api-groups-missing", obj(RBAC, "Role", "reader", rules=[{"resources": ["pods"], "verbs": ["get"]}]))
case("role-bad-resources-missing", obj(RBAC, "Role", "reader", rules=[{"apiGroups": [""], "verbs": ["get"]}]))
case("role-bad-non-resource-urls", obj(RBAC, "Role", "reader", rules=[{"nonResourceURLs": ["/healthz"], "verbs": ["get"]}]))
case("role-bad-empty-rule", obj(RBAC, "Role", "reader", rules=[RULE, {}]))
case("clusterrole-valid-non-resource-urls", obj(RBAC, "ClusterRole", "corpus-health", rules=[
    {"nonResourceURLs": ["/healthz", "/livez", "/metrics"], "verbs": ["get"]}]))
case("clusterrole-valid-aggregation-empty-rules", obj(RBAC, "ClusterRole", "corpus-monitoring", rules=[], aggregationRule={
    "clusterRoleSelectors": [{"matchLabels": {"rbac.example.com/aggregate-to-monitoring": "true"}}]}))
case("clusterrole-bad-urls-with-resources", obj(RBAC, "ClusterRole", "corpus-mixed", rules=[
    {"apiGroups": [""], "resources": ["pods"], "nonResourceURLs": ["/metrics"], "verbs": ["get"]}]))
case("clusterrole-bad-aggregation-empty", obj(RBAC, "ClusterRole", "corpus-agg", aggregationRule={"clusterRoleSelectors": []}))
case("clusterrole-bad-aggregation-selector", obj(RBAC, "ClusterRole", "corpus-agg", aggregationRule={
    "clusterRoleSelectors": [{"matchExpressions": [{"key": "rbac.example.com/aggregate", "operator": "Exists", "values": ["true"]}]}]}))
case("clusterrole-bad-verbs-empty", obj(RBAC, "ClusterRole", "corpus-reader", rules=[RULE | {"verbs": []}]))
case("rolebinding-valid-app-reader", rb())
case("rolebinding-valid-cluster-role-user-group", rb(role_ref=CLUSTER_REF, subjects=[
    {"kind": "User", "name": "jane@example.com"}, {"kind": "Group", "name": "system:authenticated",
                                                   "apiGroup": "rbac.authorization.k8s.io"}]))
case("rolebinding-valid-sa-no-namespace", rb(subjects=[{"kind": "ServiceAccount", "name": "app"}]))
case("rolebinding-valid-role-ref-group-defaulted", rb(role_ref={"kind": "Role", "name": "reader"}))
case("rolebinding-bad-role-ref-kind", rb(role_ref=ROLE_REF | {"kind": "role"}))
case("rolebinding-bad-role-ref-group", rb(role_ref=ROLE_REF | {"apiGroup": "rbac.authorization.k8s.io/v1"}))
case("rolebinding-bad-role-ref-name-missing", rb(role_ref={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role"}))
case("rolebinding-bad-subject-kind", rb(subjects=[{"kind": "Serviceaccount", "name": "app"}]))
case("rolebinding-bad-sa-api-group", rb(subjects=[SUBJECT | {"apiGroup": "rbac.authorization.k8s.io"}]))
case("rolebinding-bad-user-api-group", rb(subjects=[{"kind": "User", "name": "jane", "apiGroup": "v1"}]))
case("rolebinding-bad-sa-name", rb(subjects=[SUBJECT | {"name": "App_SA"}]))
case("rolebinding-bad-subject-name-missing", rb(subjects=[{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io"}]))
case("clusterrolebinding-valid-view", rb("ClusterRoleBinding", CLUSTER_REF, name="corpus-app-view"))
case("clusterrolebinding-bad-role-kind", rb("ClusterRoleBinding", ROLE_REF, name="corpus-app-view"))
case("clusterrolebinding-bad-sa-namespace-missing", rb("ClusterRoleBinding", CLUSTER_REF,
                                                        [{"kind": "ServiceAccount", "name": "app"}], name="corpus-app-view"))
case("clusterrolebinding-bad-role-ref-missing", obj(RBAC, "ClusterRoleBinding", "corpus-app-view", subjects=[SUBJECT]))

def svc_of(**spec):
    s = {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080}]}
    s.update(spec)
    return obj("v1", "Service", "web", spec=s)


TWO_PORTS = [{"name": "http", "port": 80}, {"name": "https", "port": 443}]
case("svc-valid-session-affinity", svc_of(sessionAffinity="ClientIP", sessionAffinityConfig={"clientIP": {"timeoutSeconds": 3600}}))
case("svc-valid-lb-local", svc_of(type="LoadBalancer", externalTrafficPolicy="Local", loadBalancerSourceRanges=["203.0.113.0/24"],
                                  loadBalancerClass="example.com/internal"))
case("svc-valid-nodeport-shared-port", svc_of(type="NodePort", ports=[{"name": "dns", "port": 53, "protocol": "UDP", "nodePort": 30053},
                                                                      {"name": "dns-tcp", "port": 53, "protocol": "TCP", "nodePort": 30053}]))
case("svc-valid-internal-local", svc_of(internalTrafficPolicy="Local", trafficDistribution="PreferClose"))
case("svc-valid-external-ips", svc_of(externalIPs=["203.0.113.10"], externalTrafficPolicy="Local"))
case("svc-valid-headless-no-ports", svc_of(clusterIP="None", ports=None))
case("svc-valid-ip-families", svc_of(ipFamilyPolicy="PreferDualStack", ipFamilies=["IPv4"]))
case("svc-valid-app-protocol", svc_of(ports=[{"name": "grpc", "port": 9000, "appProtocol": "kubernetes.io/h2c"}]))
case("svc-valid-externalname-trailing-dot", obj("v1", "Service", "db", spec={"type": "ExternalName", "externalName": "db.example.com."}))
case("svc-bad-session-affinity", svc_of(sessionAffinity="Client"))
case("svc-bad-session-timeout", svc_of(sessionAffinity="ClientIP", sessionAffinityConfig={"clientIP": {"timeoutSeconds": 100000}}))
case("svc-bad-node-port-cluster-ip", svc_of(ports=[{"name": "http", "port": 80, "nodePort": 30080}]))
case("svc-bad-node-port-twice", svc_of(type="NodePort", ports=[{"name": "http", "port": 80, "nodePort": 30080},
                                                               {"name": "https", "port": 443, "nodePort": 30080}]))
case("svc-bad-same-port-twice", svc_of(ports=TWO_PORTS + [{"name": "alt", "port": 80}]))
case("svc-bad-external-traffic-policy", svc_of(type="NodePort", externalTrafficPolicy="Global"))
case("svc-bad-external-traffic-policy-cluster-ip", svc_of(externalTrafficPolicy="Local"))
case("svc-bad-internal-traffic-policy", svc_of(internalTrafficPolicy="Node"))
case("svc-bad-source-ranges-not-lb", svc_of(loadBalancerSourceRanges=["10.0.0.0/8"]))
case("svc-bad-source-range-cidr", svc_of(type="LoadBalancer", loadBalancerSourceRanges=["10.0.0.0/33"]))
case("svc-bad-headless-nodeport", svc_of(type="NodePort", clusterIP="None"))
case("svc-bad-cluster-ip", svc_of(clusterIP="10.0.0.256"))
case("svc-bad-cluster-ips-mismatch", svc_of(clusterIP="None", clusterIPs=["10.0.0.10"]))
case("svc-bad-ip-family", svc_of(ipFamilies=["ipv4"]))
case("svc-bad-ip-family-policy", svc_of(ipFamilyPolicy="DualStack"))
case("svc-bad-externalname-cluster-ip", obj("v1", "Service", "db", spec={"type": "ExternalName", "externalName": "db.example.com",
                                                                        "clusterIP": "10.0.0.10"}))
case("svc-bad-externalname-url", obj("v1", "Service", "db", spec={"type": "ExternalName", "externalName": "https://db.example.com"}))
case("svc-bad-external-ip-loopback", svc_of(externalIPs=["127.0.0.1"]))
case("svc-bad-lb-class-not-lb", svc_of(loadBalancerClass="example.com/internal"))
case("svc-bad-allocate-node-ports-not-lb", svc_of(allocateLoadBalancerNodePorts=False))
case("svc-bad-health-check-port", svc_of(type="NodePort", healthCheckNodePort=30000))
case("svc-bad-app-protocol", svc_of(ports=[{"name": "grpc", "port": 9000, "appProtocol": "h2c/grpc/x"}]))
case("svc-bad-target-port-name", svc_of(ports=[{"name": "http", "port": 80, "targetPort": "http_web"}]))
case("svc-bad-traffic-distribution", svc_of(trafficDistribution="Closest"))

case("namespace-valid-qualified-finalizer", obj("v1", "Namespace", "corpus-team-c", spec={"finalizers": ["example.com/cleanup"]}))
case("namespace-valid-labels", obj("v1", "Namespace", "corpus-team-d") | {"metadata": {"name": "corpus-team-d", "labels": {
    "team": "d", "pod-security.kubernetes.io/enforce": "restricted"}}})
case("namespace-bad-finalizer-unqualified", obj("v1", "Namespace", "corpus-team-e", spec={"finalizers": ["cleanup"]}))
case("namespace-bad-finalizer-prefix", obj("v1", "Namespace", "corpus-team-f", spec={"finalizers": ["Example.com/cleanup"]}))
case("namespace-bad-name-uppercase", obj("v1", "Namespace", "Team-A"))
case("namespace-bad-name-too-long", obj("v1", "Namespace", "corpus-" + "x" * 60))
case("serviceaccount-valid-secrets", obj("v1", "ServiceAccount", "builder", secrets=[{"name": "builder-token"}]))
case("serviceaccount-bad-name-underscore", obj("v1", "ServiceAccount", "app_reader"))
case("serviceaccount-bad-label", obj("v1", "ServiceAccount", "app") | {"metadata": {"name": "app", "labels": {"app": "my app"}}})

# Manifests as users write them, accepted.
case("ingress-valid-multi-host-tls", ing({"ingressClassName": "nginx", "tls": [
    {"hosts": ["api.example.com", "*.apps.example.com"], "secretName": "wildcard-tls"}], "rules": [
    ing_rule(ing_path("/v1", "Prefix", {"service": {"name": "api-v1", "port": {"number": 8080}}}),
             ing_path("/v2", "Prefix", {"service": {"name": "api-v2", "port": {"name": "http"}}}), host="api.example.com"),
    ing_rule(host="*.apps.example.com")]}))
case("ingress-valid-no-host", ing({"rules": [ing_rule(host=None)]}))
case("ingress-valid-default-and-rules", ing({"defaultBackend": {"service": {"name": "fallback", "port": {"number": 80}}},
                                             "rules": [ing_rule()]}))
case("ingress-valid-impl-specific-regex", ing({"rules": [ing_rule(ing_path("/api/(.*)", "ImplementationSpecific"))]},
                                              annotations={"nginx.ingress.kubernetes.io/rewrite-target": "/$1"}))
case("ingress-valid-rule-without-http", ing({"rules": [{"host": "chat.example.com"}]}))
case("ingressclass-valid-default", obj(NET, "IngressClass", "corpus-default") | {"metadata": {
    "name": "corpus-default", "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
    "spec": {"controller": "k8s.io/ingress-nginx"}})
case("networkpolicy-valid-default-deny-all", netpol(podSelector={}, policyTypes=["Ingress", "Egress"]))
case("networkpolicy-valid-allow-from-namespace", netpol(ingress=[{"from": [
    {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}],
    "ports": [{"port": 9090}]}]))
case("networkpolicy-valid-egress-only-defaulted", netpol(egress=[{"to": [{"ipBlock": {"cidr": "0.0.0.0/0",
                                                                                     "except": ["169.254.169.254/32"]}}]}]))
case("networkpolicy-valid-sctp", netpol(ingress=[{"ports": [{"port": 3868, "protocol": "SCTP"}]}]))
case("networkpolicy-valid-expressions", netpol(podSelector={"matchExpressions": [
    {"key": "tier", "operator": "NotIn", "values": ["db"]}, {"key": "canary", "operator": "DoesNotExist"}]}))
case("role-valid-secrets-reader", obj(RBAC, "Role", "secret-reader", rules=[
    {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]))
case("role-valid-subresources", obj(RBAC, "Role", "log-reader", rules=[
    {"apiGroups": [""], "resources": ["pods", "pods/log", "pods/exec"], "verbs": ["get", "create"]}]))
case("clusterrole-valid-crd-admin", obj(RBAC, "ClusterRole", "corpus-widget-admin", rules=[
    {"apiGroups": ["corpus.example.com"], "resources": ["*"], "verbs": ["*"]}]))
case("clusterrole-valid-aggregated-label", obj(RBAC, "ClusterRole", "corpus-widget-view") | {"metadata": {
    "name": "corpus-widget-view", "labels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}},
    "rules": [{"apiGroups": ["corpus.example.com"], "resources": ["widgets"], "verbs": ["get", "list", "watch"]}]})
case("rolebinding-valid-multiple-subjects", rb(subjects=[SUBJECT, {"kind": "ServiceAccount", "name": "ci", "namespace": "build"},
                                                         {"kind": "Group", "name": "devs"}]))
case("clusterrolebinding-valid-group", rb("ClusterRoleBinding", CLUSTER_REF, [
    {"kind": "Group", "name": "system:serviceaccounts:build", "apiGroup": "rbac.authorization.k8s.io"}], name="corpus-build-view"))
case("svc-valid-lb-dual-ports", svc_of(type="LoadBalancer", ports=[{"name": "http", "port": 80, "targetPort": "http"},
                                                                   {"name": "https", "port": 443, "targetPort": "https"}]))
case("svc-valid-nodeport-explicit", svc_of(type="NodePort", ports=[{"name": "http", "port": 80, "nodePort": 30080}]))
case("svc-valid-single-stack", svc_of(ipFamilyPolicy="SingleStack", ipFamilies=["IPv4"]))
case("svc-valid-lb-no-node-ports", svc_of(type="LoadBalancer", allocateLoadBalancerNodePorts=False))
case("svc-valid-headless-statefulset", svc_of(clusterIP="None", publishNotReadyAddresses=True,
                                              ports=[{"name": "peer", "port": 2380}, {"name": "client", "port": 2379}]))
case("svc-valid-source-range-annotation", obj("v1", "Service", "web") | {"metadata": {"name": "web", "annotations": {
    "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8, 192.168.0.0/16"}},
    "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]}})
case("svc-bad-source-range-annotation", obj("v1", "Service", "web") | {"metadata": {"name": "web", "annotations": {
    "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8,192.168.1.1/16"}},
    "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]}})
case("namespace-valid-plain", obj("v1", "Namespace", "corpus-team-g"))
case("serviceaccount-valid-annotated", obj("v1", "ServiceAccount", "app") | {"metadata": {"name": "app", "annotations": {
    "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/app"}}})

# --- PV, PVC, HPA, PDB, LimitRange, ResourceQuota (i12-store) -------------------------------------

def pdb(name="web", **spec):
    s = {"selector": SELECTOR}
    s.update(spec)
    return obj("policy/v1", "PodDisruptionBudget", name, spec=s)


case("pdb-valid-max-unavailable", pdb(maxUnavailable=1))
case("pdb-valid-percent-always-allow", pdb(minAvailable="100%", unhealthyPodEvictionPolicy="AlwaysAllow"))
case("pdb-valid-name-underscore", pdb("web_pdb", minAvailable=2))
case("pdb-valid-no-selector", obj("policy/v1", "PodDisruptionBudget", "all", spec={"maxUnavailable": "25%"}))
case("pdb-valid-expressions", pdb(minAvailable=1, selector={"matchExpressions": [
    {"key": "app", "operator": "In", "values": ["web", "api"]}, {"key": "canary", "operator": "DoesNotExist"}]}))
case("pdb-bad-both-set", pdb(minAvailable=1, maxUnavailable="10%"))
case("pdb-bad-percent-no-sign", pdb(minAvailable="50"))
case("pdb-bad-over-100-percent", pdb(maxUnavailable="150%"))
case("pdb-bad-negative", pdb(maxUnavailable=-1))
case("pdb-bad-policy-typo", pdb(minAvailable=1, unhealthyPodEvictionPolicy="IfHealthy"))
case("pdb-bad-expression-values-missing", pdb(minAvailable=1, selector={"matchExpressions": [{"key": "app", "operator": "In"}]}))
case("pdb-bad-expression-operator", pdb(minAvailable=1, selector={"matchExpressions": [{"key": "app", "operator": "Equals", "values": ["web"]}]}))
case("pdb-bad-selector-label", pdb(minAvailable=1, selector={"matchLabels": {"app": "web server"}}))


def hpa(version="autoscaling/v2", **spec):
    s = {"scaleTargetRef": SCALE_TARGET, "minReplicas": 2, "maxReplicas": 10}
    s.update(spec)
    return obj(version, "HorizontalPodAutoscaler", "web", spec=s)


CPU_70 = {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}
case("hpa-valid-memory-average-value", hpa(metrics=[
    {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}}]))
case("hpa-valid-behavior", hpa(metrics=[CPU_70], behavior={
    "scaleDown": {"stabilizationWindowSeconds": 300, "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]},
    "scaleUp": {"selectPolicy": "Max", "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}], "tolerance": "0.05"}}))
case("hpa-valid-container-resource", hpa(metrics=[{"type": "ContainerResource", "containerResource": {
    "name": "cpu", "container": "app", "target": {"type": "Utilization", "averageUtilization": 60}}}]))
case("hpa-valid-external-scale-to-zero", hpa(minReplicas=0, metrics=[{"type": "External", "external": {
    "metric": {"name": "queue_depth", "selector": {"matchLabels": {"queue": "jobs"}}},
    "target": {"type": "AverageValue", "averageValue": "30"}}}]))
case("hpa-valid-object", hpa(metrics=[{"type": "Object", "object": {
    "describedObject": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "name": "main"},
    "metric": {"name": "requests-per-second"}, "target": {"type": "Value", "value": "10k"}}}]))
case("hpa-v1-valid-defaults", obj("autoscaling/v1", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "maxReplicas": 3}))
case("hpa-valid-replication-controller", hpa(scaleTargetRef={"kind": "ReplicationController", "name": "web", "apiVersion": "v1"}))
case("hpa-bad-max-below-min", hpa(minReplicas=5, maxReplicas=3))
case("hpa-bad-max-replicas-missing", obj("autoscaling/v2", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "metrics": [CPU_70]}))
case("hpa-bad-negative-min", hpa(minReplicas=-1))
case("hpa-bad-scale-to-zero-cpu", hpa(minReplicas=0, metrics=[CPU_70]))
case("hpa-bad-target-no-group", hpa(scaleTargetRef={"kind": "Deployment", "name": "web", "apiVersion": "v1"}))
case("hpa-bad-target-name-missing", hpa(scaleTargetRef={"kind": "Deployment", "apiVersion": "apps/v1"}))
case("hpa-bad-target-type-typo", hpa(metrics=[
    {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilisation", "averageUtilization": 70}}}]))
case("hpa-bad-utilization-zero", hpa(metrics=[
    {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 0}}}]))
case("hpa-bad-wrong-source", hpa(metrics=[{"type": "Pods", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]))
case("hpa-bad-two-sources", hpa(metrics=[dict(CPU_70, pods={"metric": {"name": "rps"}, "target": {"type": "AverageValue", "averageValue": "10"}})]))
case("hpa-bad-metric-type", hpa(metrics=[dict(CPU_70, type="CPU")]))
case("hpa-bad-pods-value", hpa(metrics=[{"type": "Pods", "pods": {"metric": {"name": "rps"}, "target": {"type": "Value", "value": "10"}}}]))
case("hpa-bad-both-targets", hpa(metrics=[
    {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "1Gi", "averageUtilization": 80}}}]))
case("hpa-bad-container-missing", hpa(metrics=[{"type": "ContainerResource", "containerResource": {
    "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}}]))
case("hpa-bad-policy-type", hpa(behavior={"scaleUp": {"policies": [{"type": "Replicas", "value": 2, "periodSeconds": 60}]}}))
case("hpa-bad-period-too-long", hpa(behavior={"scaleDown": {"policies": [{"type": "Percent", "value": 50, "periodSeconds": 3600}]}}))
case("hpa-bad-stabilization-window", hpa(behavior={"scaleDown": {"stabilizationWindowSeconds": 7200}}))
case("hpa-bad-select-policy", hpa(behavior={"scaleUp": {"selectPolicy": "Maximum"}}))
case("hpa-bad-negative-tolerance", hpa(behavior={"scaleDown": {"tolerance": "-0.1"}}))
case("hpa-v1-bad-cpu-zero", obj("autoscaling/v1", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "maxReplicas": 3, "targetCPUUtilizationPercentage": 0}))
case("hpa-v1-bad-max-below-min", obj("autoscaling/v1", "HorizontalPodAutoscaler", "web", spec={
    "scaleTargetRef": SCALE_TARGET, "minReplicas": 4, "maxReplicas": 2}))


def pvc(**spec):
    s = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}
    s.update(spec)
    return obj("v1", "PersistentVolumeClaim", "data", spec=s)


def pv(**spec):
    s = {"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"], "nfs": {"server": "nfs.example.com", "path": "/exports/data"}}
    s.update(spec)
    return obj("v1", "PersistentVolume", "corpus-pv", spec={k: v for k, v in s.items() if v is not None})


case("pvc-valid-block-rwop", pvc(accessModes=["ReadWriteOncePod"], volumeMode="Block"))
case("pvc-valid-snapshot-source", pvc(dataSource={"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap-1"}))
case("pvc-valid-clone-ref", pvc(dataSourceRef={"kind": "PersistentVolumeClaim", "name": "data-old"}))
case("pvc-valid-populator", pvc(dataSourceRef={"apiGroup": "populator.example.com", "kind": "Seed", "name": "s"}))
case("pvc-valid-dropped-data-source", pvc(dataSource={"kind": "ConfigMap", "name": "seed"}))
case("pvc-valid-selector-fractional", pvc(resources={"requests": {"storage": "1.5Gi"}}, selector={"matchLabels": {"tier": "ssd"}}))
case("pvc-valid-empty-class", pvc(storageClassName=""))
case("pvc-bad-access-modes-missing", pvc(accessModes=[]))
case("pvc-bad-access-mode-typo", pvc(accessModes=["ReadWriteOnly"]))
case("pvc-bad-rwop-with-others", pvc(accessModes=["ReadWriteOncePod", "ReadOnlyMany"]))
case("pvc-bad-storage-missing", pvc(resources={"requests": {"cpu": "1"}}))
case("pvc-bad-storage-in-limits", pvc(resources={"limits": {"storage": "10Gi"}}))
case("pvc-bad-storage-zero", pvc(resources={"requests": {"storage": "0"}}))
case("pvc-bad-volume-mode", pvc(volumeMode="block"))
case("pvc-bad-class-name", pvc(storageClassName="Fast_SSD"))
case("pvc-bad-source-kind", pvc(dataSource={"kind": "Snapshot", "name": "s"}, dataSourceRef={"kind": "Snapshot", "name": "s"}))
case("pvc-bad-source-mismatch", pvc(dataSource={"kind": "PersistentVolumeClaim", "name": "a"}, dataSourceRef={"kind": "PersistentVolumeClaim", "name": "b"}))
case("pvc-bad-selector-operator", pvc(selector={"matchExpressions": [{"key": "tier", "operator": "Is", "values": ["ssd"]}]}))
case("pv-valid-nfs", pv(persistentVolumeReclaimPolicy="Recycle", storageClassName="slow", mountOptions=["hard"]))
case("pv-valid-local", pv(nfs=None, local={"path": "/mnt/disks/ssd1"}, nodeAffinity={"required": {"nodeSelectorTerms": [
    {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": ["node-1"]}]}]}}))
case("pv-valid-csi", pv(nfs=None, csi={"driver": "ebs.csi.aws.com", "volumeHandle": "vol-123", "fsType": "ext4"}, volumeMode="Block"))
case("pv-valid-claim-ref", pv(claimRef={"namespace": "default", "name": "data"}, accessModes=["ReadWriteMany", "ReadOnlyMany"]))
case("pv-bad-capacity-missing", pv(capacity=None))
case("pv-bad-capacity-extra", pv(capacity={"storage": "10Gi", "cpu": "1"}))
case("pv-bad-capacity-zero", pv(capacity={"storage": "0"}))
case("pv-bad-no-source", pv(nfs=None))
case("pv-bad-two-sources", pv(hostPath={"path": "/data"}))
case("pv-bad-reclaim-policy", pv(persistentVolumeReclaimPolicy="Keep"))
case("pv-bad-local-no-affinity", pv(nfs=None, local={"path": "/mnt/disks/ssd1"}))
case("pv-bad-nfs-relative-path", pv(nfs={"server": "nfs.example.com", "path": "exports/data"}))
case("pv-bad-hostpath-type", pv(nfs=None, hostPath={"path": "/data", "type": "Dir"}))
case("pv-bad-hostpath-backsteps", pv(nfs=None, hostPath={"path": "/data/../etc"}))
case("pv-bad-csi-handle-missing", pv(nfs=None, csi={"driver": "ebs.csi.aws.com"}))
case("pv-bad-access-modes-missing", pv(accessModes=None))
case("pv-bad-affinity-without-required", pv(nodeAffinity={}))
case("pv-bad-vac-without-csi", pv(volumeAttributesClassName="gold"))
case("pv-bad-affinity-no-terms", pv(nfs=None, local={"path": "/mnt/disks/ssd1"}, nodeAffinity={"required": {"nodeSelectorTerms": []}}))
case("pv-bad-affinity-values-missing", pv(nfs=None, local={"path": "/mnt/disks/ssd1"}, nodeAffinity={"required": {"nodeSelectorTerms": [
    {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In"}]}]}}))
case("pv-bad-affinity-field-key", pv(nfs=None, local={"path": "/mnt/disks/ssd1"}, nodeAffinity={"required": {"nodeSelectorTerms": [
    {"matchFields": [{"key": "metadata.namespace", "operator": "In", "values": ["default"]}]}]}}))
case("pv-valid-csi-secrets", pv(nfs=None, csi={"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1",
    "nodePublishSecretRef": {"name": "csi-creds", "namespace": "kube-system"}}))
case("pv-valid-rbd", pv(nfs=None, rbd={"monitors": ["10.0.0.1:6789"], "image": "disk-1"}))
case("pv-valid-fc", pv(nfs=None, fc={"targetWWNs": ["500a0982991b8dc5"], "lun": 2}))
case("pv-bad-csi-secret-namespace", pv(nfs=None, csi={"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1",
    "controllerExpandSecretRef": {"name": "csi-creds"}}))
case("pv-bad-rbd-image-missing", pv(nfs=None, rbd={"monitors": ["10.0.0.1:6789"]}))
case("pv-bad-fc-lun-missing", pv(nfs=None, fc={"targetWWNs": ["500a0982991b8dc5"]}))
case("pv-bad-azure-file-share", pv(nfs=None, azureFile={"secretName": "azure-creds"}))
case("pv-valid-iscsi", pv(nfs=None, iscsi={"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example:storage.disk1", "lun": 0}))
case("pv-bad-iscsi-iqn", pv(nfs=None, iscsi={"targetPortal": "10.0.0.1:3260", "iqn": "storage.disk1", "lun": 0}))
case("pv-bad-iscsi-chap-secret", pv(nfs=None, iscsi={"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example:d", "chapAuthDiscovery": True}))
case("pv-valid-aws-ebs", pv(nfs=None, awsElasticBlockStore={"volumeID": "vol-0abc", "fsType": "ext4"}))
case("pv-bad-gce-pd-name-missing", pv(nfs=None, gcePersistentDisk={"fsType": "ext4", "partition": 1}))
case("pv-bad-ebs-partition", pv(nfs=None, awsElasticBlockStore={"volumeID": "vol-0abc", "partition": 300}))
case("pv-valid-azure-disk", pv(nfs=None, azureDisk={"diskName": "d1", "kind": "Managed",
    "diskURI": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/d1"}))
case("pv-bad-azure-disk-uri", pv(nfs=None, azureDisk={"diskName": "d1", "kind": "Managed", "diskURI": "https://acct.blob.core.windows.net/c/d1.vhd"}))
case("pv-bad-flex-reserved-option", pv(nfs=None, flexVolume={"driver": "example.com/lvm", "options": {"kubernetes.io/fsType": "ext4"}}))
case("pv-bad-glusterfs-path-missing", pv(nfs=None, glusterfs={"endpoints": "glusterfs-cluster"}))
case("pv-valid-affinity-field-and-gt", pv(nodeAffinity={"required": {"nodeSelectorTerms": [
    {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node-1"]}]},
    {"matchExpressions": [{"key": "example.com/disk-gen", "operator": "Gt", "values": ["3"]}]}]}}))


def limit_range(*limits):
    return obj("v1", "LimitRange", "defaults", spec={"limits": list(limits)})


case("limitrange-valid-container", limit_range({"type": "Container", "max": {"cpu": "2", "memory": "2Gi"},
    "min": {"cpu": "100m", "memory": "64Mi"}, "default": {"cpu": "500m"}, "defaultRequest": {"cpu": "200m"},
    "maxLimitRequestRatio": {"cpu": "10"}}))
case("limitrange-valid-pod-and-pvc", limit_range({"type": "Pod", "max": {"cpu": "4"}},
    {"type": "PersistentVolumeClaim", "min": {"storage": "1Gi"}, "max": {"storage": "100Gi"}}))
case("limitrange-valid-defaults-from-max", limit_range({"type": "Container", "max": {"memory": "1Gi"}}))
case("limitrange-valid-extended", limit_range({"type": "Container", "default": {"example.com/gpu": "1"}}))
case("limitrange-bad-min-above-max", limit_range({"type": "Container", "min": {"cpu": "2"}, "max": {"cpu": "1"}}))
case("limitrange-bad-request-above-limit", limit_range({"type": "Container", "default": {"memory": "256Mi"}, "defaultRequest": {"memory": "512Mi"}}))
case("limitrange-bad-min-above-defaulted", limit_range({"type": "Container", "min": {"memory": "1Gi"}, "default": {"memory": "512Mi"}}))
case("limitrange-bad-type", limit_range({"type": "Namespace", "max": {"cpu": "1"}}))
case("limitrange-bad-type-twice", limit_range({"type": "Container", "max": {"cpu": "1"}}, {"type": "Container", "max": {"memory": "1Gi"}}))
case("limitrange-bad-pod-default", limit_range({"type": "Pod", "default": {"cpu": "1"}}))
case("limitrange-bad-pvc-no-storage", limit_range({"type": "PersistentVolumeClaim", "max": {"cpu": "1"}}))
case("limitrange-bad-resource-name", limit_range({"type": "Container", "max": {"gpu": "1"}}))
case("limitrange-bad-ratio-below-one", limit_range({"type": "Container", "maxLimitRequestRatio": {"cpu": "0.5"}}))
case("limitrange-bad-ratio-above-max-min", limit_range({"type": "Container", "min": {"cpu": "1"}, "max": {"cpu": "2"}, "maxLimitRequestRatio": {"cpu": "4"}}))
case("limitrange-bad-extended-overcommit", limit_range({"type": "Container", "default": {"example.com/gpu": "2"}, "defaultRequest": {"example.com/gpu": "1"}}))


def quota(**spec):
    return obj("v1", "ResourceQuota", "quota", spec=spec)


case("resourcequota-valid-compute", quota(hard={"requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": "8", "limits.memory": "16Gi"}))
case("resourcequota-valid-objects", quota(hard={"pods": "50", "services": "10", "configmaps": "20", "count/deployments.apps": "5"}))
case("resourcequota-valid-scopes", quota(hard={"pods": "5"}, scopes=["BestEffort"]))
case("resourcequota-valid-priority-selector", quota(hard={"pods": "10", "cpu": "10"}, scopeSelector={"matchExpressions": [
    {"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}]}))
case("resourcequota-valid-storage-class", quota(hard={"gold.storageclass.storage.k8s.io/requests.storage": "500Gi", "requests.storage": "1Ti"}))
case("resourcequota-bad-negative", quota(hard={"requests.cpu": "-1"}))
case("resourcequota-bad-fractional-pods", quota(hard={"pods": "2.5"}))
case("resourcequota-bad-resource-name", quota(hard={"gpu": "2"}))
case("resourcequota-bad-scope", quota(hard={"pods": "5"}, scopes=["Burstable"]))
case("resourcequota-bad-scope-resource", quota(hard={"requests.storage": "10Gi"}, scopes=["NotBestEffort"]))
case("resourcequota-bad-conflicting-scopes", quota(hard={"pods": "5"}, scopes=["Terminating", "NotTerminating"]))
case("resourcequota-bad-selector-operator", quota(hard={"pods": "5"}, scopeSelector={"matchExpressions": [
    {"scopeName": "BestEffort", "operator": "In", "values": ["x"]}]}))
case("resourcequota-bad-selector-values-missing", quota(hard={"pods": "5"}, scopeSelector={"matchExpressions": [
    {"scopeName": "PriorityClass", "operator": "NotIn"}]}))
case("hpa-valid-multiple-metrics", hpa(metrics=[CPU_70,
    {"type": "Pods", "pods": {"metric": {"name": "packets-per-second"}, "target": {"type": "AverageValue", "averageValue": "1k"}}}]))
case("hpa-valid-scale-down-disabled", hpa(metrics=[CPU_70], behavior={"scaleDown": {"selectPolicy": "Disabled"}}))
case("hpa-valid-statefulset-target", hpa(scaleTargetRef={"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db"}, maxReplicas=3))
case("hpa-v1-valid-cpu", obj("autoscaling/v1", "HorizontalPodAutoscaler", "api", spec={
    "scaleTargetRef": SCALE_TARGET, "minReplicas": 2, "maxReplicas": 8, "targetCPUUtilizationPercentage": 65}))
case("pvc-valid-rwx-filesystem", pvc(accessModes=["ReadWriteMany", "ReadOnlyMany"], volumeMode="Filesystem", storageClassName="nfs-client"))
case("pvc-valid-vac", pvc(volumeAttributesClassName="gold", resources={"requests": {"storage": "100Gi"}, "limits": {"storage": "200Gi"}}))
case("pvc-valid-same-source-and-ref", pvc(dataSource={"kind": "PersistentVolumeClaim", "name": "a"}, dataSourceRef={"kind": "PersistentVolumeClaim", "name": "a"}))
case("pv-valid-hostpath-type", pv(nfs=None, hostPath={"path": "/var/data", "type": "DirectoryOrCreate"}, persistentVolumeReclaimPolicy="Delete"))
case("pv-valid-csi-vac", pv(nfs=None, csi={"driver": "pd.csi.storage.gke.io", "volumeHandle": "projects/p/disks/d"}, volumeAttributesClassName="fast"))
case("pv-valid-rwop", pv(accessModes=["ReadWriteOncePod"], capacity={"storage": "1.5Ti"}))
case("limitrange-valid-container-defaults-only", limit_range({"type": "Container", "default": {"cpu": "1", "memory": "512Mi"},
    "defaultRequest": {"cpu": "250m", "memory": "256Mi"}}))
case("limitrange-valid-ratio", limit_range({"type": "Container", "min": {"cpu": "100m"}, "max": {"cpu": "2"}, "maxLimitRequestRatio": {"cpu": "4"}}))
case("limitrange-valid-pvc-max", limit_range({"type": "PersistentVolumeClaim", "max": {"storage": "50Gi"}}))
case("resourcequota-valid-terminating", quota(hard={"pods": "3", "limits.cpu": "2"}, scopes=["NotTerminating", "NotBestEffort"]))
case("resourcequota-valid-cross-namespace", quota(hard={"pods": "10"}, scopeSelector={"matchExpressions": [
    {"scopeName": "CrossNamespacePodAffinity", "operator": "Exists"}]}))
case("resourcequota-valid-extended", quota(hard={"requests.nvidia.com/gpu": "4", "services.loadbalancers": "2"}))
case("pdb-valid-zero-max-unavailable", pdb(maxUnavailable=0, unhealthyPodEvictionPolicy="IfHealthyBudget"))
case("pdb-valid-min-available-int", pdb(minAvailable=3))
case("pdb-valid-zero-min-available", pdb(minAvailable=0))
case("pdb-valid-not-in-selector", pdb(maxUnavailable="33%", selector={"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["batch"]}]}))
case("hpa-valid-max-equals-min", hpa(minReplicas=3, maxReplicas=3, metrics=[CPU_70]))
case("hpa-valid-percent-scale-up", hpa(metrics=[CPU_70], behavior={"scaleUp": {"stabilizationWindowSeconds": 0,
    "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}, {"type": "Pods", "value": 4, "periodSeconds": 15}]}}))
case("hpa-valid-external-value", hpa(metrics=[{"type": "External", "external": {"metric": {"name": "sqs_messages"},
    "target": {"type": "Value", "value": "100"}}}]))
case("hpa-v1-valid-rc", obj("autoscaling/v1", "HorizontalPodAutoscaler", "legacy", spec={
    "scaleTargetRef": {"kind": "ReplicationController", "name": "legacy"}, "maxReplicas": 4}))
case("pvc-valid-rox-class", pvc(accessModes=["ReadOnlyMany"], storageClassName="standard-rwo", resources={"requests": {"storage": "500Mi"}}))
case("pvc-valid-selector-expressions", pvc(selector={"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}))
case("pvc-valid-volume-name", pvc(volumeName="corpus-pv", storageClassName=""))
case("pv-valid-retain-class", pv(storageClassName="manual", persistentVolumeReclaimPolicy="Retain", volumeMode="Filesystem"))
case("pv-valid-cephfs", pv(nfs=None, cephfs={"monitors": ["10.0.0.1:6789"], "path": "/"}))
case("limitrange-valid-mem-only", limit_range({"type": "Container", "default": {"memory": "512Mi"}, "defaultRequest": {"memory": "256Mi"},
    "max": {"memory": "1Gi"}}))
case("limitrange-valid-ephemeral", limit_range({"type": "Container", "max": {"ephemeral-storage": "4Gi"}, "min": {"ephemeral-storage": "100Mi"}}))
case("resourcequota-valid-counts", quota(hard={"count/jobs.batch": "10", "persistentvolumeclaims": "4", "requests.storage": "100Gi"}))
case("resourcequota-valid-vac-scope", quota(hard={"persistentvolumeclaims": "5"}, scopeSelector={"matchExpressions": [
    {"scopeName": "VolumeAttributesClass", "operator": "In", "values": ["gold"]}]}))
case("resourcequota-valid-hugepages", quota(hard={"requests.hugepages-2Mi": "1Gi"}))


# --- downward API and projected volumes, as charts mount pod metadata and bound tokens --------
case("deploy-valid-downward-api-volume", pod_spec(volumes=[{"name": "podinfo", "downwardAPI": {"items": [
    {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
    {"path": "cpu_limit", "resourceFieldRef": {"containerName": "app", "resource": "limits.cpu", "divisor": "1m"}}]}}]))
case("deploy-bad-downward-api-env-only-path", pod_spec(volumes=[{"name": "podinfo", "downwardAPI": {"items": [
    {"path": "node", "fieldRef": {"fieldPath": "spec.nodeName"}}]}}]))
case("deploy-bad-downward-api-resource-no-container", pod_spec(volumes=[{"name": "podinfo", "downwardAPI": {"items": [
    {"path": "mem", "resourceFieldRef": {"resource": "limits.memory"}}]}}]))
case("pod-bad-downward-api-absolute-path", pod(volumes=[{"name": "podinfo", "downwardAPI": {"items": [
    {"path": "/etc/labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}}]))
case("pod-bad-downward-api-no-ref", pod(volumes=[{"name": "podinfo", "downwardAPI": {"items": [{"path": "x"}]}}]))
case("deploy-valid-projected-token", pod_spec(volumes=[{"name": "token", "projected": {"sources": [
    {"serviceAccountToken": {"path": "token", "audience": "vault", "expirationSeconds": 7200}},
    {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
    {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}]))
case("deploy-bad-projected-token-short-expiry", pod_spec(volumes=[{"name": "token", "projected": {"sources": [
    {"serviceAccountToken": {"path": "token", "expirationSeconds": 300}}]}}]))
case("deploy-bad-projected-token-no-path", pod_spec(volumes=[{"name": "token", "projected": {"sources": [
    {"serviceAccountToken": {"audience": "vault"}}]}}]))
case("statefulset-bad-projected-duplicate-path", obj("apps/v1", "StatefulSet", "web", spec={
    "selector": SELECTOR, "serviceName": "web", "template": pod_template(volumes=[{"name": "all", "projected": {"sources": [
        {"secret": {"name": "a", "items": [{"key": "k", "path": "conf"}]}},
        {"configMap": {"name": "b", "items": [{"key": "k", "path": "conf"}]}}]}}])}))
case("pod-bad-projected-two-sources-in-one", pod(volumes=[{"name": "all", "projected": {"sources": [
    {"secret": {"name": "a"}, "configMap": {"name": "b"}}]}}]))
case("cronjob-bad-projected-secret-unnamed", cron_job(job_spec={"template": {"spec": {"restartPolicy": "OnFailure",
    "containers": [container()], "volumes": [{"name": "all", "projected": {"sources": [{"secret": {"items": [{"key": "k", "path": "../k"}]}}]}}]}}}))

# --- selectors of pod (anti-)affinity terms and topology spread constraints ---------------
case("deploy-valid-anti-affinity-selector", pod_spec(affinity={"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
    {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
        "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}}}]}}))
case("deploy-bad-anti-affinity-operator", pod_spec(affinity={"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
    {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchExpressions": [{"key": "app", "operator": "Equals", "values": ["web"]}]}}]}}))
case("pod-bad-affinity-namespace-selector-value", pod(affinity={"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
    {"topologyKey": "topology.kubernetes.io/zone", "labelSelector": {"matchLabels": {"app": "cache"}},
     "namespaceSelector": {"matchLabels": {"team": "platform team"}}}]}}))
case("deploy-bad-anti-affinity-exists-with-values", pod_spec(affinity={"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
    {"weight": 50, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
        "labelSelector": {"matchExpressions": [{"key": "app", "operator": "Exists", "values": ["web"]}]}}}]}}))
case("deploy-valid-spread-selector", pod_spec(topologySpreadConstraints=[{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
    "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}]))
case("deploy-bad-spread-selector-in-without-values", pod_spec(topologySpreadConstraints=[{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
    "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In"}]}}]))
case("statefulset-bad-spread-selector-label", obj("apps/v1", "StatefulSet", "web", spec={
    "selector": SELECTOR, "serviceName": "web", "template": pod_template(topologySpreadConstraints=[{"maxSkew": 1,
        "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app/": "web"}}}])}))

# --- host aliases ---------------------------------------------------------------------------
case("deploy-valid-host-aliases", pod_spec(hostAliases=[{"ip": "10.0.0.5", "hostnames": ["db.internal", "cache.internal"]}]))
case("deploy-bad-host-alias-ip", pod_spec(hostAliases=[{"ip": "10.0.0.300", "hostnames": ["db.internal"]}]))
case("pod-bad-host-alias-hostname", pod(hostAliases=[{"ip": "127.0.0.1", "hostnames": ["My_Host"]}]))
case("pod-bad-host-alias-leading-zero", pod(hostAliases=[{"ip": "010.0.0.1", "hostnames": ["legacy"]}]))

# --- admission webhook configurations, as operator charts install them ------------------------
def webhook(**kw):
    h = {"name": "validate.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
         "clientConfig": {"service": {"name": "operator-webhook", "namespace": "operators", "path": "/validate"}},
         "rules": [{"operations": ["CREATE", "UPDATE"], "apiGroups": ["ai.example.com"], "apiVersions": ["v1"],
                    "resources": ["modelendpoints"]}]}
    h.update(kw)
    return h


def webhook_config(kind, *hooks):
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": kind, "metadata": {"name": "operator"},
            "webhooks": list(hooks)}


VWC, MWC = "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"
case("vwc-valid-service", webhook_config(VWC, webhook(failurePolicy="Fail", timeoutSeconds=5,
    namespaceSelector={"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kube-system"]}]})))
case("mwc-valid-url", webhook_config(MWC, webhook(name="mutate.example.com", reinvocationPolicy="IfNeeded",
    clientConfig={"url": "https://webhook.example.com:8443/mutate"},
    matchConditions=[{"name": "exclude-leases", "expression": "request.resource.resource != 'leases'"}])))
case("vwc-valid-subresources", webhook_config(VWC, webhook(rules=[{"operations": ["*"], "apiGroups": ["*"], "apiVersions": ["*"],
    "resources": ["pods", "pods/status"], "scope": "Namespaced"}])))
case("vwc-bad-side-effects-missing", webhook_config(VWC, {k: v for k, v in webhook().items() if k != "sideEffects"}))
case("vwc-bad-side-effects-some", webhook_config(VWC, webhook(sideEffects="Some")))
case("vwc-bad-two-segment-name", webhook_config(VWC, webhook(name="validate.example")))
case("vwc-bad-duplicate-names", webhook_config(VWC, webhook(), webhook()))
case("vwc-bad-review-versions-missing", webhook_config(VWC, {k: v for k, v in webhook().items() if k != "admissionReviewVersions"}))
case("vwc-bad-review-version-unknown", webhook_config(VWC, webhook(admissionReviewVersions=["v2"])))
case("vwc-bad-timeout", webhook_config(VWC, webhook(timeoutSeconds=60)))
case("vwc-bad-failure-policy", webhook_config(VWC, webhook(failurePolicy="Abort")))
case("vwc-bad-url-http", webhook_config(VWC, webhook(clientConfig={"url": "http://webhook.example.com/validate"})))
case("vwc-bad-url-and-service", webhook_config(VWC, webhook(clientConfig={"url": "https://webhook.example.com/validate",
    "service": {"name": "s", "namespace": "n"}})))
case("vwc-bad-url-query", webhook_config(VWC, webhook(clientConfig={"url": "https://webhook.example.com/validate?x=1#frag"})))
case("vwc-bad-service-path", webhook_config(VWC, webhook(clientConfig={"service": {"name": "s", "namespace": "n", "path": "validate//Now"}})))
case("vwc-bad-service-port", webhook_config(VWC, webhook(clientConfig={"service": {"name": "s", "namespace": "n", "port": 70000}})))
case("vwc-bad-operation", webhook_config(VWC, webhook(rules=[{"operations": ["create", "*"], "apiGroups": ["apps", "*"],
    "apiVersions": ["v1"], "resources": ["deployments"]}])))
case("vwc-bad-resources-wildcards", webhook_config(VWC, webhook(rules=[{"operations": ["CREATE"], "apiGroups": [""],
    "apiVersions": ["v1"], "resources": ["*/*", "pods"], "scope": "Everywhere"}])))
case("mwc-bad-reinvocation", webhook_config(MWC, webhook(name="mutate.example.com", reinvocationPolicy="Always")))
case("mwc-bad-match-condition", webhook_config(MWC, webhook(name="mutate.example.com", matchConditions=[
    {"name": "Not A Name", "expression": "true"}, {"name": "dup", "expression": " "}, {"name": "dup", "expression": "true"}])))
case("mwc-bad-object-selector", webhook_config(MWC, webhook(name="mutate.example.com", objectSelector={"matchLabels": {"app": "a b"}})))

# --- StorageClass and PriorityClass, as cluster-setup charts ship them ------------------------
def storage_class(**kw):
    o = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast-ssd"},
         "provisioner": "ebs.csi.aws.com"}
    o.update(kw)
    return o


def priority_class(name="batch-high", **kw):
    o = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name}, "value": 100000}
    o.update(kw)
    return o


case("storageclass-valid-gp3", storage_class(parameters={"type": "gp3", "encrypted": "true"}, reclaimPolicy="Retain",
    volumeBindingMode="WaitForFirstConsumer", allowVolumeExpansion=True,
    allowedTopologies=[{"matchLabelExpressions": [{"key": "topology.ebs.csi.aws.com/zone", "values": ["eu-west-1a", "eu-west-1b"]}]}]))
case("storageclass-bad-no-provisioner", {k: v for k, v in storage_class().items() if k != "provisioner"})
case("storageclass-bad-provisioner-name", storage_class(provisioner="ebs csi"))
case("storageclass-bad-reclaim-recycle", storage_class(reclaimPolicy="Recycle"))
case("storageclass-bad-binding-mode", storage_class(volumeBindingMode="WaitForFirstPod"))
case("storageclass-bad-topology-duplicate", storage_class(allowedTopologies=[
    {"matchLabelExpressions": [{"key": "zone", "values": ["a", "a"]}]},
    {"matchLabelExpressions": [{"key": "zone", "values": ["a"]}]}]))
case("priorityclass-valid-never", priority_class(preemptionPolicy="Never", description="batch jobs that never preempt"))
case("priorityclass-valid-global-default", priority_class(name="default-priority", value=1000, globalDefault=True))
case("priorityclass-bad-system-prefix", priority_class(name="system-critical-apps"))
case("priorityclass-bad-value-too-high", priority_class(value=1500000000))
case("priorityclass-bad-preemption-policy", priority_class(preemptionPolicy="PreemptAll"))

# --- sysctls and AppArmor profiles, as hardened charts set them --------------------------------
case("deploy-valid-apparmor-runtime-default", pod_spec(securityContext={"appArmorProfile": {"type": "RuntimeDefault"},
    "sysctls": [{"name": "net.ipv4.ip_local_port_range", "value": "1024 65535"}]}))
case("deploy-bad-apparmor-annotation-style", pod_spec(securityContext={"appArmorProfile": {"type": "runtime/default"}}))
case("pod-bad-apparmor-localhost-without-profile", pod(containers=[container(securityContext={"appArmorProfile": {"type": "Localhost"}})]))
case("statefulset-bad-sysctl-name", obj("apps/v1", "StatefulSet", "web", spec={
    "selector": SELECTOR, "serviceName": "web", "template": pod_template(securityContext={"sysctls": [{"name": "vm.max_map_count!", "value": "262144"}]})}))
case("pod-bad-net-sysctl-with-host-network", pod(hostNetwork=True, securityContext={"sysctls": [{"name": "net.core.somaxconn", "value": "1024"}]}))

# --- APIService, as metrics-server's chart registers its API -----------------------------------
def api_service(name="v1beta1.metrics.k8s.io", **spec):
    s = {"group": "metrics.k8s.io", "version": "v1beta1", "groupPriorityMinimum": 100, "versionPriority": 100,
         "insecureSkipTLSVerify": True, "service": {"name": "metrics-server", "namespace": "kube-system"}}
    s.update(spec)
    return {"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": name}, "spec": s}


case("apiservice-valid-metrics-server", api_service())
case("apiservice-bad-name-mismatch", api_service(name="metrics-server"))
case("apiservice-bad-zero-priority", api_service(groupPriorityMinimum=0))
case("apiservice-bad-local-with-ca", api_service(service=None, insecureSkipTLSVerify=False, caBundle="YWJj"))
case("apiservice-bad-service-without-namespace", api_service(service={"name": "metrics-server", "port": 443}))

# --- CSIDriver, as CSI driver charts register theirs -------------------------------------------
def csi_driver(name="ebs.csi.aws.com", **spec):
    return {"apiVersion": "storage.k8s.io/v1", "kind": "CSIDriver", "metadata": {"name": name}, "spec": spec}


case("csidriver-valid-ebs", csi_driver(attachRequired=True, podInfoOnMount=False, fsGroupPolicy="File",
                                       volumeLifecycleModes=["Persistent"]))
case("csidriver-valid-secrets-store", csi_driver(name="secrets-store.csi.k8s.io", podInfoOnMount=True, requiresRepublish=True,
    volumeLifecycleModes=["Ephemeral"], tokenRequests=[{"audience": "api://AzureADTokenExchange"}]))
case("csidriver-bad-fsgroup-policy", csi_driver(fsGroupPolicy="Always"))
case("csidriver-bad-lifecycle-mode", csi_driver(volumeLifecycleModes=["Persistent", "Inline"]))
case("csidriver-bad-token-audience-twice", csi_driver(tokenRequests=[{"audience": "vault"}, {"audience": "vault", "expirationSeconds": 3600}]))


def dump(obj):
    # JSON is valid YAML; keep the files readable with one key per line.
    return json.dumps(obj, indent=2) + "\n"


if __name__ == "__main__":
    out = os.path.join(HERE, "cases")
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    for name, obj in CASES.items():
        with open(os.path.join(out, name + ".yaml"), "w") as f:
            f.write(obj if isinstance(obj, str) else dump(obj))
    bad = sum(1 for n in CASES if "-bad-" in n)
    print(f"{len(CASES)} cases, {bad} expected invalid")
