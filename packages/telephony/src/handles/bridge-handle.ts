/** What the engine's bridge control does (by id, inside the engine only). */
export interface BridgeControlPort {
  unbridge(legId: string): void;
  destroyBridge(bridgeId: string): void;
  bridgeLegs(bridgeId: string): string[];
  moveLeg(legId: string, bridgeId: string): void;
  setAudience(bridgeId: string, legId: string, heardBy: readonly string[] | null): void;
}

/** Legs that hear each other. Removing a leg that already left is harmless. */
export class BridgeHandle {
  constructor(
    readonly id: string,
    private readonly ctl: BridgeControlPort,
  ) {}

  /** Puts a leg in (out of any other bridge); three or more live legs are mixed. */
  add(legId: string): void {
    this.ctl.moveLeg(legId, this.id);
  }

  /** Takes one leg out (it hears nothing from the bridge any more; the leg stays up). */
  remove(legId: string): boolean {
    if (!this.ctl.bridgeLegs(this.id).includes(legId)) return false;
    this.ctl.unbridge(legId);
    return true;
  }

  /**
   * Who hears a leg of this bridge: `null` every other leg (the default); else only the listed
   * legs, an empty list nobody (a supervisor listening; whispering, heard by the agent alone).
   */
  setAudience(legId: string, heardBy: readonly string[] | null): void {
    this.ctl.setAudience(this.id, legId, heardBy);
  }

  legIds(): string[] {
    try {
      return this.ctl.bridgeLegs(this.id);
    } catch {
      return [];
    }
  }
}
