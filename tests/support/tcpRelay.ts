import net from 'node:net';

/**
 * A TCP relay in front of a real service (Postgres, Redis) for fault tests. `freeze()` silently drops everything
 * the client sends from then on (its commands go nowhere, as if the network hung); `outage(ms)` drops every
 * connection and refuses new ones for a while, which is what clients see while the service restarts. `pointTo(url)`
 * sends new connections elsewhere (a load balancer taking a dead web node out).
 */
export class TcpRelay {
  private readonly server = net.createServer((c) => this.accept(c));
  private readonly sockets = new Set<net.Socket>();
  private frozen = false;
  private downUntil = 0;

  constructor(private target: URL) {}

  /** Listens on a free loopback port; returns the target's URL pointed at the relay. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const url = new URL(this.target.href);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as net.AddressInfo).port);
    return url.href;
  }

  /** New connections go to `target` from now on; open ones stay where they are. */
  pointTo(target: URL): void {
    this.target = target;
  }

  freeze(): void {
    this.frozen = true;
  }

  /** Cuts every open connection now and refuses new ones for `ms`. */
  outage(ms: number): void {
    this.downUntil = Date.now() + ms;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  close(): void {
    this.server.close();
    for (const s of this.sockets) s.destroy();
  }

  private accept(client: net.Socket): void {
    if (this.frozen || Date.now() < this.downUntil) {
      client.destroy();
      return;
    }
    const defaultPort = this.target.protocol.startsWith('redis') ? 6379 : this.target.protocol.startsWith('http') ? 80 : 5432;
    const upstream = net.connect(Number(this.target.port || defaultPort), this.target.hostname);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (b: Buffer) => {
      if (!this.frozen) upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => client.write(b));
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
