/**
 * Main → renderer events. Every payload is checked against the schema (extras dropped) before
 * it goes to the subscribers: the Electron window, or each dev-host socket.
 */
import { eventSchema, type EventChannel, type EventPayload } from '../../shared/ipc-schema';
import * as v from '../../shared/validate';

export type EventListener = (event: EventChannel, payload: unknown) => void;

export interface EventSink {
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
}

export class EventHub implements EventSink {
  private readonly listeners = new Set<EventListener>();

  /** `onInvalid` hears about payloads that break the schema and subscribers that throw. */
  constructor(private readonly onInvalid?: (event: EventChannel, err: unknown) => void) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    let checked: unknown;
    try {
      checked = v.parse(eventSchema[event] as v.Validator<unknown>, payload, event, {
        allowExtra: true,
      });
    } catch (err) {
      this.onInvalid?.(event, err);
      return;
    }
    for (const listener of this.listeners) {
      // One failing subscriber (a closed socket, a destroyed window) must not starve the rest.
      try {
        listener(event, checked);
      } catch (err) {
        this.onInvalid?.(event, err);
      }
    }
  }
}
