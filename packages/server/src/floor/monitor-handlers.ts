import type { MonitorRouteName } from '@switchboard/protocol';
import type { RouteHandlers } from '../http/register-routes';
import type { MonitorService } from './monitor-service';

/** The listen / whisper / barge routes (protocol's monitorRoutes). */
export function monitorHandlers(m: MonitorService): Pick<RouteHandlers, MonitorRouteName> {
  return {
    async monitorStatus({ principal, params }) {
      return m.status(principal, params.interactionId);
    },
    async monitorStart({ principal, params, body }) {
      return m.start(principal, params.interactionId, body);
    },
    async monitorMode({ principal, params, body }) {
      return m.mode(principal, params.interactionId, body.mode);
    },
    async monitorStop({ principal, params }) {
      return m.stop(principal, params.interactionId);
    },
  };
}
