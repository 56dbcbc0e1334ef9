/** The nginx peer: Debian's nginx as a reverse proxy that adds the key, when it is installed. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function nginxBinary(): string | null {
  for (const candidate of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(candidate)) return candidate;
  return null;
}

export function nginxVersion(binary: string): string {
  const out = spawnSync(binary, ["-v"], { encoding: "utf8" });
  return (out.stderr || out.stdout).trim().replace(/^nginx version: /, "");
}

export async function startNginx(
  binary: string,
  upstream: string,
  apiKey: string,
  port: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "callview-nginx-"));
  for (const sub of ["logs", "tmp"]) mkdirSync(path.join(dir, sub));
  const upstreamHost = new URL(upstream).host;
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  upstream allo { server ${upstreamHost}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /api/items/ {
      rewrite ^/api/items/(.*)$ /v2/api/conversations/items/$1 break;
      proxy_pass http://allo;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Api-Key ${apiKey}";
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(
    binary,
    ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"],
    { stdio: "ignore" },
  );
  // Never leave nginx behind, even if the benchmark crashes.
  process.on("exit", () => child.kill("SIGKILL"));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    const ok = await fetch(`${url}/api/items/cll-demo-billing`)
      .then(() => true)
      .catch(() => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGQUIT");
      }),
  };
}
