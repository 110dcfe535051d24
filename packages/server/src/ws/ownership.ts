/**
 * One owner per agent session. The owner is a clientId (a browser tab); it
 * stays the owner while it has an open socket, and gets ownership back when
 * it reconnects. A second tab is told 'open-elsewhere' and may take over; the
 * old owner is then told 'taken-over'. When the owner has no open socket the
 * next tab to say hello becomes the owner.
 */
export interface OwnedConnection {
  readonly clientId: string;
  /** Sends an ownership message to this connection. */
  notifyOwnership(owner: boolean, reason: 'owner' | 'open-elsewhere' | 'taken-over'): void;
}

export class Ownership<C extends OwnedConnection> {
  private ownerClientId: string | null = null;
  readonly connections = new Set<C>();

  get owner(): string | null {
    return this.ownerClientId;
  }

  /** True while some open connection belongs to the owner. */
  ownerConnected(): boolean {
    for (const c of this.connections) if (c.clientId === this.ownerClientId) return true;
    return false;
  }

  attach(conn: C): void {
    const becomesOwner = this.ownerClientId === conn.clientId || !this.ownerConnected();
    this.connections.add(conn);
    if (becomesOwner) {
      this.ownerClientId = conn.clientId;
      conn.notifyOwnership(true, 'owner');
    } else {
      conn.notifyOwnership(false, 'open-elsewhere');
    }
  }

  detach(conn: C): void {
    this.connections.delete(conn);
  }

  takeOver(conn: C): void {
    const previous = this.ownerClientId;
    this.ownerClientId = conn.clientId;
    for (const c of this.connections) {
      if (c.clientId === conn.clientId) c.notifyOwnership(true, 'owner');
      else if (c.clientId === previous) c.notifyOwnership(false, 'taken-over');
    }
  }

  /**
   * May a command from this client be applied? With a client id: when it is the
   * owner, or the owner has no open socket. Without one (scripts, curl): only
   * when no owner socket is open.
   */
  mayCommand(clientId: string | undefined): boolean {
    if (!this.ownerConnected()) return true;
    return clientId !== undefined && clientId === this.ownerClientId;
  }
}
