// Several nodes for a browser test: a throwaway PostgreSQL and Redis on loopback, two baton
// nodes on them, and nginx in front, round-robin with no stickiness (every request, REST or
// WebSocket, may land on either node). Everything is stopped together.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBaton } from './baton.mjs';

const kPostgresBin = '/usr/lib/postgresql/15/bin';
const kReadyTimeoutMs = 20_000;

export function clusterToolsInstalled() {
  return existsSync(`${kPostgresBin}/initdb`) && existsSync('/usr/bin/redis-server') && existsSync('/usr/sbin/nginx');
}

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

// PostgreSQL refuses to run as root: as root, its programs run as Debian's `postgres` user.
function asPostgres(program, args) {
  const path = `${kPostgresBin}/${program}`;
  return process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function waitUntil(ready, what) {
  const deadline = Date.now() + kReadyTimeoutMs;
  for (;;) {
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start in time`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

function canConnect(port) {
  return new Promise((done) => {
    const probe = connect(port, '127.0.0.1', () => {
      probe.destroy();
      done(true);
    });
    probe.on('error', () => done(false));
  });
}

async function startPostgres(dir) {
  const data = join(dir, 'pg');
  if (process.getuid() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  const [initdb, initArgs] = asPostgres('initdb', [
    '-D',
    data,
    '-U',
    'baton',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const [pgctl, startArgs] = asPostgres('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'pg.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  execFileSync(pgctl, startArgs, { stdio: 'pipe' });
  execFileSync(
    'psql',
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'baton', '-d', 'postgres', '-c', 'CREATE DATABASE baton'],
    {
      stdio: 'pipe',
    },
  );
  return {
    url: `postgresql://baton@127.0.0.1:${port}/baton`,
    stop: async () => {
      const [stopper, stopArgs] = asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      execFileSync(stopper, stopArgs, { stdio: 'pipe' });
    },
  };
}

async function startRedis(dir) {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  await waitUntil(() => canConnect(port), 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((done) => child.on('exit', done));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

// nginx round-robin over the nodes, WebSocket upgrades passed through, and an access log that
// names the node of every request.
async function startNginx(dir, nodeUrls) {
  const port = await freePort();
  const log = join(dir, 'access.log');
  const upstreams = nodeUrls.map((url) => `    server ${new URL(url).host};`).join('\n');
  const config = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format upstreamlog '$request_method $uri $status $upstream_addr';
  access_log ${log} upstreamlog;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream baton {
${upstreams}
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://baton;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  chmodSync(dir, 0o755); // the worker (nobody, under root) reads nothing here but its temp paths
  const child = spawn('/usr/sbin/nginx', ['-c', file, '-p', dir], { stdio: 'pipe' });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  await waitUntil(() => canConnect(port), `nginx (${output})`);
  return {
    url: `http://127.0.0.1:${port}`,
    // The node that served each request so far: [{method, path, status, node}].
    requests: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => {
              const [method, path, status, node] = line.split(' ');
              return { method, path, status: Number(status), node };
            })
        : [],
    stop: async () => {
      const exited = new Promise((done) => child.on('exit', done));
      child.kill('SIGQUIT');
      await exited;
    },
  };
}

// PostgreSQL, Redis, two nodes (the first creates the schema and the demo), nginx in front.
export async function startCluster() {
  const dir = mkdtempSync(join(tmpdir(), 'baton-cluster-'));
  const started = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const postgres = await startPostgres(dir);
    started.push(postgres);
    const redis = await startRedis(dir);
    started.push(redis);
    const cluster = ['--database', postgres.url, '--redis', redis.url];
    const nodeA = await startBaton({ extraArgs: cluster });
    started.push(nodeA);
    const nodeB = await startBaton({ extraArgs: cluster });
    started.push(nodeB);
    const nginx = await startNginx(dir, [nodeA.url, nodeB.url]);
    started.push(nginx);
    return { url: nginx.url, nodes: [nodeA, nodeB], nginx, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
