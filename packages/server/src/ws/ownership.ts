/**
 * One owner per agent session. The owner is a clientId (a browser tab); it
 * stays the owner while it has an open socket, and gets ownership back when
 * it reconnects. A second tab is told 'open-elsewhere' and may take over; the
 * old owner is then told 'taken-over'. When the owner has no open socket the
 * next tab to say hello becomes the owner, unless it says it is on standby (it was
 * told it is not the owner): then only an explicit take-over makes it the owner.
 */
export interface OwnedConnection {
  readonly clientId: string;
  /** The tab was last told it is not the owner: attaching never makes it the owner (only take-over does). */
  readonly standby?: boolean;
  /** Sends an ownership message to this connection. */
  notifyOwnership(owner: boolean, reason: 'owner' | 'open-elsewhere' | 'taken-over'): void;
}

export class TabOwnership<C extends OwnedConnection> {
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
    // A standby tab (taken over earlier) reconnecting first, e.g. after a server restart, must
    // not take the session from the tab in use: the owner stays the last tab that took over.
    const becomesOwner = this.ownerClientId === conn.clientId || (!conn.standby && !this.ownerConnected());
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
