#!/usr/bin/env bash
# Checks that the deployment files agree with the code and with each other:
#   (a) `kubectl kustomize deploy/k8s` renders (without kubectl: a notice, and the other checks
#       read the base's resource files as written);
#   (b) every folder under services/ except common has a line in deploy/ports.env, a Deployment
#       and a Service in deploy/k8s and a service in docker-compose.yml, all on that port;
#   (c) every Deployment has gRPC readiness and liveness probes, runs as non-root on a read-only
#       root filesystem without privilege escalation or capabilities, and has resource limits;
#   and deploy/redis.conf (compose) and the Redis ConfigMap in deploy/k8s agree.
# Exits non-zero, naming each mismatch, when any check fails. Needs python3 with PyYAML
# (Debian: python3-yaml). Usage: tests/deploy/check_deploy.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

die() {
  echo "check_deploy: FAIL: $*" >&2
  exit 1
}

command -v python3 >/dev/null 2>&1 || die "python3 not found (Debian: apt-get install python3-yaml)"
python3 -c 'import yaml' 2>/dev/null || die "python3 cannot import yaml (Debian: apt-get install python3-yaml)"

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
rendered=""
if command -v kubectl >/dev/null 2>&1; then
  if ! kubectl kustomize deploy/k8s >"$workdir/k8s.yaml" 2>"$workdir/kustomize.err"; then
    cat "$workdir/kustomize.err" >&2
    die "(a) \`kubectl kustomize deploy/k8s\` does not render (error above)"
  fi
  echo "check_deploy: ok   (a) kubectl kustomize deploy/k8s renders"
  rendered="$workdir/k8s.yaml"
else
  echo "check_deploy: NOTICE: kubectl not found; not rendering deploy/k8s, checking its resource files as written"
fi

python3 - "$root" "$rendered" <<'PY'
"""The checks (b), (c) and the Redis config comparison, on parsed YAML."""
import os
import re
import sys

import yaml

root, rendered = sys.argv[1], sys.argv[2]
passed = 0
failures = []

# Directives the Kubernetes Redis config may add to deploy/redis.conf (sized per cluster).
K8S_ONLY_REDIS_DIRECTIVES = {"maxmemory"}


def check(ok, what):
    """Records one check; `what` says what should hold."""
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
    return ok


def path(*parts):
    return os.path.join(root, *parts)


# --- the port table ---------------------------------------------------------------------------
ports = {}
with open(path("deploy", "ports.env")) as f:
    for number, line in enumerate(f, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"([a-z][a-z0-9_-]*)\s*=\s*([0-9]{1,5})", line)
        if not check(m is not None, f"deploy/ports.env:{number}: expected `service=port`, got {line!r}"):
            continue
        name, port = m.group(1), int(m.group(2))
        check(name not in ports, f"deploy/ports.env: {name} is listed twice")
        check(port not in ports.values(), f"deploy/ports.env: port {port} is used twice")
        ports[name] = port

service_dirs = sorted(
    d for d in os.listdir(path("services"))
    if os.path.isdir(path("services", d)) and d != "common"
)
check(service_dirs, "services/ has no service folders")
for svc in service_dirs:
    check(svc in ports, f"services/{svc} has no line in deploy/ports.env (add `{svc}=PORT`)")
for svc in ports:
    check(svc in service_dirs, f"deploy/ports.env lists {svc}, but there is no services/{svc}/")


# --- Kubernetes ----------------------------------------------------------------------------------
def load_k8s():
    if rendered:
        with open(rendered) as f:
            return [d for d in yaml.safe_load_all(f) if d]
    # No kubectl: read the base's resources as written (generators and images are not applied).
    with open(path("deploy", "k8s", "kustomization.yaml")) as f:
        kustomization = yaml.safe_load(f) or {}
    docs = []
    for resource in kustomization.get("resources", []):
        with open(path("deploy", "k8s", resource)) as f:
            docs.extend(d for d in yaml.safe_load_all(f) if d)
    return docs


k8s = load_k8s()


def k8s_object(kind, name):
    found = [d for d in k8s if d.get("kind") == kind and d.get("metadata", {}).get("name") == name]
    return found[0] if len(found) == 1 else None


def grpc_probe_port(container, probe):
    grpc = (container.get(probe) or {}).get("grpc")
    return grpc.get("port") if isinstance(grpc, dict) else None


def env_value(container, name):
    for e in container.get("env") or []:
        if e.get("name") == name:
            return e.get("value")
    return None


for svc, port in sorted(ports.items()):
    dep = k8s_object("Deployment", svc)
    if check(dep is not None, f"k8s: no (single) Deployment named {svc}"):
        containers = dep["spec"]["template"]["spec"].get("containers") or []
        main = [c for c in containers if any(p.get("containerPort") == port for p in c.get("ports") or [])]
        if check(main, f"k8s: Deployment {svc} has no container with containerPort {port}"):
            c = main[0]
            for probe in ("readinessProbe", "livenessProbe"):
                got = grpc_probe_port(c, probe)  # a missing probe is reported below
                check(got in (None, port), f"k8s: Deployment {svc} {probe} checks gRPC port {got}, expected {port}")
            listen = env_value(c, "RENDA_LISTEN")
            check(listen is None or listen.endswith(f":{port}"),
                  f"k8s: Deployment {svc} sets RENDA_LISTEN={listen}, expected port {port}")
    service = k8s_object("Service", svc)
    if check(service is not None, f"k8s: no (single) Service named {svc}"):
        service_ports = [p.get("port") for p in service["spec"].get("ports") or []]
        check(port in service_ports, f"k8s: Service {svc} exposes ports {service_ports}, expected {port}")
        if dep is not None:
            selector = service["spec"].get("selector") or {}
            pod_labels = dep["spec"]["template"]["metadata"].get("labels") or {}
            check(selector and all(pod_labels.get(k) == v for k, v in selector.items()),
                  f"k8s: Service {svc} selector {selector} does not select Deployment {svc}'s pods")

deployments = [d for d in k8s if d.get("kind") == "Deployment"]
check(deployments, "k8s: no Deployments at all")
for dep in deployments:
    name = dep["metadata"]["name"]
    pod = dep["spec"]["template"]["spec"]
    pod_sc = pod.get("securityContext") or {}
    for c in pod.get("containers") or []:
        where = f"k8s: Deployment {name} container {c.get('name')}"
        sc = c.get("securityContext") or {}
        for probe in ("readinessProbe", "livenessProbe"):
            check(grpc_probe_port(c, probe) is not None, f"{where} has no gRPC {probe}")
        # A container's own setting overrides the pod's.
        run_as_non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
        check(run_as_non_root is True, f"{where} does not set runAsNonRoot: true")
        run_as_user = sc.get("runAsUser", pod_sc.get("runAsUser"))
        check(isinstance(run_as_user, int) and run_as_user != 0, f"{where} has no non-zero runAsUser")
        check(sc.get("readOnlyRootFilesystem") is True, f"{where} does not set readOnlyRootFilesystem: true")
        check(sc.get("allowPrivilegeEscalation") is False, f"{where} does not set allowPrivilegeEscalation: false")
        drop = (sc.get("capabilities") or {}).get("drop") or []
        check("ALL" in drop, f"{where} does not drop ALL capabilities")
        resources = c.get("resources") or {}
        limits = resources.get("limits") or {}
        requests = resources.get("requests") or {}
        check("cpu" in limits and "memory" in limits, f"{where} lacks cpu and memory limits")
        check("cpu" in requests and "memory" in requests, f"{where} lacks cpu and memory requests")


# --- docker-compose -------------------------------------------------------------------------------
def published_pairs(entry):
    """(published, target) pairs of one compose `ports` entry, short or long syntax."""
    if isinstance(entry, dict):
        published = entry.get("published")
        return [(int(published) if published is not None else None, int(entry.get("target")))]
    spec = str(entry).split("/")[0]  # drop "/tcp"
    parts = spec.rsplit(":", 2)
    if len(parts) == 1:  # container port only: the host port is random
        return [(None, int(parts[0]))]
    host, target = parts[-2], parts[-1]
    if "-" in host or "-" in target:  # ranges
        h0, h1 = (int(x) for x in host.split("-")) if "-" in host else (int(host), int(host))
        t0, t1 = (int(x) for x in target.split("-")) if "-" in target else (int(target), int(target))
        return list(zip(range(h0, h1 + 1), range(t0, t1 + 1)))
    return [(int(host) if host else None, int(target))]


def compose_env(svc_def):
    env = svc_def.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


with open(path("docker-compose.yml")) as f:
    compose = yaml.safe_load(f) or {}
compose_services = compose.get("services") or {}
for svc, port in sorted(ports.items()):
    svc_def = compose_services.get(svc)
    if not check(svc_def is not None, f"compose: no service named {svc}"):
        continue
    pairs = [p for entry in svc_def.get("ports") or [] for p in published_pairs(entry)]
    check((port, port) in pairs, f"compose: {svc} does not publish {port}:{port} (has {pairs})")
    listen = compose_env(svc_def).get("RENDA_LISTEN")
    check(listen is not None and str(listen).endswith(f":{port}"),
          f"compose: {svc} sets RENDA_LISTEN={listen}, expected port {port}")
    test = (svc_def.get("healthcheck") or {}).get("test")
    test_text = " ".join(test) if isinstance(test, list) else str(test)
    check("rendactl health" in test_text and f":{port}" in test_text,
          f"compose: {svc} healthcheck {test!r} does not run `rendactl health` on port {port}")
    check(svc_def.get("read_only") is True, f"compose: {svc} is not read_only: true")
    check(str(svc_def.get("user", "")).split(":")[0] not in ("", "0", "root"),
          f"compose: {svc} does not run as a non-root user")


# --- Redis: compose and Kubernetes configs agree ----------------------------------------------------
def redis_directives(text):
    directives = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(" ")
        directives.setdefault(key.lower(), []).append(" ".join(value.split()))
    return directives


with open(path("deploy", "redis.conf")) as f:
    compose_redis = redis_directives(f.read())
redis_maps = [d for d in k8s if d.get("kind") == "ConfigMap" and "redis.conf" in (d.get("data") or {})]
if check(len(redis_maps) == 1, f"k8s: expected one ConfigMap with a redis.conf key, found {len(redis_maps)}"):
    k8s_redis = redis_directives(redis_maps[0]["data"]["redis.conf"])
    for conf, label in ((compose_redis, "deploy/redis.conf"), (k8s_redis, "k8s redis.conf")):
        check(conf.get("appendonly") == ["yes"], f"{label}: appendonly is {conf.get('appendonly')}, expected yes")
        check(conf.get("maxmemory-policy") == ["noeviction"],
              f"{label}: maxmemory-policy is {conf.get('maxmemory-policy')}, expected noeviction")
    for key in sorted(set(compose_redis) | set(k8s_redis)):
        if key in K8S_ONLY_REDIS_DIRECTIVES and key not in compose_redis:
            continue
        check(compose_redis.get(key) == k8s_redis.get(key),
              f"redis.conf differs: {key} is {compose_redis.get(key)} in deploy/redis.conf "
              f"but {k8s_redis.get(key)} in deploy/k8s")

redis_svc = compose_services.get("redis") or {}
check(any(str(v).startswith("./deploy/redis.conf:") for v in redis_svc.get("volumes") or []),
      "compose: the redis service does not mount ./deploy/redis.conf")

# --- the image builds from what the build reads -------------------------------------------------
# Every top-level folder the checkout's CMake build reads must be copied into the builder stage.
with open(path("deploy", "Dockerfile")) as f:
    copied = set(re.findall(r"^COPY\s+(\S+?)/?\s", f.read(), re.MULTILINE))
with open(path("CMakeLists.txt")) as f:
    top = f.read()
needed = {d.split("/")[0] for d in re.findall(r"add_subdirectory\((\S+?)\)", top)}
for dirpath, _, files in os.walk(path("services")):
    for name in files:
        if name == "CMakeLists.txt":
            with open(os.path.join(dirpath, name)) as f:
                needed |= set(re.findall(r"\$\{CMAKE_SOURCE_DIR\}/([^/\s)]+)/", f.read()))
for d in sorted(needed):
    check(d in copied, f"deploy/Dockerfile does not COPY {d}/, which the build reads")

for failure in failures:
    print(f"check_deploy: FAIL: {failure}", file=sys.stderr)
if not failures:
    print(f"check_deploy: ok   (b) {len(ports)} services agree on ports in deploy/ports.env, deploy/k8s and docker-compose.yml")
    print("check_deploy: ok   (c) every Deployment has gRPC probes, a locked-down securityContext and limits")
    print("check_deploy: ok   deploy/redis.conf and the k8s Redis ConfigMap agree")
print(f"check_deploy: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
PY
