import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of one NATS node, for one host: `cut()` drops every
 * connection through it and refuses new ones until `restore()`: the host is cut off from NATS
 * as by a network partition (its process and its engine keep running), which is how
 * `riskgate firmwide` injects that fault without root or firewall rules.
 */
export class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private isCut = false;

  private constructor(private readonly server: Server, readonly port: number) {}

  static start(targetPort: number): Promise<CuttableProxy> {
    return new Promise((resolve, reject) => {
      let proxy: CuttableProxy | undefined;
      const server = createServer((client) => {
        if (proxy === undefined || proxy.isCut) {
          client.destroy();
          return;
        }
        const upstream = connect(targetPort, '127.0.0.1');
        const all = proxy.sockets;
        all.add(client);
        all.add(upstream);
        const drop = (): void => {
          client.destroy();
          upstream.destroy();
          all.delete(client);
          all.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        proxy = new CuttableProxy(server, (server.address() as { port: number }).port);
        resolve(proxy);
      });
    });
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get cutOff(): boolean {
    return this.isCut;
  }

  cut(): void {
    this.isCut = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
