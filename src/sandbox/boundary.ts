// What would weaken the boundary. Every plan is checked before it is built: a mount of `/`,
// of a home directory, of a credential store of the sensitive-file catalog or of a container
// engine socket, a privileged container, a network, root inside the sandbox. Each has an id;
// a policy that really wants one names it in `sandbox.allow_weaken`, otherwise the plan is
// refused with every reason at once.
import { UserError } from "../core/types.js";
import { loadSensitiveCatalog } from "../catalog/sensitive-files.js";
import type { SensitiveCatalog } from "../catalog/sensitive-files.js";
import { normalizeAbsolute, WORKSPACE } from "./config.js";
import type { SandboxConfig, WeakenId } from "./config.js";

export interface Weakening {
  id: WeakenId;
  message: string;
}

/** Directories whose mount hands the host to the sandbox (besides `/` and home directories). */
const SYSTEM_DIRS = ["/etc", "/proc", "/sys", "/dev", "/boot", "/var/lib/docker", "/var/lib/containerd", "/run/secrets", "/var/run/secrets"];
/** Where container engines keep their control sockets. */
const ENGINE_SOCKETS = [
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/var/run/containerd/containerd.sock",
  "/run/podman/podman.sock",
  "/var/run/crio/crio.sock",
  "/run/buildkit/buildkitd.sock",
];
const SOCKET_NAMES = /^(docker|containerd|podman|crio|buildkitd|dockershim)\.sock$/;

function isAtOrUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === "/" ? "/" : dir + "/");
}

/** The catalog id when the path or a folder above it is a credential store (~/.ssh, ~/.ssh/keys, ~/.aws…). */
function catalogStore(path: string, home: string | undefined, catalog: Pick<SensitiveCatalog, "match">): string | undefined {
  for (let p = path; p !== "/" && p !== ""; p = p.slice(0, p.lastIndexOf("/")) || "/") {
    const hit = catalog.match(p, home ? { home } : undefined);
    if (hit) return hit.id;
  }
  return undefined;
}

/** The reasons a mount of `source` would weaken the boundary (none: it is fine). */
export function mountWeakenings(source: string, home: string | undefined, catalog: Pick<SensitiveCatalog, "match">, what: string): Weakening[] {
  const path = normalizeAbsolute(source);
  const out: Weakening[] = [];
  if (path === "/") out.push({ id: "root-mount", message: `${what} is / — the whole host filesystem` });
  if (path !== "/" && ENGINE_SOCKETS.some((s) => isAtOrUnder(s, path))) {
    out.push({ id: "docker-socket", message: `${what} ${path} holds a container engine socket: whoever reaches it controls the host` });
  } else if (SOCKET_NAMES.test(path.slice(path.lastIndexOf("/") + 1))) {
    out.push({ id: "docker-socket", message: `${what} ${path} is a container engine socket: whoever reaches it controls the host` });
  }
  if (path !== "/") {
    const h = home ? normalizeAbsolute(home) : undefined;
    const system = SYSTEM_DIRS.find((d) => isAtOrUnder(path, d) || isAtOrUnder(d, path));
    const store = catalogStore(path, home, catalog);
    if (h !== undefined && h !== "/" && isAtOrUnder(h, path)) {
      out.push({ id: "sensitive-mount", message: `${what} ${path} is the home directory or contains it (~/.ssh, ~/.aws and the other credential stores)` });
    } else if (/^\/(?:(?:home|Users)(?:\/[^/]+)?|root)$/.test(path)) {
      out.push({ id: "sensitive-mount", message: `${what} ${path} is a home directory or the folder of them` });
    } else if (store) {
      out.push({ id: "sensitive-mount", message: `${what} ${path} is a credential store of the sensitive-file catalog (${store})` });
    } else if (system) {
      out.push({ id: "sensitive-mount", message: `${what} ${path} exposes ${system} of the host` });
    }
  }
  return out;
}

/** Everything in this request that weakens the boundary, whether or not the policy allows it. */
export function boundaryWeakenings(overlay: string, cfg: SandboxConfig, home: string | undefined, catalog: Pick<SensitiveCatalog, "match"> = loadSensitiveCatalog()): Weakening[] {
  const out: Weakening[] = [];
  out.push(...mountWeakenings(overlay, home, catalog, `the workspace mounted at ${WORKSPACE}`));
  for (const m of cfg.mounts) {
    out.push(...mountWeakenings(m.source, home, catalog, `the mount at ${m.target} from`));
    if (m.writable) out.push({ id: "writable-mount", message: `the mount ${m.source} → ${m.target} is writable: the agent can change host files` });
  }
  if (cfg.proxy_socket) out.push(...mountWeakenings(cfg.proxy_socket, home, catalog, "the proxy socket").filter((w) => w.id !== "sensitive-mount"));
  if (cfg.privileged) out.push({ id: "privileged", message: "--privileged gives the container every capability and the host's devices" });
  if (cfg.network !== "none") out.push({ id: "network", message: `network "${cfg.network}" lets the agent reach the network directly (use a proxy socket instead)` });
  if (cfg.uid === 0 || cfg.gid === 0) out.push({ id: "root-user", message: `user ${cfg.uid}:${cfg.gid} runs the agent as root inside the sandbox` });
  return out;
}

/** A plan that would weaken the boundary without the policy's explicit consent. Exit 2. */
export class BoundaryRefusal extends UserError {
  constructor(readonly weakenings: Weakening[]) {
    super(
      "refusing a sandbox that would weaken the boundary:\n" +
        weakenings.map((w) => `  - [${w.id}] ${w.message}`).join("\n") +
        `\nIf this is really intended, name the id in the policy: sandbox.allow_weaken: [${[...new Set(weakenings.map((w) => w.id))].join(", ")}]`,
    );
    this.name = "BoundaryRefusal";
  }
}

/**
 * Throws BoundaryRefusal for every weakening the policy does not allow; returns the allowed
 * ones (the plan reports them as notes).
 */
export function assertBoundary(overlay: string, cfg: SandboxConfig, home: string | undefined, catalog?: Pick<SensitiveCatalog, "match">): Weakening[] {
  const all = boundaryWeakenings(overlay, cfg, home, catalog);
  const refused = all.filter((w) => !cfg.allow_weaken.includes(w.id));
  if (refused.length > 0) throw new BoundaryRefusal(refused);
  return all;
}
