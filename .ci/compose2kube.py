#!/usr/bin/env python3
"""Turns services of a docker-compose.yml into Kubernetes Pods for `podman play kube`, one Pod per service.

Why: Debian 12's podman-compose (1.0.3) cannot start a `network_mode: host` service: it always adds the project's
bridge network too, and podman refuses both ("cannot set multiple networks without bridge network mode",
containers/podman-compose#397). `podman play kube` runs host-network pods fine, so .ci/compose-stack starts the
compose file through this translation.

It understands the subset the fleetstorm compose file uses and refuses anything else by name (exit 2), so the file
cannot grow a key that CI silently ignores:
  top level: name, services, volumes
  services:  image, build (ignored: build the image first), network_mode (must be host), command, environment,
             volumes (./relative:/path[:ro] binds and named volumes), depends_on, restart
Variables are interpolated as compose does: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, $$.

Usage:
  compose2kube.py FILE up [--no-deps] [SERVICE...]   Pods of these services and, unless --no-deps, of what they
                                                     depend on (all services if none named)
  compose2kube.py FILE run SERVICE [ARG...]          a one-off Pod PROJECT-SERVICE-oneoff of SERVICE with ARGs as
                                                     its command, never restarted (`docker compose run SERVICE ...`)
  compose2kube.py FILE names up|run ...              prints the pod and volume names instead (for clean-up)
The Kubernetes YAML goes to stdout. Pods are named PROJECT-SERVICE, containers SERVICE (podman names them
PROJECT-SERVICE-SERVICE), named volumes PROJECT_VOLUME as compose names them.
"""
import os
import re
import sys

import yaml

TOP_KEYS = {"name", "services", "volumes"}
SERVICE_KEYS = {"image", "build", "network_mode", "command", "environment", "volumes", "depends_on", "restart"}
RESTART = {"no": "Never", "always": "Always", "unless-stopped": "Always", "on-failure": "OnFailure"}
VARIABLE = re.compile(r"\$(?:(\$)"                                          # $$
                      r"|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\?)([^}]*))?\}"  # ${VAR}, ${VAR:-x}, ${VAR:?x}
                      r"|([A-Za-z_][A-Za-z0-9_]*))")                           # $VAR


class ComposeError(Exception):
    pass


def interpolate(value, where):
    if isinstance(value, dict):
        return {k: interpolate(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def one(m):
        escaped, braced, dash, default, question, message, bare = m.groups()
        if escaped:
            return "$"
        name = braced or bare
        current = os.environ.get(name)
        if dash:
            use_default = current is None or (dash == ":-" and current == "")
            return default if use_default else current
        if question:
            if current is None or (question == ":?" and current == ""):
                raise ComposeError(f"{where}: ${{{name}}} must be set: {message}")
            return current
        return current or ""

    return VARIABLE.sub(one, value)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except OSError as e:
        raise ComposeError(f"{path}: {e.strerror}")
    except yaml.YAMLError as e:
        raise ComposeError(f"{path}: not YAML: {e}".replace("\n", " "))
    if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict) or not doc["services"]:
        raise ComposeError(f"{path}: no services")
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise ComposeError(f"{path}: top-level key(s) {', '.join(sorted(unknown))} not supported by compose2kube")
    project = doc.get("name") or os.path.basename(os.path.dirname(os.path.abspath(path)))
    services = {}
    for name, service in doc["services"].items():
        service = interpolate(service or {}, f"services.{name}")
        unknown = set(service) - SERVICE_KEYS
        if unknown:
            raise ComposeError(f"services.{name}: key(s) {', '.join(sorted(unknown))} not supported by compose2kube")
        if service.get("network_mode") != "host":
            raise ComposeError(f"services.{name}.network_mode must be host, but was {service.get('network_mode')}")
        if not service.get("image"):
            raise ComposeError(f"services.{name}.image must be set (compose2kube does not build)")
        services[name] = service
    return project, services, set((doc.get("volumes") or {}).keys()), os.path.dirname(os.path.abspath(path))


def with_dependencies(services, wanted):
    order, seen = [], set()

    def visit(name, chain):
        if name not in services:
            raise ComposeError(f"no service {name} (services: {', '.join(services)})")
        if name in chain:
            raise ComposeError(f"depends_on cycle: {' -> '.join(chain + [name])}")
        if name in seen:
            return
        deps = services[name].get("depends_on") or []
        for dep in (deps if isinstance(deps, list) else list(deps)):
            visit(dep, chain + [name])
        seen.add(name)
        order.append(name)

    for name in wanted:
        visit(name, [])
    return order


def environment(env, where):
    if isinstance(env, dict):
        items = [(k, "" if v is None else str(v)) for k, v in env.items()]
    elif isinstance(env, list):
        items = [tuple(e.split("=", 1)) if "=" in e else (e, os.environ.get(e, "")) for e in env]
    else:
        raise ComposeError(f"{where}.environment must be a map or a list")
    return [{"name": k, "value": v} for k, v in items]


def mounts(service, where, base, project, named):
    volume_mounts, volumes = [], []
    for i, spec in enumerate(service.get("volumes") or []):
        if not isinstance(spec, str):
            raise ComposeError(f"{where}.volumes[{i}]: only the short form SOURCE:TARGET[:ro] is supported")
        parts = spec.split(":")
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("ro", "rw")):
            raise ComposeError(f"{where}.volumes[{i}] must be SOURCE:TARGET[:ro|rw], but was {spec}")
        source, target = parts[0], parts[1]
        volume = {"name": f"v{i}"}
        if source.startswith((".", "/")):
            host = os.path.normpath(os.path.join(base, source))
            if not os.path.exists(host):
                raise ComposeError(f"{where}.volumes[{i}]: {host} does not exist")
            volume["hostPath"] = {"path": host, "type": "Directory" if os.path.isdir(host) else "File"}
        elif source in named:
            volume["persistentVolumeClaim"] = {"claimName": f"{project}_{source}"}
        else:
            raise ComposeError(f"{where}.volumes[{i}]: volume {source} is not declared under the top-level volumes")
        volumes.append(volume)
        volume_mounts.append({"name": f"v{i}", "mountPath": target, "readOnly": len(parts) == 3 and parts[2] == "ro"})
    return volume_mounts, volumes


def pod(project, name, service, base, named, args=None, pod_name=None, restart=None):
    where = f"services.{name}"
    command = service.get("command") if args is None else args
    if isinstance(command, str):
        command = command.split()
    container = {"name": name, "image": service["image"]}
    if command:
        container["args"] = [str(a) for a in command]  # compose's command replaces the CMD, keeps the ENTRYPOINT
    if service.get("environment"):
        container["env"] = environment(service["environment"], where)
    volume_mounts, volumes = mounts(service, where, base, project, named)
    if volume_mounts:
        container["volumeMounts"] = volume_mounts
    policy = restart or RESTART.get(str(service.get("restart", "no")).split(":")[0])
    if policy is None:
        raise ComposeError(f"{where}.restart must be one of {', '.join(RESTART)}, but was {service.get('restart')}")
    spec = {"hostNetwork": True, "restartPolicy": policy, "containers": [container]}
    if volumes:
        spec["volumes"] = volumes
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": pod_name or f"{project}-{name}",
                         "labels": {"io.fleetstorm.compose.project": project, "io.fleetstorm.compose.service": name}},
            "spec": spec}


def main(argv):
    if len(argv) < 3 or argv[2] not in ("up", "run", "names"):
        print(__doc__, file=sys.stderr)
        return 2
    path, mode, rest = argv[1], argv[2], argv[3:]
    names_only = mode == "names"
    if names_only:
        if not rest or rest[0] not in ("up", "run"):
            print(__doc__, file=sys.stderr)
            return 2
        mode, rest = rest[0], rest[1:]
    project, services, named, base = load(path)
    if mode == "up":
        no_deps = rest[:1] == ["--no-deps"]
        wanted = rest[1:] if no_deps else rest
        for name in wanted:
            if name not in services:
                raise ComposeError(f"no service {name} (services: {', '.join(services)})")
        order = wanted if no_deps else with_dependencies(services, wanted or list(services))
        pods = [pod(project, s, services[s], base, named) for s in order]
    else:
        if not rest:
            raise ComposeError("run needs a SERVICE")
        name = rest[0]
        if name not in services:
            raise ComposeError(f"no service {name} (services: {', '.join(services)})")
        pods = [pod(project, name, services[name], base, named, args=rest[1:] or None,
                    pod_name=f"{project}-{name}-oneoff", restart="Never")]
    if names_only:
        for p in pods:
            print("pod", p["metadata"]["name"])
        for claim in sorted({v["persistentVolumeClaim"]["claimName"] for p in pods
                             for v in p["spec"].get("volumes", []) if "persistentVolumeClaim" in v}):
            print("volume", claim)
    else:
        yaml.safe_dump_all(pods, sys.stdout, sort_keys=False, width=200)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except ComposeError as e:
        print(f"compose2kube: {e}", file=sys.stderr)
        sys.exit(2)
