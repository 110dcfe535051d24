/**
 * A small typed event emitter (in the spirit of mediasoup's EnhancedEventEmitter):
 * the event map fixes each event's payload, so a typo or a wrong payload is a
 * compile error. A throwing listener is reported, never allowed to break the emitter.
 */
export type EventMap = { [event: string]: unknown };

type Listener<T> = (payload: T) => void;

export class TypedEmitter<E extends EventMap> {
  private readonly listeners = new Map<keyof E, Set<Listener<never>>>();
  private errorSink: ((err: unknown, event: string) => void) | undefined;

  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  once<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    this.listeners.get(event)?.delete(listener as Listener<never>);
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as Listener<E[K]>)(payload);
      } catch (err) {
        if (this.errorSink) this.errorSink(err, String(event));
        else throw err;
      }
    }
  }

  listenerCount<K extends keyof E>(event: K): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Where listener exceptions go instead of propagating to the emitter. */
  onListenerError(sink: (err: unknown, event: string) => void): void {
    this.errorSink = sink;
  }
}
