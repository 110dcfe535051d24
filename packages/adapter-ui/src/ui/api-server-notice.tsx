import { chooseApi, pageAllowedOrigins } from '../api/api-base';

/**
 * Which server the adapter talks to, when it is not the page's own: the agent is about
 * to type a password, and the address bar names only the page's server. An ?api= the
 * server does not allow is said to be ignored.
 */
export function ApiServerNotice() {
  const choice = chooseApi(window.location, pageAllowedOrigins());
  if (choice.refused) {
    return (
      <p class="banner info api-server" data-testid="api-server" role="note">
        Ignored the server in this link (<span class="api-host">{choice.refused}</span>): it is not one this page may use. Signing in to <strong>{window.location.host}</strong>.
      </p>
    );
  }
  if (choice.own) return null;
  return (
    <p class="banner info api-server" data-testid="api-server" role="note">
      Server: <strong>{new URL(choice.base).host}</strong>
    </p>
  );
}
